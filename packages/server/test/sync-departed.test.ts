// A member with customers and groups resigns; WeCom stops listing them as a follow user, but their customers are
// still there, unassigned, waiting for inheritance. A full sync and a reconcile leave their relations active (no
// "deleted by member" timeline entry, no relation.removed repair) and their live group not dismissed, while a
// group WeCom did dismiss and a customer an in-service member deleted (callback lost) are still swept. Once the
// inheritance transfer completes, the relations and the group move to the new owner, and a later sync keeps them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { runDueJobs } from "../src/domains/inheritance/inheritance.runner.ts";
import { runRepairs, startSync } from "../src/domains/sync/sync.jobs.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";
import { adminSession } from "./siyu.ts";

let w: LcWorld | undefined;
const world = () => w as LcWorld;
let ctx: Ctx;
const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-23T02:00:00Z");
const leaverCustomers: string[] = [];
let stayerCustomer = "";
let liveChat = "";
let dismissedChat = "";

const settle = () => world().settle();
async function sync(kind: "full" | "reconcile") {
  const run = await (await startSync(ctx, world().corpId, kind)).promise;
  expect(run.status).toBe("done");
  return run;
}
async function at(ms: number) {
  world().emuClock.set(ms);
  Object.assign(world().headers, await adminSession(world().siyu.url));
}
const relations = (userid: string) =>
  ctx.db
    .selectFrom("follow_relations")
    .select(["external_userid", "status"])
    .where("corp_id", "=", world().corpId)
    .where("userid", "=", userid)
    .orderBy("external_userid")
    .execute();
const deletedByMemberEntries = (userid: string) =>
  ctx.db
    .selectFrom("contact_timeline")
    .select("external_userid")
    .where("corp_id", "=", world().corpId)
    .where("userid", "=", userid)
    .where("kind", "=", "customer.deleted_by_member")
    .execute();
const group = (chatId: string) =>
  ctx.db
    .selectFrom("customer_groups")
    .select(["owner", "dismissed_at", "status"])
    .where("corp_id", "=", world().corpId)
    .where("chat_id", "=", chatId)
    .executeTakeFirstOrThrow();
const active = (exts: string[]) => exts.map((e) => ({ external_userid: e, status: "active" })).sort(byExt);
const byExt = (a: { external_userid: string }, b: { external_userid: string }) =>
  a.external_userid.localeCompare(b.external_userid);

beforeAll(async () => {
  w = await startLcWorld({
    members: ["leaver", "stayer"],
    processor: false,
    clock: { now: () => (w ? w.emuClock.now() : Date.now()) },
  });
  ctx = w.siyu.ctx;
  w.emuClock.freeze(T0);
  for (let i = 0; i < 3; i++) {
    const r = await w.people<{ externalUserId: string }>("add-customer", {
      userid: "leaver",
      customer: { name: `老客${i}` },
    });
    leaverCustomers.push(r.externalUserId);
  }
  stayerCustomer = (
    await w.people<{ externalUserId: string }>("add-customer", {
      userid: "stayer",
      customer: { name: "在职客" },
    })
  ).externalUserId;
  liveChat = (
    await w.people<{ chatId: string }>("create-group", {
      owner: "leaver",
      name: "老客群",
      externalUserIds: leaverCustomers.slice(0, 2),
    })
  ).chatId;
  dismissedChat = (
    await w.people<{ chatId: string }>("create-group", {
      owner: "leaver",
      name: "要解散的群",
      externalUserIds: leaverCustomers.slice(2),
    })
  ).chatId;
  await settle();
  await sync("full");
  expect(await relations("leaver")).toEqual(active(leaverCustomers));
  // The member resigns; WeCom dismisses one of their groups; an in-service member deletes a customer and that
  // callback is never processed (the sweep must still catch it).
  await at(T0 + HOUR);
  await w.people("member-resigns", { userid: "leaver" });
  await w.people("dismiss-group", { chatId: dismissedChat });
  await w.people("member-deletes-customer", { userid: "stayer", externalUserId: stayerCustomer });
}, 120_000);
afterAll(() => w?.stop());

