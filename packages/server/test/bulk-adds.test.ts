// Bulk adds (A5) over a simulated week on the emulator's clock: a phone list imported (bad rows by number,
// duplicates, existing friends left out), spread as daily tasks within each account's safe cap and a new
// account's hourly threshold, sent and accepted (a later add from that phone), expired and re-assigned to another
// member; a restricted account gets nothing while restricted and a banned one never; corp isolation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { runBulkAddCycle } from "../src/domains/bulk-adds/bulk-adds.plan.ts";
import { markSent } from "../src/domains/bulk-adds/bulk-adds.service.ts";
import { putCorp } from "../src/domains/corps/corps.service.ts";
import { type LcWorld, startLcWorld, waitFor } from "./live-codes-world.ts";
import { adminSession } from "./siyu.ts";

const H = 3_600_000;
const D = 24 * H;
// Local (UTC+8) midnight of Monday 2026-11-30.
const DAY0 = Date.parse("2026-11-29T16:00:00Z");
const at = (day: number, hour: number, minute = 0) => DAY0 + day * D + hour * H + minute * 60_000;
const localDay = (ms: number) => new Date(ms + 8 * H).toISOString().slice(0, 10);

let t = at(0, 20, 10);
let w: LcWorld;
let ctx: Ctx;
const setNow = async (ms: number) => {
  const jumpedDays = Math.floor(ms / D) !== Math.floor(t / D);
  t = ms;
  w.emuClock.freeze(ms);
  // Sessions last 7 days of (test) clock: log in again after a jump.
  if (jumpedDays) Object.assign(w.headers, await adminSession(w.siyu.url));
};

const MEMBERS = ["v1", "v2", "v3", "n1", "n2", "lim", "ban"];
// Safe caps by hand (40 + age points + 10 per verification − 15 per past restriction).
const CAP: Record<string, number> = { v1: 100, v2: 80, v3: 60, n1: 60, n2: 40, lim: 80, ban: 0 };
const NEW = new Set(["n1", "n2"]);
const daysBefore = (n: number) => localDay(DAY0 - n * D);
const phone = (i: number) => `1380000${String(i).padStart(4, "0")}`;

beforeAll(async () => {
  w = await startLcWorld({ members: MEMBERS, clock: { now: () => t } });
  w.emuClock.freeze(t);
  ctx = w.siyu.ctx;
  await ctx.db
    .insertInto("members")
    .values(MEMBERS.map((userid) => ({ corp_id: w.corpId, userid, name: userid, customer_contact: true })))
    .onConflict((oc) => oc.columns(["corp_id", "userid"]).doNothing())
    .execute();
  const profiles: Array<[string, object]> = [
    ["v1", { createdOn: "2025-01-01", corpVerified: true, personalVerified: true }],
    ["v2", { createdOn: daysBefore(100), corpVerified: true }],
    ["v3", { createdOn: daysBefore(45) }],
    ["n1", { createdOn: daysBefore(5), corpVerified: true, personalVerified: true }],
    ["lim", { createdOn: daysBefore(200) }],
    ["ban", { createdOn: "2024-01-01" }],
  ];
  for (const [userid, body] of profiles) {
    const r = await w.api("PUT", `/api/corps/${w.corpId}/account-health/${userid}`, body);
    expect(r.status).toBe(200);
  }
  expect(
    (
      await w.api("POST", `/api/corps/${w.corpId}/sender-restrictions`, {
        userid: "ban",
        state: "member_banned",
      })
    ).status,
  ).toBe(200);
  // Two phones on the list belong to existing friends of v1.
  for (const i of [7, 8]) {
    await w.people("add-customer", {
      userid: "v1",
      customer: { name: `老客${i}` },
      addWay: 1,
      remarkMobiles: [phone(i)],
    });
  }
  await w.settle();
  await waitFor(async () => {
    const rows = await ctx.db
      .selectFrom("customers")
      .select("phones")
      .where("corp_id", "=", w.corpId)
      .execute();
    return rows.filter((r) => r.phones.length > 0).length === 2;
  }, 20_000);
}, 60_000);
afterAll(() => w.stop());

