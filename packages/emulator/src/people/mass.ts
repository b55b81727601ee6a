// Mass sends as members experience them (contract §4.6): a task waits until each member confirms it in the
// client (or auto-confirm is on). On confirmation every recipient is checked against the per-recipient
// quota policy — days-in-month per month (current rule), 7 per week, or 1 per day — and a recipient over
// it gets send-result status 3; a recipient no longer a friend gets status 2.
import { ControlError } from "../errors.ts";
import { dayStart, monthOf, weekStart } from "../world/time.ts";
import type { CorpState, MassQuotaPolicy, MassTask } from "../world/types.ts";
import type { World } from "../world/world.ts";

export function quotaAllows(policy: MassQuotaPolicy, received: readonly number[], now: number): boolean {
  switch (policy) {
    case "day1": {
      const start = dayStart(now);
      return received.filter((t) => t >= start).length < 1;
    }
    case "week7": {
      const start = weekStart(now);
      return received.filter((t) => t >= start).length < 7;
    }
    default: {
      const { start, days } = monthOf(now);
      return received.filter((t) => t >= start).length < days;
    }
  }
}

export function massTaskOf(corp: CorpState, msgid: unknown): MassTask {
  const task = typeof msgid === "string" ? corp.massTasks.get(msgid) : undefined;
  if (!task) throw new ControlError("NOT_FOUND", `unknown mass message ${String(msgid)}`);
  return task;
}

/** The member sends the task from the client: each of their recipients gets status 1, 2 or 3. */
export function confirmMass(world: World, corp: CorpState, msgid: string, userid: string) {
  const task = massTaskOf(corp, msgid);
  if (task.cancelled) throw new ControlError("CONFLICT", "the mass message was cancelled");
  const row = task.members[userid];
  if (!row) throw new ControlError("NOT_FOUND", `${userid} has nothing to send in ${msgid}`);
  if (row.status === 2) throw new ControlError("CONFLICT", "already sent");
  const now = world.now();
  const idx = world.index(corp);
  const counts = { sent: 0, notFriend: 0, quota: 0 };
  for (const r of task.recipients) {
    if (r.userid !== userid || r.status !== 0) continue;
    const reachable = r.isChat
      ? corp.groups.get(r.target)?.dismissed === false
      : idx.active(userid, r.target) !== undefined;
    if (!reachable) {
      r.status = 2;
      counts.notFriend++;
      continue;
    }
    const received = corp.massReceived.get(r.target) ?? [];
    if (!quotaAllows(corp.settings.massQuota, received, now)) {
      r.status = 3;
      counts.quota++;
      world.ruleHit(
        corp,
        "mass_quota",
        "",
        `${r.target} already received its ${corp.settings.massQuota} quota (${msgid})`,
      );
      continue;
    }
    received.push(now);
    corp.massReceived.set(r.target, received);
    r.status = 1;
    r.sendTime = now;
    counts.sent++;
    corp.customerInbox.push({
      externalUserId: r.isChat ? "" : r.target,
      chatId: r.isChat ? r.target : "",
      sender: userid,
      at: now,
      kind: "mass",
      text: task.text?.content ?? "",
      attachments: task.attachments,
      ref: task.msgid,
    });
    world.archive(corp, {
      from: userid,
      to: r.isChat ? "" : r.target,
      roomId: r.isChat ? r.target : "",
      kind: "mass",
      text: task.text?.content ?? "",
    });
  }
  row.status = 2;
  row.sendTime = now;
  return { msgid, userid, ...counts };
}

/** The member ignores the task: nothing is sent and their rows stay "not sent". */
export function ignoreMass(_world: World, corp: CorpState, msgid: string, userid: string) {
  const task = massTaskOf(corp, msgid);
  const row = task.members[userid];
  if (!row) throw new ControlError("NOT_FOUND", `${userid} has nothing to send in ${msgid}`);
  row.ignored = true;
  return { msgid, userid, ignored: true };
}

export function confirmAll(world: World, corp: CorpState, task: MassTask): void {
  for (const userid of Object.keys(task.members)) confirmMass(world, corp, task.msgid, userid);
}
