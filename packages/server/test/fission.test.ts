// Fission tasks (任务宝) against the emulator with a frozen clock: a campaign with a 3-invite tier and a 24 h
// retention window. A participant's poster page counts scans and creates their contact way; three friends add
// through it but one deletes the member inside the window, the participant scanning their own code and a customer
// the corp already had don't count → not qualified; a friend sharing the participant's phone doesn't count either;
// a 4th valid friend qualifies them and the voucher is granted once however often the scan runs, and every note
// to the participant passes the send gate. Bad tiers and empty pools are refused per field; another corp sees nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { putCorp } from "../src/domains/corps/corps.service.ts";
import { runFissionScan } from "../src/domains/fission/fission.scan.ts";
import { dispatchOnce } from "../src/domains/outbox/dispatcher.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { outboxChannels } from "../src/server.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

const HOUR = 3_600_000;
// Monday 23 Nov 2026, 10:00 in China.
const START = Date.parse("2026-11-23T02:00:00Z");

let w: LcWorld;
let ctx: Ctx;
let poolId: string;
let emptyPoolId: string;
let participant: string;
let oldCustomer: string;
let campaignId: string;
const base = () => `/api/corps/${w.corpId}/fission`;
const paths = (body: { error: { details: { path: string }[] } }) => body.error.details.map((d) => d.path);

const settle = () => w.settle();
const advance = (ms: number) => w.emuClock.set(w.emuClock.now() + ms);

beforeAll(async () => {
  w = await startLcWorld({
    members: ["s1", "s2"],
    processor: false,
    clock: { now: () => (w ? w.emuClock.now() : Date.now()) },
  });
  ctx = w.siyu.ctx;
  w.emuClock.freeze(START);
  participant = (
    await w.people<{ externalUserId: string }>("add-customer", { userid: "s1", customer: { name: "小红" } })
  ).externalUserId;
  oldCustomer = (
    await w.people<{ externalUserId: string }>("add-customer", { userid: "s2", customer: { name: "老客" } })
  ).externalUserId;
  await settle();
  await (await startSync(ctx, w.corpId, "full")).promise;
  const pools = `/api/corps/${w.corpId}/journeys/coupon-pools`;
  poolId = (await w.api("POST", pools, { name: "新人券" })).body.id;
  await w.api("POST", `${pools}/${poolId}/codes`, { codes: ["NEW-001", "NEW-002", "NEW-003"] });
  emptyPoolId = (await w.api("POST", pools, { name: "空池" })).body.id;
});
afterAll(() => w?.stop());

const campaign = (over: Record<string, unknown> = {}) => ({
  name: "邀请3位好友领新人券",
  staff: ["s1", "s2"],
  tiers: [{ invites: 3, reward: { kind: "voucher", poolId, name: "新人券" } }],
  windowHours: 24,
  ...over,
});

describe("creating a campaign", () => {
  it("refuses a 0-invite tier, an empty voucher pool and an unknown member, per field", async () => {
    const zero = await w.api(
      "POST",
      base(),
      campaign({ tiers: [{ invites: 0, reward: { kind: "manual", name: "礼物" } }] }),
    );
    expect(zero.status).toBe(400);
    expect(zero.body.error.code).toBe("VALIDATION_FAILED");
    expect(zero.body.error.details).toContainEqual({
      path: "/tiers/0/invites",
      message: "a tier needs at least 1 invite",
    });

    const empty = await w.api(
      "POST",
      base(),
      campaign({
        staff: ["s1", "nobody"],
        tiers: [
          { invites: 1, reward: { kind: "manual", name: "小礼物" } },
          { invites: 3, reward: { kind: "voucher", poolId: emptyPoolId, name: "空券" } },
        ],
      }),
    );
    expect(empty.status).toBe(400);
    expect(paths(empty.body).sort()).toEqual(["/staff/1", "/tiers/1/reward/poolId"]);
    expect(
      empty.body.error.details.find((d: { path: string }) => d.path === "/tiers/1/reward/poolId").message,
    ).toContain("no codes left");
    expect((await w.api("GET", base())).body.items).toEqual([]);
  });

  it("creates the campaign with its entry contact way", async () => {
    const res = await w.api("POST", base(), campaign());
    expect(res.status).toBe(201);
    campaignId = res.body.id;
    expect(res.body).toMatchObject({ status: "active", windowHours: 24, funnel: { posters: 0, adds: 0 } });
    const client = await ctx.wecom.forCorp(ctx, w.corpId);
    const way = (await client.contactWay.get(res.body.entryConfigId)).contact_way;
    expect(way).toMatchObject({ state: res.body.entryState, user: ["s1", "s2"] });
  });
});

