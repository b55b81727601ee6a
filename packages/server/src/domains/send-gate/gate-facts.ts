// What the gate's rules read, loaded in bulk for a batch of messages (one query per kind per batch), so a batch of
// thousands is decided without a query per message. Touches decided within the batch are added as it goes.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { loadChurnWatchSettings } from "../churn-watch/churn-watch.settings.ts";
import { defaultGateSettings, type GateSettings, loadGateSettings } from "./gate-settings.ts";
import type { DailyRange } from "./periods.ts";
import type { SenderRestrictionState } from "./send-gate.tables.ts";

export interface GateSubject {
  corpId: string;
  recipient: string;
  sender: string | null;
  marketing: boolean;
  /** Who planned it (a paused planner sends nothing). */
  planner?: string;
}

export interface PausedPlanner {
  reason: string;
  pausedAt: Date;
  /** What the corp's churn watch does with a paused planner's messages. */
  onPause: "defer" | "drop";
}

export interface Restriction {
  state: SenderRestrictionState;
  until: Date | null;
  note: string | null;
}

export interface GateFacts {
  settings(corpId: string): GateSettings;
  /** The corp's sensitive words, folded. */
  sensitiveWords(corpId: string): readonly string[];
  optOut(corpId: string, recipient: string): { source: string; at: Date } | undefined;
  restriction(corpId: string, sender: string): Restriction | undefined;
  activeWindow(corpId: string, recipient: string): DailyRange | undefined;
  /** Marketing touches of the recipient (ascending), far enough back for the quota and the touch cap. */
  touches(corpId: string, recipient: string): readonly Date[];
  addTouch(corpId: string, recipient: string, at: Date): void;
  /** The planner's current pause by churn watch, if any. */
  paused(corpId: string, planner: string): PausedPlanner | undefined;
}

/** Case and width folding (full-width → half-width, compatibility forms), for word matching. */
export function fold(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

const key = (corpId: string, id: string) => `${corpId}\u0000${id}`;
const CHUNK = 5_000;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function byCorp(subjects: GateSubject[], pick: (s: GateSubject) => string | null): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const s of subjects) {
    const v = pick(s);
    if (v === null) continue;
    const set = out.get(s.corpId) ?? new Set<string>();
    set.add(v);
    out.set(s.corpId, set);
  }
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}

/** Past this many recipients in one corp, the recipient facts are read for the whole corp at once (they are
 * sparse: opt-outs, known windows, recent touches), which beats probing an index per recipient. */
export const CORP_WIDE_ABOVE = 20_000;

export interface CorpSubjects {
  corpId: string;
  /** Recipients of marketing messages (facts about recipients are read only for these). */
  recipients: readonly string[];
  senders: readonly string[];
  /** Planners of the messages (a paused planner sends nothing). */
  planners?: readonly string[];
}

export async function loadGateFacts(db: Db, subjects: GateSubject[], now: Date): Promise<GateFacts> {
  const senders = byCorp(subjects, (s) => s.sender);
  const recipients = byCorp(
    subjects.filter((s) => s.marketing),
    (s) => s.recipient,
  );
  const planners = byCorp(subjects, (s) => s.planner ?? null);
  const corpIds = [...new Set(subjects.map((s) => s.corpId))];
  return loadFactsFor(
    db,
    corpIds.map((corpId) => ({
      corpId,
      recipients: recipients.get(corpId) ?? [],
      senders: senders.get(corpId) ?? [],
      planners: planners.get(corpId) ?? [],
    })),
    now,
  );
}

