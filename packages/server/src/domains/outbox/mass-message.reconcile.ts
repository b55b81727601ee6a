// After a crash while sending customer (or group) messages: which interrupted rows did WeCom get? add_msg_template
// carries nothing of ours, and WeCom omits the creator of API-created tasks (so get_groupmsg_list_v2 can't filter
// by sender), so a row is matched by what WeCom keeps of a task: the corp's tasks from a little before the row went
// `sending` with its text and attachment kinds, that no other outbox row has recorded; the task's only member
// (get_groupmsg_task) is the row's sender, and its one recipient (get_groupmsg_send_result) the row's customer or
// group. WeCom lists a group task's groups only once the owner sent it: such a task matches the sender's one
// waiting row with that content, or none can be told. Each WeCom task matches one row at most. A row without a
// sender cannot be told (WeCom picked the member). Rows that cannot be told are left out of the answer (reported
// `unknown`, never resent).
import type { Attachment, WeComClient } from "@siyu/wecom";
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

/** The only member a task was created for, or undefined. */
async function onlyMember(client: WeComClient, msgid: string): Promise<string | undefined> {
  const members: string[] = [];
  for await (const t of client.massMessage.tasks(msgid)) {
    members.push(t.userid);
    if (members.length > 1) return undefined;
  }
  return members[0];
}

/** Up to two recipients the sender's part of the task lists. */
async function targetsOf(client: WeComClient, msgid: string, sender: string): Promise<string[]> {
  const targets: string[] = [];
  for await (const r of client.massMessage.sendResults(msgid, sender)) {
    targets.push(r.external_userid ?? r.chat_id ?? "");
    if (targets.length > 1) break;
  }
  return targets;
}

async function reconcileCorp(
  ctx: Ctx,
  chatType: ChatType,
  rows: InterruptedRow[],
  out: Map<string, Reconciled>,
) {
  const corpId = (rows[0] as InterruptedRow).corp_id;
  const client = await ctx.wecom.forCorp(ctx, corpId);
  const since = Math.min(...rows.map((r) => r.sending_since.getTime()));
  const start = Math.floor(since / 1000) - MARGIN_S;
  const end = Math.min(Math.floor(ctx.clock.now() / 1000) + MARGIN_S, start + MONTH_S - 1);
  // Waiting rows by content and sender.
  const open = new Map<string, InterruptedRow[]>();
  const keyOf = (fp: string, sender: string) => `${fp}\u0000${sender}`;
  const fps = new Set<string>();
  for (const r of rows) {
    const fp = rowFingerprint(r);
    fps.add(fp);
    const k = keyOf(fp, r.sender as string);
    open.set(k, [...(open.get(k) ?? []), r]);
  }
  const candidates: { msgid: string; fp: string }[] = [];
  for await (const m of client.massMessage.list({
    chat_type: chatType,
    start_time: start,
    end_time: end,
    filter_type: 0,
  })) {
    const fp = fingerprint(m.text?.content, m.attachments);
    if (fps.has(fp)) candidates.push({ msgid: m.msgid, fp });
  }
  const taken = await recorded(
    ctx,
    corpId,
    candidates.map((c) => c.msgid),
  );
  const untold = new Set<string>();
  for (const c of candidates) {
    if (taken.has(c.msgid)) continue;
    const sender = await onlyMember(client, c.msgid);
    const waiting = sender ? (open.get(keyOf(c.fp, sender)) ?? []) : [];
    if (!sender || waiting.length === 0) continue;
    const targets = await targetsOf(client, c.msgid, sender);
    let i = -1;
    if (targets.length === 1) i = waiting.findIndex((r) => r.recipient === targets[0]);
    else if (targets.length === 0 && chatType === "group") {
      // Not sent by the owner yet, so WeCom names no group: it is the sender's one waiting row, or can't be told.
      if (waiting.length === 1) i = 0;
      else for (const r of waiting) untold.add(r.id);
    }
    if (i < 0) continue;
    const [row] = waiting.splice(i, 1);
    out.set((row as InterruptedRow).id, { sent: true, result: { msgid: c.msgid } });
  }
  for (const list of open.values())
    for (const r of list) if (!untold.has(r.id)) out.set(r.id, { sent: false });
}

/** The channel's `reconcile` for add_msg_template sends of one chat type (one recipient per row). */
export function reconcileMassMessages(chatType: ChatType) {
  return async (ctx: Ctx, rows: InterruptedRow[]): Promise<Map<string, Reconciled>> => {
    const out = new Map<string, Reconciled>();
    const byCorp = new Map<string, InterruptedRow[]>();
    for (const r of rows) {
      if (!r.sender) continue;
      byCorp.set(r.corp_id, [...(byCorp.get(r.corp_id) ?? []), r]);
    }
    for (const list of byCorp.values()) await reconcileCorp(ctx, chatType, list, out);
    return out;
  };
}
