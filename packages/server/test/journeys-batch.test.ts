// The scheduler decides due steps a batch at a time (journeys.batch.ts); journeys.step.ts decides one enrolment at a
// time (the reference, and bench/journeys' baseline). Two identical lines with the same customers — one opted out,
// one who replied (the line hands them to staff), a line cap that skips the third step, {name} and {staff_name} —
// run through the two paths must end the same: same step log, same enrolment states, same messages.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { executeDueBatch } from "../src/domains/journeys/journeys.batch.ts";
import { claimDue } from "../src/domains/journeys/journeys.scan.ts";
import { executeDue } from "../src/domains/journeys/journeys.step.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

let w: LcWorld | undefined;
const world = () => w as LcWorld;
let ctx: Ctx;
let now = Date.parse("2026-11-23T02:00:00Z"); // 10:00 in China
const HOUR = 3_600_000;

beforeAll(async () => {
  w = await startLcWorld({ members: ["m1"], processor: false, clock: { now: () => now } });
  ctx = w.siyu.ctx;
});
afterAll(() => w?.stop());

const hours = (h: number, text: string) => ({ timing: { kind: "hours", hours: h }, content: { text } });

describe("a batch and one enrolment at a time", () => {
  it("decide every due step the same way", async () => {
    const ids: string[] = [];
    for (const name of ["甲", "乙", "丙", "丁"]) {
      const r = await world().people<{ externalUserId: string }>("add-customer", {
        userid: "m1",
        customer: { name },
      });
      ids.push(r.externalUserId);
    }
    await world().settle();
    const [first, optedOut, replied] = ids as [string, string, string, string];
    // Names for {name} and {staff_name} (the callbacks alone carry none).
    await sql`update customers set name = '客户' || external_userid where corp_id = ${world().corpId}`.execute(
      ctx.db,
    );
    await sql`insert into members (corp_id, userid, name) values (${world().corpId}, 'm1', '李导购')
      on conflict (corp_id, userid) do update set name = excluded.name`.execute(ctx.db);
    const line = {
      steps: [hours(0, "{name}你好，我是{staff_name}"), hours(24, "第二条"), hours(48, "第三条")],
      rules: [{ when: "replied", action: "task" }],
      cap: { messages: 2, days: 7 },
    };
    const lines: string[] = [];
    for (const name of ["逐个", "成批"]) {
      const r = await world().api("POST", `/api/corps/${world().corpId}/journeys`, { name, ...line });
      expect(r.status).toBe(201);
      lines.push(r.body.id);
      const e = await world().api("POST", `/api/corps/${world().corpId}/journeys/${r.body.id}/enrollments`, {
        externalUserids: ids,
      });
      expect(e.body.enrolled).toBe(4);
    }
    await ctx.db
      .insertInto("opt_outs")
      .values({
        corp_id: world().corpId,
        external_userid: optedOut,
        source: "chat",
        opted_out_at: new Date(now),
      })
      .execute();

    const run = async (lineId: string, batch: boolean) => {
      const at = new Date(now);
      await ctx.db.transaction().execute(async (trx) => {
        const due = (await claimDue(trx, at, 100)).filter((r) => r.journey_id === lineId);
        if (batch) await executeDueBatch({ ...ctx, db: trx }, due, at);
        else await executeDue({ ...ctx, db: trx }, due, at);
      });
    };
    for (const step of [0, 1, 2]) {
      now = Date.parse("2026-11-23T02:00:00Z") + step * 24 * HOUR + 60_000;
      if (step === 1)
        await sql`insert into chat_messages (corp_id, source, msgid, sender, kind, text, external_userid, userid,
          from_customer, sent_at, received_at)
          values (${world().corpId}, 'archive', 'r1', ${replied}, 'text', '好的', ${replied}, 'm1', true,
            ${new Date(now - HOUR)}, ${new Date(now - HOUR)})`.execute(ctx.db);
      await run(lines[0] as string, false);
      await run(lines[1] as string, true);
    }

    const outcome = async (lineId: string) => ({
      log: (
        await ctx.db
          .selectFrom("journey_step_log as l")
          .innerJoin("customers as c", "c.id", "l.customer_id")
          .select(["c.external_userid", "l.step", "l.outcome", "l.reason", "l.channel"])
          .where("l.journey_id", "=", lineId)
          .orderBy("c.external_userid")
          .orderBy("l.step")
          .execute()
      ).map((r) => ({ ...r })),
      enrolments: await ctx.db
        .selectFrom("journey_enrollments")
        .select(["external_userid", "status", "step", "exit_reason", "next_due_at"])
        .where("journey_id", "=", lineId)
        .orderBy("external_userid")
        .execute(),
      messages: (
        await ctx.db
          .selectFrom("outbox")
          .select(["recipient", "sender", "channel", "payload", "not_before", "idempotency_key"])
          .where("planner", "=", `journey:${lineId}`)
          .orderBy("recipient")
          .orderBy("idempotency_key")
          .execute()
      ).map(({ idempotency_key, ...m }) => ({ ...m, step: idempotency_key.split(":").pop() })),
      tasks: (
        await ctx.db
          .selectFrom("journey_tasks")
          .select(["external_userid", "reason", "userid"])
          .where("journey_id", "=", lineId)
          .execute()
      ).map((t) => ({ ...t })),
    });
    const one = await outcome(lines[0] as string);
    const batch = await outcome(lines[1] as string);
    expect(batch).toEqual(one);
    // And the decisions are the ones the line asks for.
    expect(one.enrolments.find((e) => e.external_userid === optedOut)).toMatchObject({
      status: "exited",
      exit_reason: "opted_out",
    });
    expect(one.enrolments.find((e) => e.external_userid === replied)).toMatchObject({
      status: "exited",
      exit_reason: "replied",
    });
    expect(one.tasks).toEqual([{ external_userid: replied, reason: "replied", userid: "m1" }]);
    expect(one.log.filter((l) => l.reason === "cap")).toHaveLength(2);
    expect(one.messages.filter((m) => m.step === "s0")).toHaveLength(3);
    const welcome = one.messages.find((m) => m.recipient === first && m.step === "s0");
    expect(welcome?.payload).toMatchObject({ text: `客户${first}你好，我是李导购` });
  });
});
