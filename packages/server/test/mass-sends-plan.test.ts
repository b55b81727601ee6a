// The mass-send planner against the send gate itself: for every customer of a segment, the planner's verdict (from
// the segment engine's senders, the facts read by customer id and rules decided once per sender where nothing is
// known about the recipient) is the gate's own verdict for that one message. Senders follow the engine as relations
// change, built from scratch or kept current through the change log.
import { sql } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import {
  DEFERRED,
  DROPPED,
  loadAudience,
  type Plan,
  planAudience,
  senderAt,
} from "../src/domains/mass-sends/mass-sends.plan.ts";
import { createSegmentEngine, type SegmentEngine } from "../src/domains/segments/engine/index.ts";
import { loadGateFacts } from "../src/domains/send-gate/gate-facts.ts";
import { sendGate } from "../src/domains/send-gate/send-gate.ts";
import { addCustomer, openSegmentsWorld, type SegmentsWorld, upsertRelation } from "./segments-world.ts";

const A = "wwPlanA";
const B = "wwPlanB";
// 11:00 in China: outside the default quiet hours.
const NOW = new Date("2026-11-24T03:00:00Z");
const HOUR = 3_600_000;
const content = { text: "双十二会员专享", attachments: [] };

let w: SegmentsWorld;
let engine: SegmentEngine;
let segmentId: string;

const ctxOf = (segments: SegmentEngine) =>
  ({
    db: w.db,
    clock: { now: () => NOW.getTime() },
    log: w.log,
    segments,
    config: { segmentsWaitMs: 60_000 },
  }) as unknown as Ctx;

async function rel(externalUserid: string, userid: string, status: string, added: string) {
  await upsertRelation(w.db, A, { externalUserid, userid, state: null, status, addedAt: new Date(added) });
}

/** The plan; `listBelow` 0 keeps the customers by id (as for a segment of more than 20,000: facts by customer id). */
async function plan(segments: SegmentEngine, listBelow = 0): Promise<Plan> {
  const ctx = ctxOf(segments);
  const audience = await loadAudience(ctx, A, { kind: "segment", segmentId }, { listBelow });
  return planAudience(ctx, audience, {
    corpId: A,
    content,
    at: NOW,
    onQuota: "defer",
    planner: "mass-send:plan-test",
  });
}

/** Per external_userid: sender, and the action, rule and reason the plan gave. */
async function outcomes(p: Plan) {
  const rows = await w.db
    .selectFrom("customers")
    .select(["id", "external_userid"])
    .where("corp_id", "=", A)
    .execute();
  const name = new Map(rows.map((r) => [Number(r.id), r.external_userid]));
  const out = new Map<
    string,
    { sender: string | null; action: string; rule: string | null; reason: string | null }
  >();
  for (let i = 0; i < p.size; i++) {
    const a = p.action[i];
    out.set(name.get(p.ids![i]!)!, {
      sender: senderAt(p, i),
      action: a === DROPPED ? "drop" : a === DEFERRED ? "defer" : "send",
      rule: p.rule[i] ?? null,
      reason: p.reason[i] ?? null,
    });
  }
  return out;
}

/** The gate's verdict for one message, as any other send gets it. */
async function gateSays(recipient: string, sender: string) {
  const msg = {
    corpId: A,
    outboxId: null,
    idempotencyKey: `ref:${recipient}`,
    planner: "mass-send:plan-test",
    channel: "wecom.mass",
    purpose: "marketing" as const,
    recipient,
    sender,
    content,
    notBefore: NOW,
    notAfter: null,
  };
  const facts = await loadGateFacts(
    w.db,
    [{ corpId: A, recipient, sender, marketing: true, planner: msg.planner }],
    NOW,
  );
  const d = sendGate.evaluate([msg], NOW, facts)[0]!;
  return { action: d.action, rule: d.rule, reason: d.action === "send" ? null : d.reason };
}

