// The SLA's view of 1:1 chats, fed by the message intake (auto-tags' ingestMessages) inside its transaction for
// messages just stored. Per (customer, member) there is an exchange: a customer message opens one when none is
// running (the clock starts then, or when working hours next open); more customer messages while they wait do
// not restart the clock; the member's first message after it is the first reply; the exchange is fully answered
// when every customer message in it has a member message after it. A customer message once the exchange is fully
// answered and past its full-answer deadline opens the next exchange; before that deadline it is a follow-up
// question that must be answered by the same deadline. Breaches are decided by the scan (sla.scan.ts) once a
// deadline has passed; here a late reply is only noted on a breach already found.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { corpUtcOffset } from "../send-gate/gate-settings.ts";
import { type DailyRange, parseHhMm, windowOpens } from "../send-gate/periods.ts";
import type { SlaSettings } from "./followups.schemas.ts";
import { loadSlaSettings } from "./sla.settings.ts";

export interface ChatLine {
  externalUserId: string;
  userid: string;
  fromCustomer: boolean;
  sentAt: Date;
}

interface Exchange {
  id: string | null;
  external_userid: string;
  userid: string;
  opened_at: Date;
  clock_from: Date;
  first_reply_at: Date | null;
  pending_since: Date | null;
  answered_at: Date | null;
  first_reply_due: Date;
  full_answer_due: Date;
  dirty: boolean;
}

const MINUTE = 60_000;

/** When the SLA clock starts for a customer message sent at `t` (pure). */
export function clockStart(t: Date, workingHours: SlaSettings["workingHours"], offsetMinutes: number): Date {
  if (!workingHours) return t;
  const range: DailyRange = {
    startMinute: parseHhMm(workingHours.start),
    endMinute: parseHhMm(workingHours.end),
  };
  return windowOpens(t, range, offsetMinutes) ?? t;
}

function open(line: ChatLine, s: SlaSettings, offset: number): Exchange {
  const from = clockStart(line.sentAt, s.workingHours, offset);
  return {
    id: null,
    external_userid: line.externalUserId,
    userid: line.userid,
    opened_at: line.sentAt,
    clock_from: from,
    first_reply_at: null,
    pending_since: line.sentAt,
    answered_at: null,
    first_reply_due: new Date(from.getTime() + s.firstReplyMinutes * MINUTE),
    full_answer_due: new Date(from.getTime() + s.fullAnswerMinutes * MINUTE),
    dirty: true,
  };
}

/** Records 1:1 chat lines (any order within the batch) in the pairs' exchanges. */
export async function recordChatLines(db: Db, corpId: string, lines: ChatLine[]): Promise<void> {
  if (lines.length === 0) return;
  const sorted = [...lines].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
  const key = (e: string, u: string) => `${e}\u0000${u}`;
  // One intake at a time per corp decides its exchanges (the archive, 微信客服 and the bridge may overlap).
  await sql`select pg_advisory_xact_lock(hashtext(${`sla:${corpId}`}))`.execute(db);
  const { rows } = await sql<Omit<Exchange, "dirty">>`
    select distinct on (x.external_userid, x.userid) x.id::text, x.external_userid, x.userid, x.opened_at,
      x.clock_from, x.first_reply_at, x.pending_since, x.answered_at, x.first_reply_due, x.full_answer_due
    from sla_exchanges x
    join unnest(${sorted.map((l) => l.externalUserId)}::text[], ${sorted.map((l) => l.userid)}::text[])
      as p(e, u) on p.e = x.external_userid and p.u = x.userid
    where x.corp_id = ${corpId}
    order by x.external_userid, x.userid, x.opened_at desc`.execute(db);
  const current = new Map<string, Exchange>(
    rows.map((r) => [key(r.external_userid, r.userid), { ...r, dirty: false }]),
  );
  const settings = await loadSlaSettings(db, corpId);
  const offset = await corpUtcOffset(db, corpId);
  const finished: Exchange[] = [];
  for (const line of sorted) {
    const k = key(line.externalUserId, line.userid);
    const x = current.get(k);
    if (line.fromCustomer) {
      if (!x || (x.pending_since === null && line.sentAt >= x.full_answer_due)) {
        if (x?.dirty) finished.push(x);
        current.set(k, open(line, settings, offset));
      } else if (x.pending_since === null) {
        x.pending_since = line.sentAt;
        x.dirty = true;
      }
    } else if (x && x.pending_since !== null && line.sentAt >= x.opened_at) {
      x.first_reply_at ??= line.sentAt;
      x.pending_since = null;
      x.answered_at = line.sentAt;
      x.dirty = true;
    }
  }
  const touched = [...finished, ...[...current.values()].filter((x) => x.dirty)];
  for (const x of touched) {
    const values = {
      first_reply_at: x.first_reply_at,
      pending_since: x.pending_since,
      answered_at: x.answered_at,
    };
    if (x.id) {
      await db.updateTable("sla_exchanges").set(values).where("id", "=", x.id).execute();
      // A breach already found gets the late reply that ended it.
      await sql`
        update sla_breaches set replied_at = case kind when 'first_reply' then ${x.first_reply_at}::timestamptz
          else ${x.pending_since === null ? x.answered_at : null}::timestamptz end
        where exchange_id = ${x.id} and replied_at is null`.execute(db);
    } else {
      await db
        .insertInto("sla_exchanges")
        .values({
          corp_id: corpId,
          external_userid: x.external_userid,
          userid: x.userid,
          opened_at: x.opened_at,
          clock_from: x.clock_from,
          first_reply_due: x.first_reply_due,
          full_answer_due: x.full_answer_due,
          first_checked: false,
          full_checked: false,
          ...values,
        })
        .execute();
    }
  }
}
