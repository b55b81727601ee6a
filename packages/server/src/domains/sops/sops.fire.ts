// One firing of a SOP entry, inside the transaction that claimed it: one task per owner (personal) or per group
// (group), created once (unique per entry, firing and owner/group, so a re-run or a second scheduler makes
// nothing twice). remind mode: each owner gets one WeCom app message for the firing. auto mode: Siyu plans the
// mass sends — one outbox row per customer (wecom.customer_message) or group (wecom.group_message), as the owner,
// through the send gate — and WeCom asks the owner to confirm them.
import type { Ctx } from "../../context.ts";
import { APP_MESSAGE_CHANNEL } from "../auto-tags/links.service.ts";
import { deliveryTime } from "../journeys/journey-time.ts";
import { CUSTOMER_MESSAGE_CHANNEL } from "../outbox/customer-message.channel.ts";
import { planMessage } from "../outbox/outbox.service.ts";
import type { GateSettings } from "../send-gate/gate-settings.ts";
import { parseHhMm } from "../send-gate/periods.ts";
import { GROUP_MESSAGE_CHANNEL } from "./group-message.channel.ts";
import { joinWindow } from "./sop-time.ts";
import { groupTargets, personalTargets } from "./sops.audience.ts";
import type { SopAudience, SopContent, SopSchedule } from "./sops.schemas.ts";
import type { SopKind, SopMode } from "./sops.tables.ts";

const HOUR = 3_600_000;
const PLAN_CHUNK = 1_000;

export interface DueRule {
  id: string;
  corp_id: string;
  sop_id: string;
  schedule: SopSchedule;
  content: SopContent;
  next_due_at: Date;
  name: string;
  kind: SopKind;
  mode: SopMode;
  audience: SopAudience;
  deadline_hours: number;
}

interface NewTask {
  owner: string;
  targetKey: string;
  chatId: string | null;
  targets: string[];
  label: string;
}

const snippet = (c: SopContent) => {
  const text = c.text?.trim() ?? "";
  const s = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return s || `${c.attachments?.length ?? 0} 个附件`;
};

/** Makes the firing's tasks and plans their messages; returns how many tasks it created. */
export async function fireRule(ctx: Ctx, r: DueRule, now: Date, settings: GateSettings): Promise<number> {
  const offset = settings.tzOffsetMinutes;
  const due = r.next_due_at;
  const wanted: NewTask[] = [];
  if (r.kind === "personal") {
    const joined = r.schedule.kind === "after_join" ? joinWindow(r.schedule.day, due, offset) : undefined;
    for (const [owner, customers] of await personalTargets(ctx, ctx.db, r.corp_id, r.audience, joined))
      wanted.push({
        owner,
        targetKey: `owner:${owner}`,
        chatId: null,
        targets: customers,
        label: `${customers.length} 位客户`,
      });
  } else {
    for (const g of await groupTargets(ctx.db, r.corp_id, r.audience))
      wanted.push({
        owner: g.owner,
        targetKey: `chat:${g.chatId}`,
        chatId: g.chatId,
        targets: [g.chatId],
        label: `群「${g.name || g.chatId}」`,
      });
  }
  if (wanted.length === 0) return 0;
  const deadline = new Date(due.getTime() + r.deadline_hours * HOUR);
  const created = await ctx.db
    .insertInto("sop_tasks")
    .values(
      wanted.map((t) => ({
        corp_id: r.corp_id,
        sop_id: r.sop_id,
        rule_id: r.id,
        owner: t.owner,
        target_key: t.targetKey,
        chat_id: t.chatId,
        targets: t.targets,
        content: JSON.stringify(r.content),
        mode: r.mode,
        due_at: due,
        deadline_at: deadline,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(["corp_id", "rule_id", "due_at", "target_key"]).doNothing())
    .returning(["id", "target_key"])
    .execute();
  const byKey = new Map(wanted.map((t) => [t.targetKey, t]));
  const tasks = created.map((c) => ({ id: c.id, ...(byKey.get(c.target_key) as NewTask) }));
  const quiet = settings.quietHours
    ? { startMinute: parseHhMm(settings.quietHours.start), endMinute: parseHhMm(settings.quietHours.end) }
    : null;
  const notBefore = deliveryTime(due > now ? due : now, offset, quiet, null);

  if (r.mode === "auto") {
    // Planned in bulk (a task's rows are new with the task, and keyed per task and target, so never twice).
    const payload = JSON.stringify(r.content);
    const rows = tasks.flatMap((t) =>
      t.targets.map((target) => ({
        corp_id: r.corp_id,
        idempotency_key: `sop-task:${t.id}:${target}`,
        planner: `sop:${r.sop_id}`,
        channel: r.kind === "group" ? GROUP_MESSAGE_CHANNEL : CUSTOMER_MESSAGE_CHANNEL,
        recipient: target,
        sender: t.owner,
        payload,
        not_before: notBefore,
        not_after: deadline,
        created_at: now,
        updated_at: now,
      })),
    );
    for (let i = 0; i < rows.length; i += PLAN_CHUNK)
      await ctx.db
        .insertInto("outbox")
        .values(rows.slice(i, i + PLAN_CHUNK))
        .onConflict((oc) => oc.columns(["corp_id", "idempotency_key"]).doNothing())
        .execute();
    return tasks.length;
  }
  // remind: one app message per owner for this firing, listing what to send to whom.
  const perOwner = new Map<string, NewTask[]>();
  for (const t of tasks) perOwner.set(t.owner, [...(perOwner.get(t.owner) ?? []), t]);
  for (const [owner, list] of perOwner) {
    const whom = list.length === 1 ? (list[0] as NewTask).label : `${list.length} 个群`;
    await planMessage(ctx, {
      corpId: r.corp_id,
      idempotencyKey: `sop-remind:${r.id}:${due.toISOString()}:${owner}`,
      planner: `sop:${r.sop_id}`,
      channel: APP_MESSAGE_CHANNEL,
      recipient: owner,
      sender: null,
      payload: {
        text: `【SOP 任务】${r.name}：请发送给${whom}：${snippet(r.content)}（Siyu 控制台「SOP 任务」中查看并标记完成）`,
      },
      notBefore: now,
      notAfter: null,
    });
  }
  return tasks.length;
}
