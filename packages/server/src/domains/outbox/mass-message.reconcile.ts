// After a crash while sending customer (or group) messages: which interrupted rows did WeCom get? add_msg_template carries
// nothing of ours, so a row is matched by what WeCom keeps of a task — its sender (get_groupmsg_list_v2 filtered by
// creator, from a little before the row went `sending`), its text and attachment kinds, and its single recipient
// or group (get_groupmsg_send_result) — among the tasks no other outbox row has recorded. Each WeCom task matches one row
// at most. A row without a sender cannot be told (WeCom picked the member) and is left out of the answer.
import type { Attachment } from "@siyu/wecom";
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { InterruptedRow, Reconciled } from "./channels.ts";

/** Clock differences between Siyu and WeCom, and a send that took a while. */
const MARGIN_S = 600;
const MONTH_S = 31 * 86_400;

const kinds = (a: Attachment[] | undefined) => (a ?? []).map((x) => x.msgtype).join(",");
const fingerprint = (text: string | undefined, attachments: Attachment[] | undefined) =>
  JSON.stringify([text ?? "", kinds(attachments)]);

function rowFingerprint(row: InterruptedRow): string {
  const p = row.payload as { text?: string; attachments?: Attachment[] };
  // What the channel sent: the text only when it has more than blanks.
  return fingerprint(p.text?.trim() ? p.text : undefined, p.attachments);
}

/** msgids among `msgids` that outbox rows of the corp already hold. */
async function recorded(ctx: Ctx, corpId: string, msgids: string[]): Promise<Set<string>> {
  if (msgids.length === 0) return new Set();
  const { rows } = await sql<{ msgid: string }>`select result->>'msgid' as msgid from outbox
    where corp_id = ${corpId} and result ? 'msgid' and (result->>'msgid') = any(${msgids}::text[])`.execute(
    ctx.db,
  );
  return new Set(rows.map((r) => r.msgid));
}

type ChatType = "single" | "group";

async function reconcileSender(
  ctx: Ctx,
  chatType: ChatType,
  rows: InterruptedRow[],
  out: Map<string, Reconciled>,
) {
  const first = rows[0] as InterruptedRow;
  const sender = first.sender as string;
  const client = await ctx.wecom.forCorp(ctx, first.corp_id);
  const since = Math.min(...rows.map((r) => r.sending_since.getTime()));
  const start = Math.floor(since / 1000) - MARGIN_S;
  const end = Math.min(Math.floor(ctx.clock.now() / 1000) + MARGIN_S, start + MONTH_S - 1);
  const open = new Map<string, InterruptedRow[]>();
  for (const r of rows) open.set(rowFingerprint(r), [...(open.get(rowFingerprint(r)) ?? []), r]);
  const candidates: { msgid: string; fp: string }[] = [];
  for await (const m of client.massMessage.list({
    chat_type: chatType,
    start_time: start,
    end_time: end,
    creator: sender,
    filter_type: 0,
  })) {
    const fp = fingerprint(m.text?.content, m.attachments);
    if (open.has(fp)) candidates.push({ msgid: m.msgid, fp });
  }
  const taken = await recorded(
    ctx,
    first.corp_id,
    candidates.map((c) => c.msgid),
  );
  for (const c of candidates) {
    const waiting = open.get(c.fp) ?? [];
    if (taken.has(c.msgid) || waiting.length === 0) continue;
    const targets: string[] = [];
    for await (const r of client.massMessage.sendResults(c.msgid, sender)) {
      targets.push(r.external_userid ?? r.chat_id ?? "");
      if (targets.length > 1) break;
    }
    if (targets.length !== 1) continue;
    const i = waiting.findIndex((r) => r.recipient === targets[0]);
    if (i < 0) continue;
    const [row] = waiting.splice(i, 1);
    out.set((row as InterruptedRow).id, { sent: true, result: { msgid: c.msgid } });
  }
  for (const list of open.values()) for (const r of list) out.set(r.id, { sent: false });
}

/** The channel's `reconcile` for add_msg_template sends of one chat type (one recipient per row). */
export function reconcileMassMessages(chatType: ChatType) {
  return async (ctx: Ctx, rows: InterruptedRow[]): Promise<Map<string, Reconciled>> => {
    const out = new Map<string, Reconciled>();
    const bySender = new Map<string, InterruptedRow[]>();
    for (const r of rows) {
      if (!r.sender) continue;
      const k = `${r.corp_id}\u0000${r.sender}`;
      bySender.set(k, [...(bySender.get(k) ?? []), r]);
    }
    for (const list of bySender.values()) await reconcileSender(ctx, chatType, list, out);
    return out;
  };
}
