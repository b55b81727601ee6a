// The end-to-end flow against the emulator: a live code with 3 staff capped at 2 a day plus a backup;
// 7 customers scan → 2 each for the staff, the 7th to the backup; every customer carries the channel tag in
// WeCom and in Siyu and received the welcome text and attachments within the 20 s window; stats count 7 adds,
// and a customer deleting the member shows in the stats.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { LiveCodeView } from "../src/domains/live-codes/live-codes.schemas.ts";
import { type LcWorld, startLcWorld, waitFor } from "./live-codes-world.ts";

interface Received {
  kind: string;
  /** Emulator time, epoch seconds. */
  at: number;
  sender: string;
  text: string;
  attachments: unknown[];
}

let w: LcWorld;
let tagId: string;
let code: LiveCodeView;
const scans: { externalUserId: string; userid: string }[] = [];

beforeAll(async () => {
  w = await startLcWorld({ members: ["s1", "s2", "s3", "bk"] });
  const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
  const added = await client.corpTags.add({ group_name: "渠道", tag: [{ name: "地铁海报" }] });
  tagId = added.tag_group.tag[0]!.id;
});
afterAll(() => w.stop());

const emuWay = async (configId: string) => {
  const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
  return (await client.contactWay.get(configId)).contact_way;
};

it("creates the code as a multi-member QR contact way with its state, offering the first staff member", async () => {
  const res = await w.api("POST", `/api/corps/${w.corpId}/live-codes`, {
    name: "地铁海报 A",
    state: "metro-poster-a",
    staff: [{ userid: "s1" }, { userid: "s2" }, { userid: "s3" }],
    backupStaff: [{ userid: "bk" }],
    strategy: "rotation",
    dailyCap: 2,
    tagIds: [tagId],
    storeName: "静安店",
    welcome: {
      text: "{customer_name}您好，我是{staff_name}，欢迎光临{store_name}！",
      attachments: [
        { type: "image", picUrl: "https://img.example.com/welcome.png" },
        { type: "link", title: "新人礼", url: "https://shop.example.com/gift", desc: "领取新人券" },
      ],
    },
  });
  expect(res.status).toBe(200);
  code = res.body;
  expect(code).toMatchObject({
    state: "metro-poster-a",
    enabled: true,
    routing: { offeredUsers: ["s1"] },
    welcome: { scope: "code", text: expect.stringContaining("{customer_name}") },
  });
  const way = await emuWay(code.configId!);
  expect(way).toMatchObject({ type: 2, scene: 2, state: "metro-poster-a", user: ["s1"] });
  expect(way.qr_code).toBe(code.qrCode);
});

it("routes 7 scans: 2 to each staff member, then the backup", async () => {
  for (let i = 0; i < 7; i++) {
    const r = await w.people<{ externalUserId: string; userid: string; welcomeCode: string }>(
      "scan-contact-way",
      {
        configId: code.configId!,
        customer: { name: `顾客${i + 1}` },
      },
    );
    expect(r.welcomeCode).not.toBe("");
    scans.push({ externalUserId: r.externalUserId, userid: r.userid });
    // Siyu records the add and re-routes the contact way before the next customer scans.
    const v = await waitFor(async () => {
      const v = (await w.api("GET", `/api/corps/${w.corpId}/live-codes/${code.id}`)).body;
      return v.today.adds === i + 1 && !v.routing.syncPending && v;
    });
    expect(v.routing.lastSyncError).toBeNull();
    expect((await emuWay(code.configId!)).user).toEqual(v.routing.offeredUsers);
  }
  const per = (u: string) => scans.filter((s) => s.userid === u).length;
  expect([per("s1"), per("s2"), per("s3")]).toEqual([2, 2, 2]);
  expect(scans[6]!.userid).toBe("bk");

  const view = (await w.api("GET", `/api/corps/${w.corpId}/live-codes/${code.id}`)).body;
  expect(view.routing.offeredUsers).toEqual(["bk"]);
  expect(view.staff.map((s: { addsToday: number }) => s.addsToday)).toEqual([2, 2, 2]);
  expect((await emuWay(code.configId!)).user).toEqual(["bk"]);
});

it("tags every customer with the channel tag in WeCom and in Siyu", async () => {
  for (const s of scans) {
    const emu = await w.control<{ follows: { userid: string; tagIds: string[] }[] }>(
      "GET",
      `/_emulator/corps/${w.corpId}/customers/${s.externalUserId}`,
    );
    expect(emu.follows.find((f) => f.userid === s.userid)?.tagIds).toContain(tagId);
  }
  const rows = await w.siyu.ctx.db
    .selectFrom("follow_tags")
    .select(["external_userid", "userid", "source", "reason"])
    .where("corp_id", "=", w.corpId)
    .where("tag_id", "=", tagId)
    .execute();
  expect(rows).toHaveLength(7);
  for (const s of scans) {
    expect(rows).toContainEqual({
      external_userid: s.externalUserId,
      userid: s.userid,
      source: "channel",
      reason: "地铁海报 A",
    });
  }
});

