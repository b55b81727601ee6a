// Group registry (G1) and duplicate members (G2) against the emulator: change_external_chat callbacks keep the
// registry current under member-version checks (a lost callback shows as a version gap and the group is re-read;
// a duplicated callback changes nothing); dismissed groups leave the statistics; a customer in 3 groups is listed
// once; removals are owner tasks that only move after the owner confirms, and the del_member callback of the
// owner's manual removal closes them; bad keep rules are refused field by field; another corp sees nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUser } from "../src/domains/auth/auth.repository.ts";
import { createApiToken } from "../src/domains/auth/auth.service.ts";
import { refreshAllMarked } from "../src/domains/customers/customers.refresh.ts";
import { linkUserToMember } from "../src/domains/customers/customers.scope.ts";
import { postCallback } from "./callbacks.ts";
import { type LcWorld, startLcWorld, waitFor } from "./live-codes-world.ts";

const START = Date.UTC(2026, 10, 20, 2, 0); // 10:00 in Shanghai
let w: LcWorld;
const chats: Record<string, string> = {};
let ownerToken = "";

beforeAll(async () => {
  w = await startLcWorld({
    members: ["owner1", "owner2"],
    clock: { now: () => (w ? w.emuClock.now() : START) },
  });
  w.emuClock.freeze(START);
  for (const [key, owner] of [
    ["A", "owner1"],
    ["B", "owner1"],
    ["C", "owner2"],
    ["D", "owner2"],
  ] as const) {
    chats[key] = (await w.people<{ chatId: string }>("create-group", { owner, name: `群${key}` })).chatId;
  }
  await w.settle();
  await refreshAllMarked(w.siyu.ctx);
  const user = await insertUser(w.siyu.ctx.db, {
    username: "owner1-staff",
    password_hash: "x",
    role: "staff",
  });
  await linkUserToMember(w.siyu.ctx, user!.id, w.corpId, "owner1");
  ownerToken = (await createApiToken(w.siyu.ctx, user!.id, "t")).token;
});
afterAll(() => w.stop());

const db = () => w.siyu.ctx.db;
const minutes = (n: number) => w.emuClock.advance(n * 60_000);
const members = async (chatId: string) =>
  (
    await db()
      .selectFrom("customer_group_members")
      .select("member_id")
      .where("corp_id", "=", w.corpId)
      .where("chat_id", "=", chatId)
      .orderBy("member_id")
      .execute()
  ).map((m) => m.member_id);
const emulatorVersion = async (chatId: string) => {
  const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
  return (await client.groupChat.get(chatId)).group_chat.member_version!;
};
const joinEvents = (chatId: string, memberId: string) =>
  db()
    .selectFrom("group_member_events")
    .select(["kind", "source", "scene"])
    .where("corp_id", "=", w.corpId)
    .where("chat_id", "=", chatId)
    .where("member_id", "=", memberId)
    .orderBy("id")
    .execute();
const join = async (chatId: string, who: { externalUserId?: string; name?: string }, silent = false) =>
  (
    await w.people<{ externalUserId: string }>("join-group", {
      chatId,
      ...(who.externalUserId ? { externalUserId: who.externalUserId } : { customer: { name: who.name } }),
      ...(silent ? { silent: true } : {}),
    })
  ).externalUserId;