/** The facts for lists of recipients and senders per corp (e.g. a mass send's million recipients). */
export async function loadFactsFor(db: Db, corps: CorpSubjects[], now: Date): Promise<GateFacts> {
  const corpIds = corps.map((c) => c.corpId);
  const settings = await loadGateSettings(db, corpIds);
  const words = new Map<string, string[]>();
  const optOuts = new Map<string, { source: string; at: Date }>();
  const restrictions = new Map<string, Restriction>();
  const windows = new Map<string, DailyRange>();
  const touches = new Map<string, Date[]>();
  const paused = new Map<string, PausedPlanner>();

  if (corpIds.length > 0) {
    const rows = await db
      .selectFrom("sensitive_words")
      .select(["corp_id", "word"])
      .where("corp_id", "in", corpIds)
      .execute();
    for (const r of rows) {
      const list = words.get(r.corp_id) ?? [];
      list.push(fold(r.word));
      words.set(r.corp_id, list);
    }
  }

  for (const { corpId, planners } of corps) {
    if (!planners || planners.length === 0) continue;
    const rows = await db
      .selectFrom("paused_planners")
      .select(["planner", "reason", "paused_at"])
      .where("corp_id", "=", corpId)
      .where("planner", "in", [...planners])
      .where("resumed_at", "is", null)
      .execute();
    if (rows.length === 0) continue;
    const { onPause } = await loadChurnWatchSettings(db, corpId);
    for (const r of rows)
      paused.set(key(corpId, r.planner), { reason: r.reason, pausedAt: r.paused_at, onPause });
  }

  for (const { corpId, senders } of corps) {
    for (const part of chunks([...senders])) {
      const rows = await db
        .selectFrom("sender_restrictions")
        .select(["userid", "state", "until", "note"])
        .where("corp_id", "=", corpId)
        .where("userid", "=", sql<string>`any(${part}::text[])`)
        .where("lifted_at", "is", null)
        .where((eb) => eb.or([eb("until", "is", null), eb("until", ">", now)]))
        .orderBy("since")
        .execute();
      for (const r of rows)
        restrictions.set(key(corpId, r.userid), { state: r.state, until: r.until, note: r.note });
    }
  }

  for (const { corpId, recipients } of corps) {
    if (recipients.length === 0) continue;
    const s = settings.get(corpId);
    // Far enough back for a calendar month (the longest quota period) and the touch cap.
    const lookbackDays = Math.max(32, s?.touchCap?.days ?? 0);
    const since = new Date(now.getTime() - lookbackDays * 86_400_000);
    const corpWide = recipients.length > CORP_WIDE_ABOVE;
    const parts = corpWide ? [null] : chunks([...recipients]);
    for (const part of parts) {
      const ids = part === null ? null : sql<string>`any(${part}::text[])`;
      const [outs, wins, ts] = await Promise.all([
        db
          .selectFrom("opt_outs")
          .select(["external_userid", "source", "opted_out_at"])
          .where("corp_id", "=", corpId)
          .$if(ids !== null, (q) => q.where("external_userid", "=", ids!))
          .execute(),
        db
          .selectFrom("customer_send_windows")
          .select(["external_userid", "start_minute", "end_minute"])
          .where("corp_id", "=", corpId)
          .$if(ids !== null, (q) => q.where("external_userid", "=", ids!))
          .execute(),
        db
          .selectFrom("recipient_touches")
          .select(["recipient", "touched_at"])
          .where("corp_id", "=", corpId)
          .where("touched_at", ">=", since)
          .$if(ids !== null, (q) => q.where("recipient", "=", ids!))
          .orderBy("touched_at")
          .execute(),
      ]);
      for (const o of outs)
        optOuts.set(key(corpId, o.external_userid), { source: o.source, at: o.opted_out_at });
      for (const w of wins)
        windows.set(key(corpId, w.external_userid), { startMinute: w.start_minute, endMinute: w.end_minute });
      for (const t of ts) {
        const k = key(corpId, t.recipient);
        const list = touches.get(k);
        if (list) list.push(t.touched_at);
        else touches.set(k, [t.touched_at]);
      }
    }
  }

  return {
    settings: (corpId) => settings.get(corpId) ?? defaultGateSettings,
    sensitiveWords: (corpId) => words.get(corpId) ?? [],
    optOut: (corpId, recipient) => optOuts.get(key(corpId, recipient)),
    restriction: (corpId, sender) => restrictions.get(key(corpId, sender)),
    activeWindow: (corpId, recipient) => windows.get(key(corpId, recipient)),
    touches: (corpId, recipient) => touches.get(key(corpId, recipient)) ?? [],
    addTouch(corpId, recipient, at) {
      const k = key(corpId, recipient);
      const list = touches.get(k) ?? [];
      list.push(at);
      touches.set(k, list);
    },
    paused: (corpId, planner) => paused.get(key(corpId, planner)),
  };
}