beforeAll(async () => {
  w = await openSegmentsWorld([A, B]);
  const { db } = w;
  // cat opted out (said 退订) before Siyu knew her as a customer: the opt-out has no customer id yet.
  await sql`insert into opt_outs (corp_id, external_userid, source, opted_out_at)
    values (${A}, 'cat', 'chat', ${new Date(NOW.getTime() - 48 * HOUR)})`.execute(db);
  for (const c of ["ann", "bob", "cat", "dan", "eve", "fox", "gus", "hal", "ivy"])
    await addCustomer(db, A, c);
  // ann: two active relations and a newer pending one → the latest active (u2).
  await rel("ann", "u1", "active", "2026-10-01T00:00:00Z");
  await rel("ann", "u2", "active", "2026-11-01T00:00:00Z");
  await rel("ann", "u3", "pending", "2026-11-10T00:00:00Z");
  // bob already received a mass message today (1 per day).
  await rel("bob", "u1", "active", "2026-10-02T00:00:00Z");
  await sql`insert into recipient_touches (corp_id, recipient, planner, touched_at)
    values (${A}, 'bob', 'journey:1', ${new Date(NOW.getTime() - HOUR)})`.execute(db);
  await rel("cat", "u1", "active", "2026-10-03T00:00:00Z");
  // dan: only a deleted relation — no sender.
  await rel("dan", "u1", "deleted", "2026-10-04T00:00:00Z");
  // eve is active 19:00–22:00; fox and gus share a restricted sender; hal was touched three times this week.
  await rel("eve", "u1", "active", "2026-10-05T00:00:00Z");
  await sql`insert into customer_send_windows (corp_id, external_userid, start_minute, end_minute, source)
    values (${A}, 'eve', 1140, 1320, 'test')`.execute(db);
  await rel("fox", "u4", "active", "2026-10-06T00:00:00Z");
  await rel("gus", "u4", "active", "2026-10-07T00:00:00Z");
  await sql`insert into sender_restrictions (corp_id, userid, state, since, until, source)
    values (${A}, 'u4', 'limited', ${NOW}, ${new Date(NOW.getTime() + 48 * HOUR)}, 'manual')`.execute(db);
  await rel("hal", "u5", "active", "2026-10-08T00:00:00Z");
  for (const days of [2, 3, 4])
    await sql`insert into recipient_touches (corp_id, recipient, planner, touched_at)
      values (${A}, 'hal', 'journey:2', ${new Date(NOW.getTime() - days * 24 * HOUR)})`.execute(db);
  // ivy was touched yesterday only: nothing holds her.
  await rel("ivy", "u5", "active", "2026-10-09T00:00:00Z");
  await sql`insert into recipient_touches (corp_id, recipient, planner, touched_at)
    values (${A}, 'ivy', 'journey:1', ${new Date(NOW.getTime() - 24 * HOUR)})`.execute(db);
  // Corp B's same-named customer opted out and was touched: none of it is corp A's.
  await addCustomer(db, B, "ann");
  await sql`insert into opt_outs (corp_id, external_userid, source, opted_out_at)
    values (${B}, 'ann', 'chat', ${NOW})`.execute(db);
  const seg = await sql<{
    id: string;
  }>`insert into saved_segments (corp_id, name, expr, created_at, updated_at)
    values (${A}, 'everyone', ${JSON.stringify({ op: "not", arg: { term: "stage", stages: ["nobody"] } })},
      now(), now()) returning id`.execute(db);
  segmentId = seg.rows[0]!.id;
  engine = createSegmentEngine({ db, log: pino({ level: "warn" }), clock: { now: () => NOW.getTime() } });
  await engine.start();
});

afterAll(async () => {
  await engine?.stop();
  await w?.close();
});

describe("mass-send plan", () => {
  it("gives every customer the gate's own verdict, with the latest active relation's member as sender", async () => {
    const got = await outcomes(await plan(engine));
    expect(got.size).toBe(9);
    expect(got.get("ann")?.sender).toBe("u2");
    expect(got.get("dan")).toEqual({
      sender: null,
      action: "drop",
      rule: "no_sender",
      reason: "not any member's customer now (no active follow relation)",
    });
    for (const [who, o] of got) {
      if (o.sender === null) continue;
      expect({ who, ...(await gateSays(who, o.sender)) }).toEqual({
        who,
        action: o.action,
        rule: o.rule,
        reason: o.reason,
      });
    }
    // What the reference says, spelled out: the facts reached the plan.
    expect(got.get("bob")?.rule).toBe("receive_quota");
    expect(got.get("cat")?.rule).toBe("opt_out");
    expect(got.get("eve")?.rule).toBe("active_window");
    expect([got.get("fox")?.rule, got.get("gus")?.rule]).toEqual(["sender_health", "sender_health"]);
    expect(got.get("hal")?.rule).toBe("touch_cap");
    expect([got.get("ann")?.action, got.get("ivy")?.action]).toEqual(["send", "send"]);
    // A small segment, listed by external_userid with its facts probed per recipient, plans the same.
    const listed = await plan(engine, 1_000);
    expect(listed.recipients).not.toBeNull();
    expect(await outcomes(listed)).toEqual(got);
  });

  it("follows relation changes: a newer active relation makes its member the sender, in a running and a new engine", async () => {
    await rel("bob", "u6", "active", "2026-11-20T00:00:00Z");
    await rel("ann", "u3", "active", "2026-11-10T00:00:00Z"); // the pending relation was accepted
    await engine.catchUp();
    const running = await outcomes(await plan(engine));
    expect([running.get("bob")?.sender, running.get("ann")?.sender]).toEqual(["u6", "u3"]);
    const fresh = createSegmentEngine({
      db: w.db,
      log: pino({ level: "warn" }),
      clock: { now: () => NOW.getTime() },
    });
    await fresh.start();
    try {
      const built = await outcomes(await plan(fresh));
      expect(built).toEqual(running);
    } finally {
      await fresh.stop();
    }
  });
});