async function asOwner(method: string, path: string, body?: unknown) {
  const res = await fetch(`${w.siyu.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ownerToken}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies
  return { status: res.status, body: (await res.json()) as any };
}

let x = "";
let y = "";

describe("group registry", () => {
  it("applies member callbacks in version order and keeps owner, admins and notice", async () => {
    x = await join(chats.A!, { name: "小王" });
    minutes(1);
    y = await join(chats.A!, { name: "小李" });
    await w.settle();
    expect(await members(chats.A!)).toEqual(["owner1", x, y].sort());
    const g = await db()
      .selectFrom("customer_groups")
      .selectAll()
      .where("chat_id", "=", chats.A!)
      .executeTakeFirstOrThrow();
    expect(g.member_version).toBe(await emulatorVersion(chats.A!));
    expect(g.member_count).toBe(3);
    expect(await joinEvents(chats.A!, x)).toEqual([{ kind: "join", source: "callback", scene: 1 }]);

    await w.people("change-group-notice", { chatId: chats.A!, notice: "群规：禁止广告" });
    await w.settle();
    await refreshAllMarked(w.siyu.ctx);
    const detail = await w.api("GET", `/api/corps/${w.corpId}/groups/${chats.A}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ owner: "owner1", notice: "群规：禁止广告", customers: 2, staff: 1 });
    expect(detail.body.members.find((m: { memberId: string }) => m.memberId === x)).toMatchObject({
      type: "customer",
      joinScene: 1,
    });

    // Admins come with the next re-read; a change of owner is re-read at once.
    const e = (
      await w.people<{ chatId: string }>("create-group", {
        owner: "owner1",
        name: "E",
        memberUserids: ["owner2"],
      })
    ).chatId;
    await w.people("set-group-admins", { chatId: e, admins: ["owner2"] });
    await w.settle();
    await refreshAllMarked(w.siyu.ctx);
    expect((await w.api("GET", `/api/corps/${w.corpId}/groups/${e}`)).body).toMatchObject({
      owner: "owner1",
      admins: ["owner2"],
    });
    await w.people("change-group-owner", { chatId: e, owner: "owner2" });
    await w.settle();
    await refreshAllMarked(w.siyu.ctx);
    expect((await w.api("GET", `/api/corps/${w.corpId}/groups/${e}`)).body).toMatchObject({
      owner: "owner2",
      admins: [],
    });
    await w.people("dismiss-group", { chatId: e });
    await w.settle();
  });

  it("re-reads a group after a lost callback (version gap) and ends correct, each join counted once", async () => {
    minutes(1);
    const lost = await join(chats.A!, { name: "漏掉的" }, true); // WeCom lost this callback
    minutes(1);
    const next = await join(chats.A!, { name: "下一个" });
    await w.settle();
    await waitFor(async () => {
      await refreshAllMarked(w.siyu.ctx);
      return (await members(chats.A!)).includes(lost);
    });
    expect(await members(chats.A!)).toEqual(["owner1", x, y, lost, next].sort());
    const g = await db()
      .selectFrom("customer_groups")
      .select(["member_version", "needs_refresh", "member_count"])
      .where("chat_id", "=", chats.A!)
      .executeTakeFirstOrThrow();
    expect(g).toEqual({
      member_version: await emulatorVersion(chats.A!),
      needs_refresh: false,
      member_count: 5,
    });
    // The gap made the callback of `next` unusable: both joins were found by the re-read, once each.
    expect(await joinEvents(chats.A!, lost)).toEqual([{ kind: "join", source: "reread", scene: 1 }]);
    expect(await joinEvents(chats.A!, next)).toEqual([{ kind: "join", source: "reread", scene: 1 }]);
    const row = await db()
      .selectFrom("customer_group_members")
      .select(["invitor", "join_time"])
      .where("chat_id", "=", chats.A!)
      .where("member_id", "=", lost)
      .executeTakeFirstOrThrow();
    expect(row.invitor).toBe("owner1");
  });

  it("ignores a duplicated callback", async () => {
    minutes(1);
    const last = await emulatorVersion(chats.B!);
    const z = await join(chats.B!, { name: "重复回调" });
    await w.settle();
    const cur = await emulatorVersion(chats.B!);
    expect(await members(chats.B!)).toContain(z);
    const eventsBefore = await joinEvents(chats.B!, z);
    const xml =
      `<xml><ToUserName><![CDATA[${w.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
      `<CreateTime>${Math.floor(w.emuClock.now() / 1000) + 5}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
      `<Event><![CDATA[change_external_chat]]></Event><ChatId><![CDATA[${chats.B}]]></ChatId>` +
      `<ChangeType><![CDATA[update]]></ChangeType><UpdateDetail><![CDATA[add_member]]></UpdateDetail>` +
      `<JoinScene>0</JoinScene><MemChangeCnt>1</MemChangeCnt><MemChangeList><Item><![CDATA[${z}]]></Item></MemChangeList>` +
      `<LastMemVer><![CDATA[${last}]]></LastMemVer><CurMemVer><![CDATA[${cur}]]></CurMemVer></xml>`;
    const res = await postCallback(
      w.siyu.url,
      {
        corpId: w.corpId,
        secret: "live-codes-secret",
        token: "LiveCodesToken",
        aesKey: "bGl2ZUNvZGVzRW5jb2RpbmdBRVNLZXlGb3JUaGVUZXN",
      },
      xml,
    );
    expect(res.status).toBe(200);
    await w.settle();
    expect(await joinEvents(chats.B!, z)).toEqual(eventsBefore);
    const g = await db()
      .selectFrom("customer_groups")
      .select(["member_version", "needs_refresh"])
      .where("chat_id", "=", chats.B!)
      .executeTakeFirstOrThrow();
    expect(g).toEqual({ member_version: cur, needs_refresh: false });
    // The one leaving that follows still applies (the duplicate did not break the version chain).
    await w.people("leave-group", { chatId: chats.B!, externalUserId: z });
    await w.settle();
    expect(await members(chats.B!)).not.toContain(z);
    expect((await joinEvents(chats.B!, z)).map((e) => `${e.kind}/${e.source}`)).toEqual([
      "join/callback",
      "leave/callback",
    ]);
  });

  it("leaves dismissed groups out of the per-owner statistics", async () => {
    await join(chats.D!, { name: "D群客户" });
    await join(chats.C!, { name: "C群客户" });
    await w.settle();
    const before = await w.api("GET", `/api/corps/${w.corpId}/group-stats`);
    expect(before.status).toBe(200);
    const owner2 = () => before.body.owners.find((o: { owner: string }) => o.owner === "owner2");
    // Joins count every member who came in (the owner at creation too), per day of the corp's calendar.
    expect(owner2()).toMatchObject({ groups: 2, members: 4, customers: 2, joins: 4, leaves: 0 });
    await w.people("dismiss-group", { chatId: chats.D! });
    await w.settle();
    const after = await w.api("GET", `/api/corps/${w.corpId}/group-stats`);
    expect(after.body.owners.find((o: { owner: string }) => o.owner === "owner2")).toMatchObject({
      groups: 1,
      members: 2,
      customers: 1,
      joins: 2,
    });
    expect(after.body.totals.groups).toBe(before.body.totals.groups - 1);
    const day = after.body.days.at(-1);
    expect(day.day).toBe("2026-11-20");
    const list = await w.api("GET", `/api/corps/${w.corpId}/groups?dismissed=false`);
    expect(list.body.items.map((g: { chatId: string }) => g.chatId)).not.toContain(chats.D);
  });
});