async function upload(csv: string, name: string, corpId = w.corpId) {
  const res = await fetch(
    `${w.siyu.url}/api/corps/${corpId}/bulk-adds/lists?name=${encodeURIComponent(name)}`,
    {
      method: "POST",
      headers: { ...w.headers, "content-type": "text/csv" },
      body: csv,
    },
  );
  return { status: res.status, body: await res.json() };
}

const tasks = () =>
  ctx.db
    .selectFrom("bulk_add_tasks as t")
    .innerJoin("bulk_add_leads as l", "l.id", "t.lead_id")
    .select([
      "t.id",
      "t.userid",
      "t.day",
      "t.due_at",
      "t.status",
      "t.sent_at",
      "t.assigned_at",
      "t.lead_id",
      "l.phone",
    ])
    .where("t.corp_id", "=", w.corpId)
    .orderBy("t.id")
    .execute();

describe("import", () => {
  it("reports bad rows by number, counts duplicates, and leaves out friends", async () => {
    const lines = ["姓名,手机号"];
    for (let i = 0; i < 2000; i++) lines.push(`客户${i},${i % 3 === 0 ? `+86 ${phone(i)}` : phone(i)}`);
    lines.push(
      "坏1,135****4606",
      "坏2,12345",
      "坏3,",
      `重复,${phone(10)}`,
      `重复,138-0000-0011`,
      `重复,${phone(12)}`,
    );
    const res = await upload(lines.join("\n"), "第一批");
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      rows: 2006,
      added: 1998,
      duplicates: 3,
      alreadyFriends: 2,
      alreadyListed: 0,
      leads: { waiting: 1998 },
    });
    expect(res.body.badRows).toEqual([
      { row: 2002, field: "phone", message: expect.stringMatching(/masked|not a phone/) },
      { row: 2003, field: "phone", message: expect.stringMatching(/11-digit/) },
      { row: 2004, field: "phone", message: "no phone number in this row" },
    ]);
    // The same phones again: all already listed, nothing new.
    const again = await upload(`手机号\n${phone(1)}\n${phone(2)}\n13912345678`, "第二批");
    expect(again.body).toMatchObject({ added: 1, alreadyListed: 2 });
  });

  it("refuses a file without a phone column or that can't be read, storing nothing", async () => {
    const before = (await w.api("GET", `/api/corps/${w.corpId}/bulk-adds/lists`)).body.items.length;
    const noPhone = await upload("姓名,城市\n张三,上海", "无手机");
    expect(noPhone.status).toBe(422);
    expect(noPhone.body.error).toMatchObject({
      code: "BULK_ADD_IMPORT_COLUMNS_MISSING",
      details: [{ path: "/file", message: expect.stringMatching(/no phone column.*姓名, 城市/) }],
    });
    const empty = await upload("", "空");
    expect([400, 422]).toContain(empty.status);
    expect((await w.api("GET", `/api/corps/${w.corpId}/bulk-adds/lists`)).body.items.length).toBe(before);
  });
});