it("greets every customer with the rendered text and both attachments within 20 s", async () => {
  for (const [i, s] of scans.entries()) {
    const msgs = await waitFor(async () => {
      const m = await w.control<{ received: Received[] }>(
        "GET",
        `/_emulator/corps/${w.corpId}/customers/${s.externalUserId}/messages`,
      );
      return m.received.length > 0 && m.received;
    });
    // WeCom's own clock: the welcome arrived within 20 s of the add.
    const customer = await w.control<{ follows: { userid: string; createtime: number }[] }>(
      "GET",
      `/_emulator/corps/${w.corpId}/customers/${s.externalUserId}`,
    );
    const addedAt = customer.follows.find((f) => f.userid === s.userid)!.createtime;
    expect(msgs[0]!.at - addedAt).toBeGreaterThanOrEqual(0);
    expect(msgs[0]!.at - addedAt).toBeLessThanOrEqual(20);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({
      kind: "welcome",
      sender: s.userid,
      text: `顾客${i + 1}您好，我是员工${s.userid}，欢迎光临静安店！`,
    });
    expect(msgs[0]?.attachments).toEqual([
      { msgtype: "image", image: { pic_url: "https://img.example.com/welcome.png" } },
      {
        msgtype: "link",
        link: { title: "新人礼", url: "https://shop.example.com/gift", desc: "领取新人券" },
      },
    ]);
  }
  const outbox = (await w.api("GET", `/api/corps/${w.corpId}/outbox?planner=welcome`)).body.items;
  expect(outbox).toHaveLength(7);
  for (const item of outbox) {
    expect(item.status).toBe("sent");
    expect(new Date(item.sentAt).getTime()).toBeLessThanOrEqual(new Date(item.notAfter).getTime());
    expect(item.decisions).toMatchObject([{ action: "send", rule: null }]);
  }
});

it("counts 7 adds in the code's stats, and a customer deleting the member as a delete", async () => {
  let stats = (await w.api("GET", `/api/corps/${w.corpId}/live-codes/${code.id}/stats`)).body;
  expect(stats.total).toEqual({ adds: 7, deletesByCustomer: 0, net: 7 });
  expect(stats.days.at(-1)).toMatchObject({ adds: 7 });

  const gone = scans[0]!;
  await w.people("customer-deletes-member", { userid: gone.userid, externalUserId: gone.externalUserId });
  await w.settle();
  stats = await waitFor(async () => {
    const s = (await w.api("GET", `/api/corps/${w.corpId}/live-codes/${code.id}/stats`)).body;
    return s.total.deletesByCustomer === 1 && s;
  });
  expect(stats.total).toEqual({ adds: 7, deletesByCustomer: 1, net: 6 });
  expect(stats.days.at(-1)).toMatchObject({ adds: 7, deletesByCustomer: 1, net: 6 });
  expect(stats.byStaff).toContainEqual({ userid: gone.userid, adds: 2, deletesByCustomer: 1 });
  const view = (await w.api("GET", `/api/corps/${w.corpId}/live-codes/${code.id}`)).body;
  expect(view.today).toEqual({ adds: 7, deletesByCustomer: 1, net: 6 });
});

it("counts a customer who must be accepted once, greets them once, and tags them on acceptance", async () => {
  const verify = (
    await w.api("POST", `/api/corps/${w.corpId}/live-codes`, {
      name: "需验证",
      skipVerify: false,
      staff: [{ userid: "s3" }],
      tagIds: [tagId],
      welcome: { text: "稍等，我马上通过" },
    })
  ).body as LiveCodeView;
  expect((await emuWay(verify.configId!)).skip_verify).toBe(false);
  const r = await w.people<{ externalUserId: string; half: boolean }>("scan-contact-way", {
    configId: verify.configId,
    customer: { name: "待验证" },
  });
  expect(r.half).toBe(true);
  await w.settle();
  const messages = async () =>
    (
      await w.control<{ received: Received[] }>(
        "GET",
        `/_emulator/corps/${w.corpId}/customers/${r.externalUserId}/messages`,
      )
    ).received;
  await waitFor(async () => (await messages()).length === 1);

  await w.people("accept-contact", { userid: "s3", externalUserId: r.externalUserId });
  await w.settle();
  const emu = await waitFor(async () => {
    const c = await w.control<{ follows: { userid: string; tagIds: string[] }[] }>(
      "GET",
      `/_emulator/corps/${w.corpId}/customers/${r.externalUserId}`,
    );
    return c.follows[0]?.tagIds.includes(tagId) && c;
  });
  expect(emu.follows[0]?.userid).toBe("s3");
  const stats = (await w.api("GET", `/api/corps/${w.corpId}/live-codes/${verify.id}/stats`)).body;
  expect(stats.total.adds).toBe(1);
  await w.siyu.dispatcher?.drain();
  expect(await messages()).toMatchObject([{ kind: "welcome", text: "稍等，我马上通过" }]);
});