describe("duplicate members", () => {
  it("lists a customer in 3 groups once; removal waits for the owner and closes on the manual removal", async () => {
    minutes(5);
    await join(chats.B!, { externalUserId: x });
    minutes(5);
    await join(chats.C!, { externalUserId: x });
    await join(chats.C!, { name: "只在C" });
    await w.settle();
    const report = await w.api("GET", `/api/corps/${w.corpId}/group-duplicates`);
    expect(report.status).toBe(200);
    expect(report.body.keep).toEqual(["store_group", "newest"]);
    const rows = report.body.customers.filter((c: { externalUserId: string }) => c.externalUserId === x);
    expect(rows).toHaveLength(1);
    expect(report.body.totalCustomers).toBe(1);
    expect(rows[0].groups.map((g: { chatId: string; keep: boolean }) => [g.chatId, g.keep])).toEqual([
      [chats.C, true],
      [chats.B, false],
      [chats.A, false],
    ]);
    expect(report.body.groups).toHaveLength(3);
    expect(report.body.groups.find((g: { chatId: string }) => g.chatId === chats.A)).toMatchObject({
      duplicates: 1,
      toRemove: 1,
    });

    const plan = await w.api("POST", `/api/corps/${w.corpId}/group-duplicates/plan`);
    expect(plan.body).toEqual({ planned: 2, open: 2 });
    // The owner is asked (WeCom app message through the outbox) to confirm in the console.
    const notes = await db()
      .selectFrom("outbox")
      .select(["recipient", "payload"])
      .where("corp_id", "=", w.corpId)
      .where("planner", "=", "group-duplicates")
      .execute();
    expect(notes.map((n) => n.recipient)).toEqual(["owner1"]);
    expect(JSON.stringify(notes[0]!.payload)).toContain("2 位客户");
    expect((await w.api("POST", `/api/corps/${w.corpId}/group-duplicates/plan`)).body).toEqual({
      planned: 0,
      open: 2,
    });
    const tasks = (await w.api("GET", `/api/corps/${w.corpId}/group-removals?status=open`)).body.items;
    expect(tasks.map((t: { chatId: string; status: string }) => [t.chatId, t.status]).sort()).toEqual(
      [
        [chats.A, "pending"],
        [chats.B, "pending"],
      ].sort(),
    );
    const taskA = tasks.find((t: { chatId: string }) => t.chatId === chats.A);
    const taskB = tasks.find((t: { chatId: string }) => t.chatId === chats.B);
    expect(taskA.instruction).toBeNull();

    // Nobody removed anything yet: x is still in all three groups, in WeCom and in the registry.
    const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
    for (const c of [chats.A!, chats.B!, chats.C!]) {
      expect((await client.groupChat.get(c)).group_chat.member_list.map((m) => m.userid)).toContain(x);
    }
    // The admin is not the owner: refused.
    const byAdmin = await w.api("POST", `/api/corps/${w.corpId}/group-removals/${taskA.id}/confirm`);
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error.code).toBe("GROUP_REMOVAL_NOT_OWNER");
    // A staff user sees only their own groups' tasks (owner1 owns A and B).
    const mine = await asOwner("GET", `/api/corps/${w.corpId}/group-removals?status=open`);
    expect(mine.body.items).toHaveLength(2);

    const confirmed = await asOwner("POST", `/api/corps/${w.corpId}/group-removals/${taskA.id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe("confirmed");
    expect(confirmed.body.instruction).toContain("移出");
    const again = await asOwner("POST", `/api/corps/${w.corpId}/group-removals/${taskA.id}/confirm`);
    expect(again.status).toBe(409);

    // The owner removes x by hand in WeCom (no API exists); the del_member callback closes the task.
    await w.people("leave-group", { chatId: chats.A!, externalUserId: x, removed: true });
    // x leaves B by themselves before the owner decided: that task is moot.
    await w.people("leave-group", { chatId: chats.B!, externalUserId: x });
    await w.settle();
    const closed = (await w.api("GET", `/api/corps/${w.corpId}/group-removals`)).body.items;
    expect(closed.find((t: { id: string }) => t.id === taskA.id)).toMatchObject({
      status: "done",
      quitScene: 1,
    });
    expect(closed.find((t: { id: string }) => t.id === taskB.id)).toMatchObject({
      status: "moot",
      quitScene: 0,
    });
    expect(await members(chats.A!)).not.toContain(x);
    const after = await w.api("GET", `/api/corps/${w.corpId}/group-duplicates`);
    expect(after.body.customers).toEqual([]);
  });

  it("keeps by the configured rules and refuses bad rules field by field", async () => {
    const put = await w.api("PUT", `/api/corps/${w.corpId}/group-duplicates/settings`, { keep: ["oldest"] });
    expect(put.status).toBe(200);
    minutes(1);
    await join(chats.B!, { externalUserId: y });
    await w.settle();
    const report = await w.api("GET", `/api/corps/${w.corpId}/group-duplicates?chatId=${chats.B}`);
    const row = report.body.customers.find((c: { externalUserId: string }) => c.externalUserId === y);
    expect(row.groups.find((g: { keep: boolean }) => g.keep).chatId).toBe(chats.A);

    const bad = async (keep: unknown) => {
      const r = await w.api("PUT", `/api/corps/${w.corpId}/group-duplicates/settings`, { keep });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("VALIDATION_FAILED");
      return r.body.error.details;
    };
    expect(await bad(["newest", "oldest"])).toContainEqual({
      path: "/keep/1",
      message: "newest and oldest contradict each other; keep one",
    });
    expect(await bad(["bogus"])).toContainEqual({
      path: "/keep/0",
      message: "unknown rule; use store_group, newest, oldest, largest or smallest",
    });
    expect(await bad([])).toContainEqual({ path: "/keep", message: "give at least one rule" });
    expect((await w.api("GET", `/api/corps/${w.corpId}/group-duplicates/settings`)).body.keep).toEqual([
      "oldest",
    ]);
  });

  it("keeps each corp's registry, duplicates and tasks to itself", async () => {
    const other = "/api/corps/wwSomeOtherCorp";
    expect((await w.api("GET", `${other}/groups/${chats.A}`)).status).toBe(404);
    expect((await w.api("GET", `${other}/group-duplicates`)).body.customers).toEqual([]);
    expect((await w.api("GET", `${other}/group-removals`)).body.items).toEqual([]);
    expect((await w.api("GET", `${other}/group-stats`)).body.owners).toEqual([]);
    const mine = (await w.api("GET", `/api/corps/${w.corpId}/group-removals`)).body.items[0];
    expect((await asOwner("POST", `${other}/group-removals/${mine.id}/dismiss`)).status).toBe(404);
  });
});