describe("invites", () => {
  let token: string;
  let configId: string;
  const invitees: string[] = [];

  it("enrols a customer, who is sent their poster link through the outbox", async () => {
    const res = await w.api("POST", `${base()}/${campaignId}/participants`, {
      externalUserIds: [participant, "wmUnknown0001"],
    });
    expect(res.body).toEqual({ joined: 1, already: 0, unknown: ["wmUnknown0001"] });
    const board = (await w.api("GET", `${base()}/${campaignId}/leaderboard`)).body.items;
    expect(board).toHaveLength(1);
    token = board[0].posterUrl.split("/f/")[1].replace("/poster", "");
    const notes = await ctx.db
      .selectFrom("outbox")
      .select(["payload", "sender", "channel"])
      .where("recipient", "=", participant)
      .where("planner", "=", `fission:${campaignId}`)
      .execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ sender: "s1", channel: "wecom.customer_message" });
    expect(JSON.stringify(notes[0]!.payload)).toContain(`/f/${token}/poster`);
  });

  it("draws the poster and counts a scan of its landing page, which creates the personal contact way", async () => {
    const poster = await fetch(`${w.siyu.url}/api/public/fission/${token}/poster.svg`);
    expect(poster.headers.get("content-type")).toContain("image/svg+xml");
    const svg = await poster.text();
    expect(svg).toContain("小红 邀请你");
    expect(svg).toContain("data:image/png;base64,");
    const landing = await fetch(`${w.siyu.url}/f/${token}`);
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain(`/api/public/fission/${token}/qr.png`);
    const qr = await fetch(`${w.siyu.url}/api/public/fission/${token}/qr.png`);
    expect(qr.headers.get("content-type")).toBe("image/png");
    const row = await ctx.db
      .selectFrom("fission_participants")
      .select(["config_id", "state", "poster_views"])
      .where("token", "=", token)
      .executeTakeFirstOrThrow();
    expect(row.poster_views).toBe(1);
    configId = row.config_id!;
    const client = await ctx.wecom.forCorp(ctx, w.corpId);
    expect((await client.contactWay.get(configId)).contact_way.state).toBe(row.state);
  });

  it("3 adds with one deleting inside the window, a self-invite and a returning customer: not qualified", async () => {
    for (const name of ["甲", "乙", "丙"]) {
      const r = await w.people<{ externalUserId: string }>("scan-contact-way", {
        configId,
        userid: "s1",
        customer: { name },
      });
      invitees.push(r.externalUserId);
    }
    // The participant scans their own code (adding the other member); a customer the corp already had scans it.
    await w.people("scan-contact-way", { configId, userid: "s2", externalUserId: participant });
    await w.people("scan-contact-way", { configId, userid: "s1", externalUserId: oldCustomer });
    await settle();
    advance(2 * HOUR);
    await w.people("customer-deletes-member", { userid: "s1", externalUserId: invitees[2] });
    await settle();
    expect(await runFissionScan(ctx)).toBe(0); // nothing is due inside the window
    advance(23 * HOUR);
    expect(await runFissionScan(ctx)).toBe(2);

    const board = (await w.api("GET", `${base()}/${campaignId}/leaderboard`)).body.items;
    const me = board.find((p: { externalUserId: string }) => p.externalUserId === participant);
    expect(me).toMatchObject({ rank: 1, qualified: 2, pending: 0, tiersReached: 0 });
    // Invitees join with their own posters.
    expect(board.map((p: { externalUserId: string }) => p.externalUserId).sort()).toEqual(
      [participant, ...invitees].sort(),
    );
    const detail = (await w.api("GET", `${base()}/${campaignId}/participants/${me.id}`)).body;
    const statusOf = (ext: string) =>
      detail.invites.find((i: { invitee: string }) => i.invitee === ext) as {
        status: string;
        voidReason: string;
      };
    expect(statusOf(invitees[0]!).status).toBe("qualified");
    expect(statusOf(invitees[1]!).status).toBe("qualified");
    expect(statusOf(invitees[2]!)).toMatchObject({ status: "void", voidReason: "deleted" });
    expect(statusOf(participant)).toMatchObject({ status: "void", voidReason: "self" });
    expect(statusOf(oldCustomer)).toMatchObject({ status: "void", voidReason: "returning" });
    const rewards = (await w.api("GET", `/api/corps/${w.corpId}/activity-rewards?source=fission`)).body.items;
    expect(rewards).toEqual([]);
    // The participant hears how far they are, through the outbox.
    const progress = await ctx.db
      .selectFrom("outbox")
      .select("payload")
      .where("idempotency_key", "like", "fission:%:progress:2")
      .where("recipient", "=", participant)
      .execute();
    expect(JSON.stringify(progress[0]?.payload)).toContain("再邀请 1 位");
  });

  it("a friend sharing the participant's phone doesn't count; a 4th valid friend qualifies them, once", async () => {
    const d = await w.people<{ externalUserId: string }>("scan-contact-way", {
      configId,
      userid: "s2",
      customer: { name: "丁" },
    });
    const e = await w.people<{ externalUserId: string }>("scan-contact-way", {
      configId,
      userid: "s1",
      customer: { name: "戊" },
    });
    await settle();
    // The member notes the same mobile for the participant and for 戊 (a second WeChat account of one person).
    const client = await ctx.wecom.forCorp(ctx, w.corpId);
    for (const ext of [participant, e.externalUserId])
      await client.externalContact.remark({
        userid: "s1",
        external_userid: ext,
        remark_mobiles: ["13800138000"],
      });
    await (await startSync(ctx, w.corpId, "full")).promise;
    advance(25 * HOUR);
    expect(await runFissionScan(ctx)).toBe(2);
    expect(await runFissionScan(ctx)).toBe(0);
    // A replayed add changes nothing.
    await ctx.db
      .updateTable("inbox_events")
      .set({ status: "pending" })
      .where("corp_id", "=", w.corpId)
      .execute();
    await settle();
    advance(25 * HOUR);
    await runFissionScan(ctx);

    const rewards = (await w.api("GET", `/api/corps/${w.corpId}/activity-rewards?source=fission`)).body.items;
    expect(rewards).toHaveLength(1);
    expect(rewards[0]).toMatchObject({
      externalUserId: participant,
      kind: "voucher",
      status: "granted",
      code: "NEW-001",
      sourceName: "邀请3位好友领新人券",
      messagePlanned: true,
    });
    const note = await ctx.db
      .selectFrom("outbox")
      .select("payload")
      .where("idempotency_key", "=", `reward:${rewards[0].id}`)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(note.payload)).toContain("NEW-001");
    const pool = (await w.api("GET", `/api/corps/${w.corpId}/journeys/coupon-pools`)).body.items.find(
      (p: { id: string }) => p.id === poolId,
    );
    expect(pool).toMatchObject({ given: 1, left: 2 });

    const view = (await w.api("GET", `${base()}/${campaignId}`)).body;
    expect(view.funnel).toEqual({
      posters: 6,
      scans: 1,
      adds: 7,
      pending: 0,
      qualified: 3,
      void: { deleted: 1, self: 1, returning: 1, same_phone: 1 },
      rewardedParticipants: 1,
    });
    const board = (await w.api("GET", `${base()}/${campaignId}/leaderboard`)).body.items;
    expect(board[0]).toMatchObject({ externalUserId: participant, qualified: 3, tiersReached: 1 });
    const me = board.find((p: { externalUserId: string }) => p.externalUserId === participant);
    const detail = (await w.api("GET", `${base()}/${campaignId}/participants/${me.id}`)).body;
    const statusOf = (ext: string) => detail.invites.find((i: { invitee: string }) => i.invitee === ext);
    expect(statusOf(d.externalUserId)).toMatchObject({ status: "qualified" });
    expect(statusOf(e.externalUserId)).toMatchObject({ status: "void", voidReason: "same_phone" });

    // The notes go out through the send gate, which decides each one.
    while ((await dispatchOnce(ctx, outboxChannels())) > 0) {}
    const decisions = await ctx.db
      .selectFrom("send_decisions as d")
      .innerJoin("outbox as o", "o.id", "d.outbox_id")
      .select(["o.idempotency_key", "d.action"])
      .where("o.recipient", "=", participant)
      .where("o.planner", "=", `fission:${campaignId}`)
      .execute();
    expect(decisions.map((x) => x.idempotency_key)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/:poster$/),
        expect.stringMatching(/:progress:2$/),
        `reward:${rewards[0].id}`,
      ]),
    );
  });

  it("records participation for segments' activity term", async () => {
    const rows = await ctx.db
      .selectFrom("activity_participations as a")
      .innerJoin("customers as c", "c.id", "a.customer_id")
      .select(["c.external_userid", "a.kind"])
      .where("a.corp_id", "=", w.corpId)
      .where("a.activity", "=", `fission:${campaignId}`)
      .execute();
    expect(rows.map((r) => r.external_userid)).toContain(participant);
    expect(rows.every((r) => r.kind === "fission")).toBe(true);
  });
});

it("is invisible to another corp", async () => {
  await putCorp(ctx, {
    corpId: "wwOtherFission01",
    name: "other",
    secret: "s",
    token: "t",
    aesKey: "bGl2ZUNvZGVzRW5jb2RpbmdBRVNLZXlGb3JUaGVUZXN",
    apiBase: w.emu.url,
  });
  const other = "/api/corps/wwOtherFission01";
  const one = await w.api("GET", `${other}/fission/${campaignId}`);
  expect(one.status).toBe(404);
  expect(one.body.error.code).toBe("FISSION_NOT_FOUND");
  expect((await w.api("GET", `${other}/fission`)).body.items).toEqual([]);
  expect((await w.api("GET", `${other}/fission/${campaignId}/leaderboard`)).status).toBe(404);
  expect(
    (await w.api("POST", `${other}/fission/${campaignId}/participants`, { externalUserIds: [participant] }))
      .status,
  ).toBe(404);
  expect((await w.api("GET", `${other}/activity-rewards`)).body.items).toEqual([]);
});