describe("a sync after a member resigned", () => {
  it("full sync: the departed member's customers stay active with them, their live group stays", async () => {
    const run = await sync("full");
    const members = await ctx.db
      .selectFrom("members")
      .select(["userid", "removed"])
      .where("corp_id", "=", world().corpId)
      .where("userid", "=", "leaver")
      .execute();
    expect(members).toEqual([{ userid: "leaver", removed: true }]);
    expect(await relations("leaver")).toEqual(active(leaverCustomers));
    expect(await deletedByMemberEntries("leaver")).toEqual([]);
    expect((await group(liveChat)).dismissed_at).toBeNull();
    // WeCom lists it as waiting for a new owner (groupchat/list status 1).
    expect(await group(liveChat)).toMatchObject({ owner: "leaver", status: 1 });
    // What WeCom did remove is still swept.
    expect((await group(dismissedChat)).dismissed_at).not.toBeNull();
    expect(await relations("stayer")).toEqual([
      { external_userid: stayerCustomer, status: "deleted_by_member" },
    ]);
    const repairs = await runRepairs(ctx, world().corpId, run.id);
    expect(repairs.filter((r) => r.kind === "relation.removed").map((r) => r.ref)).toEqual([
      { externalUserId: stayerCustomer, userid: "stayer" },
    ]);
    expect(repairs.filter((r) => r.kind === "group.dismissed").map((r) => r.ref)).toEqual([
      { chatId: dismissedChat },
    ]);
  });

  it("reconcile: still nothing of the departed member is deleted or dismissed", async () => {
    await at(T0 + 2 * HOUR);
    const run = await sync("reconcile");
    expect(await relations("leaver")).toEqual(active(leaverCustomers));
    expect(await deletedByMemberEntries("leaver")).toEqual([]);
    expect((await group(liveChat)).dismissed_at).toBeNull();
    const repairs = await runRepairs(ctx, world().corpId, run.id);
    expect(repairs.filter((r) => r.kind === "relation.removed" || r.kind === "group.dismissed")).toEqual([]);
  });

  it("the departed-staff view counts their customers and group from Siyu's data as well", async () => {
    const r = await world().api("GET", `/api/corps/${world().corpId}/inheritance/departed`);
    expect(r.status).toBe(200);
    expect(r.body.items.find((d: { userid: string }) => d.userid === "leaver")).toMatchObject({
      unassigned: 3,
      customers: 3,
      groups: 1,
    });
  });

  it("after the inheritance transfer completes, relations and group move to the new owner and a sync keeps that", async () => {
    const job = await world().api("POST", `/api/corps/${world().corpId}/inheritance/transfers`, {
      kind: "resigned",
      handover: "leaver",
      assign: { mode: "hand", takeover: "stayer" },
    });
    expect(job.status).toBe(201);
    expect(job.body.before).toEqual({ customers: 3, groups: 1 });
    expect(await runDueJobs(ctx)).toBe(1);
    expect(await group(liveChat)).toMatchObject({ owner: "stayer", dismissed_at: null });
    await at(T0 + 27 * HOUR);
    expect(await runDueJobs(ctx)).toBe(1);
    await settle();
    const report = await world().api(
      "GET",
      `/api/corps/${world().corpId}/inheritance/transfers/${job.body.id}/report`,
    );
    expect(report.body).toMatchObject({ finished: true, balanced: true, ownerMismatches: [] });
    const moved = leaverCustomers.map((e) => ({ external_userid: e, status: "transferred" })).sort(byExt);
    expect(await relations("leaver")).toEqual(moved);
    expect(await relations("stayer")).toEqual(
      [...active(leaverCustomers), { external_userid: stayerCustomer, status: "deleted_by_member" }].sort(
        byExt,
      ),
    );
    await sync("full");
    expect(await relations("leaver")).toEqual(moved);
    expect((await relations("stayer")).filter((r) => r.status === "active")).toEqual(active(leaverCustomers));
    expect(await group(liveChat)).toMatchObject({ owner: "stayer", dismissed_at: null });
    expect(await deletedByMemberEntries("leaver")).toEqual([]);
  });
});