describe("a simulated week", () => {
  it("keeps every account within its cap and a new account under 40 an hour; restricted ones get nothing", async () => {
    // Monday 20:10: one working hour left today.
    const first = await runBulkAddCycle(ctx, w.corpId);
    expect(first.assigned).toBeGreaterThan(0);
    let all = await tasks();
    const monday = all.filter((x) => x.day === localDay(at(0, 12)));
    const count = (list: typeof all, u: string) => list.filter((x) => x.userid === u).length;
    // The new accounts fit only 39 tasks into the last hour; the others get their whole cap.
    expect(count(monday, "n1")).toBe(39);
    expect(count(monday, "n2")).toBe(39);
    // v1 already made two friends today (the two customers above): 98 left.
    expect(count(monday, "v1")).toBe(98);
    expect(count(monday, "ban")).toBe(0);

    const restrictedFrom = at(2, 9);
    const restrictedUntil = at(5, 9);
    for (let day = 1; day < 7; day++) {
      for (const hour of [8, 12]) {
        await setNow(at(day, hour, 30));
        if (day === 2 && hour === 12) {
          // lim was limited at 09:00 for 72 h.
          await setNow(restrictedFrom);
          const r = await w.api("POST", `/api/corps/${w.corpId}/sender-restrictions`, {
            userid: "lim",
            state: "limited",
            hours: 72,
            note: "加好友频繁",
          });
          expect(r.status).toBe(200);
          await setNow(at(day, hour, 30));
        }
        await runBulkAddCycle(ctx, w.corpId);
      }
      // Members send their tasks when due (all but v3, whose tasks expire and go to someone else).
      const today = (await tasks()).filter((x) => x.day === localDay(at(day, 12)) && x.status === "assigned");
      for (const task of today.sort((a, b) => a.due_at.getTime() - b.due_at.getTime())) {
        if (task.userid === "v3") continue;
        await setNow(Math.max(task.due_at.getTime(), t));
        await markSent(ctx, w.corpId, task.id);
      }
      // Ten customers a day accept: each adds the member back from the phone the member searched.
      const sent = (await tasks())
        .filter((x) => x.day === localDay(at(day, 12)) && x.status === "sent")
        .slice(0, 10);
      for (const task of sent)
        await w.people("add-customer", {
          userid: task.userid,
          customer: { name: `新客${task.phone}` },
          addWay: 2,
          remarkMobiles: [task.phone],
        });
      await w.settle();
      // The new friends' phones arrive with the refresh worker (from WeCom's remark mobiles).
      await waitFor(async () => {
        const rows = await ctx.db
          .selectFrom("customers")
          .select("phones")
          .where("corp_id", "=", w.corpId)
          .where("needs_refresh", "=", true)
          .execute();
        return rows.length === 0;
      }, 30_000);
    }
    await setNow(at(7, 8, 30));
    await runBulkAddCycle(ctx, w.corpId);
    all = await tasks();

    // Caps per member and day.
    const perDay = new Map<string, number>();
    for (const x of all) perDay.set(`${x.userid}|${x.day}`, (perDay.get(`${x.userid}|${x.day}`) ?? 0) + 1);
    for (const [k, n] of perDay) {
      const [userid, day] = k.split("|") as [string, string];
      // lim comes back from its cool-down with one restriction in its history: 80 − 15.
      const cap = userid === "lim" && day >= localDay(restrictedUntil) ? 65 : (CAP[userid] ?? 0);
      expect(n, `${userid} on ${day}`).toBeLessThanOrEqual(cap);
    }
    // The healthy accounts were busy every day.
    for (let day = 1; day < 7; day++) expect(perDay.get(`v1|${localDay(at(day, 12))}`)).toBe(100);

    // New accounts: under 40 due in any clock hour and under 40 sent in any rolling hour.
    for (const u of NEW) {
      const mine = all.filter((x) => x.userid === u);
      const byHour = new Map<number, number>();
      for (const x of mine)
        byHour.set(
          Math.floor(x.due_at.getTime() / H),
          (byHour.get(Math.floor(x.due_at.getTime() / H)) ?? 0) + 1,
        );
      expect(Math.max(...byHour.values())).toBeLessThan(40);
      const sentTimes = mine.flatMap((x) => (x.sent_at ? [x.sent_at.getTime()] : [])).sort((a, b) => a - b);
      for (let i = 0; i < sentTimes.length; i++) {
        const inHour = sentTimes.filter((s) => s > sentTimes[i]! - H && s <= sentTimes[i]!).length;
        expect(inHour).toBeLessThan(40);
      }
    }
    // The banned account never got a task; lim none assigned while restricted, and nothing it held was sent then.
    expect(all.filter((x) => x.userid === "ban")).toEqual([]);
    const limTasks = all.filter((x) => x.userid === "lim");
    expect(
      limTasks.filter(
        (x) => x.assigned_at.getTime() >= restrictedFrom && x.assigned_at.getTime() < restrictedUntil,
      ),
    ).toEqual([]);
    expect(
      limTasks.filter(
        (x) => x.sent_at && x.sent_at.getTime() >= restrictedFrom && x.sent_at.getTime() < restrictedUntil,
      ),
    ).toEqual([]);
    expect(limTasks.some((x) => x.assigned_at.getTime() >= restrictedUntil)).toBe(true);

    // Accepted: the tasks whose customer added the member from that phone.
    const accepted = all.filter((x) => x.status === "accepted");
    expect(accepted.length).toBe(60);
    // Expired (v3 never sent) and re-assigned to another member.
    const expired = all.filter((x) => x.status === "expired" && x.userid === "v3");
    expect(expired.length).toBeGreaterThan(0);
    const again = all.filter((x) => x.lead_id === expired[0]!.lead_id);
    // Each later attempt went to a member who had not tried it (sent but never accepted expires too).
    expect(again.length).toBeGreaterThanOrEqual(2);
    expect(new Set(again.map((x) => x.userid)).size).toBe(again.length);

    // The emulator saw no add-rate risk.
    const rules = await w.control<Array<{ rule: string }>>("GET", `/_emulator/corps/${w.corpId}/rules`);
    expect(rules.filter((r) => r.rule === "add_rate_risk")).toEqual([]);
  }, 600_000);

  it("refuses a new account's 40th add request within an hour, and a restricted account's", async () => {
    await setNow(at(8, 8, 30));
    await runBulkAddCycle(ctx, w.corpId);
    await setNow(at(8, 9, 0));
    const mine = (
      await w.api(
        "GET",
        `/api/corps/${w.corpId}/bulk-adds/tasks?userid=n1&status=assigned&day=${localDay(t)}`,
      )
    ).body.items;
    expect(mine.length).toBeGreaterThanOrEqual(40);
    for (let i = 0; i < 39; i++) {
      const r = await w.api("POST", `/api/corps/${w.corpId}/bulk-adds/tasks/${mine[i].id}/sent`);
      expect(r.status).toBe(200);
    }
    const over = await w.api("POST", `/api/corps/${w.corpId}/bulk-adds/tasks/${mine[39].id}/sent`);
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe("ADD_RATE_LIMITED");
    await setNow(at(8, 10, 1));
    expect((await w.api("POST", `/api/corps/${w.corpId}/bulk-adds/tasks/${mine[39].id}/sent`)).status).toBe(
      200,
    );

    const r = await w.api("POST", `/api/corps/${w.corpId}/sender-restrictions`, {
      userid: "v2",
      state: "limited",
      hours: 24,
    });
    const v2 = (await w.api("GET", `/api/corps/${w.corpId}/bulk-adds/tasks?userid=v2&status=assigned`)).body
      .items;
    expect(v2.length).toBeGreaterThan(0);
    const refused = await w.api("POST", `/api/corps/${w.corpId}/bulk-adds/tasks/${v2[0].id}/sent`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("ACCOUNT_RESTRICTED");
    // The next cycle takes v2's unsent tasks back and gives them to others.
    await runBulkAddCycle(ctx, w.corpId);
    expect(
      (await w.api("GET", `/api/corps/${w.corpId}/bulk-adds/tasks?userid=v2&status=assigned`)).body.items,
    ).toEqual([]);
    await w.api("POST", `/api/corps/${w.corpId}/sender-restrictions/${r.body.id}/lift`);
  });

  it("shows one corp nothing of another's", async () => {
    await putCorp(ctx, {
      corpId: "wwOtherBulk",
      name: "other",
      secret: "other-secret",
      token: "OtherToken",
      aesKey: "b3RoZXJDb3JwRW5jb2RpbmdBRVNLZXlGb3JUaGVUZXN",
      apiBase: "http://127.0.0.1:9",
    });
    const lists = await w.api("GET", `/api/corps/wwOtherBulk/bulk-adds/lists`);
    expect(lists.status).toBe(200);
    expect(lists.body.items).toEqual([]);
    const tasksOther = await w.api("GET", `/api/corps/wwOtherBulk/bulk-adds/tasks`);
    expect(tasksOther.status).toBe(200);
    expect(tasksOther.body.items).toEqual([]);
    const one = (await tasks())[0]!;
    const cross = await w.api("POST", `/api/corps/wwOtherBulk/bulk-adds/tasks/${one.id}/sent`);
    expect(cross.status).toBe(404);
    const mineList = (await w.api("GET", `/api/corps/${w.corpId}/bulk-adds/lists`)).body.items[0];
    expect((await w.api("GET", `/api/corps/wwOtherBulk/bulk-adds/lists/${mineList.id}`)).status).toBe(404);
  });
});
