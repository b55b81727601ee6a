// The typed endpoint groups of @siyu/wecom driven against the emulator: each method reaches the right path
// with the right method and parameter names, and the typed responses carry what the people actions did.
import { WeComApiError } from "@siyu/wecom";
import { afterEach, describe, expect, it } from "vitest";
import { type Booted, bootEmulator, CORP } from "./setup.ts";

let env: Booted | undefined;
afterEach(async () => {
  await env?.emu.close();
  env = undefined;
});

async function world() {
  env = await bootEmulator();
  const booted = env;
  for (const userid of ["alice", "bob"]) await booted.control("POST", `/corps/${CORP}/members`, { userid });
  const people = <T>(action: string, body: unknown) =>
    booted.control<T>("POST", `/corps/${CORP}/people/${action}`, body);
  const addCustomer = (userid: string, extra: Record<string, unknown> = {}) =>
    people<{ externalUserId: string; welcomeCode: string }>("add-customer", { userid, ...extra });
  return { ...booted, people, addCustomer, client: booted.client() };
}

const errcode = async (p: Promise<unknown>) => {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WeComApiError);
  return (err as WeComApiError).errcode;
};

describe("externalContact", () => {
  it("lists members and customers, reads details, walks batch pages and remarks", async () => {
    const w = await world();
    const a1 = await w.addCustomer("alice", { state: "ch1", customer: { name: "陈静" } });
    const a2 = await w.addCustomer("alice");
    const b1 = await w.addCustomer("bob");
    await w.addCustomer("bob", { externalUserId: a1.externalUserId });

    expect((await w.client.externalContact.getFollowUserList()).follow_user).toEqual(["alice", "bob"]);
    expect((await w.client.externalContact.list("alice")).external_userid.sort()).toEqual(
      [a1.externalUserId, a2.externalUserId].sort(),
    );

    const detail = await w.client.externalContact.get(a1.externalUserId);
    expect(detail.external_contact).toMatchObject({ external_userid: a1.externalUserId, name: "陈静" });
    expect(detail.follow_user.find((f) => f.userid === "alice")?.state).toBe("ch1");
    const all = await w.client.externalContact.getAll(a1.externalUserId);
    expect(all.follow_user.map((f) => f.userid).sort()).toEqual(["alice", "bob"]);

    const pairs: string[] = [];
    for await (const e of w.client.externalContact.iterateByUser(["alice", "bob"], { limit: 1 })) {
      pairs.push(`${e.follow_info.userid}/${e.external_contact.external_userid}`);
    }
    expect(pairs.sort()).toEqual(
      [
        `alice/${a1.externalUserId}`,
        `alice/${a2.externalUserId}`,
        `bob/${b1.externalUserId}`,
        `bob/${a1.externalUserId}`,
      ].sort(),
    );

    await w.client.externalContact.remark({
      userid: "alice",
      external_userid: a2.externalUserId,
      remark: "陈姐",
      remark_mobiles: ["13800000001"],
    });
    const remarked = await w.client.externalContact.get(a2.externalUserId);
    expect(remarked.follow_user[0]).toMatchObject({ remark: "陈姐", remark_mobiles: ["13800000001"] });
  });

  it("sends a welcome message once per code, within its 20 s", async () => {
    const w = await world();
    const first = await w.addCustomer("alice");
    const ok = await w.client.externalContact.sendWelcomeMsg({
      welcome_code: first.welcomeCode,
      text: { content: "您好" },
    });
    expect(ok.errcode).toBe(0);
    expect(
      await errcode(
        w.client.externalContact.sendWelcomeMsg({ welcome_code: first.welcomeCode, text: { content: "x" } }),
      ),
    ).toBe(41051);
    const late = await w.addCustomer("bob");
    w.clock.advance(21_000);
    expect(
      await errcode(
        w.client.externalContact.sendWelcomeMsg({ welcome_code: late.welcomeCode, text: { content: "x" } }),
      ),
    ).toBe(41050);
  });
});

describe("corpTags", () => {
  it("adds, lists, edits, marks and deletes tags", async () => {
    const w = await world();
    const customer = await w.addCustomer("alice");
    const added = await w.client.corpTags.add({
      group_name: "客户等级",
      tag: [{ name: "A" }, { name: "B" }],
    });
    const [a, b] = added.tag_group.tag;
    expect([a?.name, b?.name]).toEqual(["A", "B"]);

    const byGroup = await w.client.corpTags.list({ group_id: [added.tag_group.group_id] });
    expect(byGroup.tag_group.map((g) => g.group_name)).toEqual(["客户等级"]);

    await w.client.corpTags.edit({ id: a!.id, name: "A+" });
    await w.client.corpTags.markTag({
      userid: "alice",
      external_userid: customer.externalUserId,
      add_tag: [a!.id],
    });
    const tagged = await w.client.externalContact.get(customer.externalUserId);
    expect(tagged.follow_user[0]?.tags).toEqual([
      expect.objectContaining({ group_name: "客户等级", tag_name: "A+", tag_id: a!.id, type: 1 }),
    ]);

    await w.client.corpTags.del({ tag_id: [b!.id] });
    const after = await w.client.corpTags.list();
    expect(after.tag_group.flatMap((g) => g.tag.map((t) => t.name))).toEqual(["A+"]);
  });
});

describe("contactWay", () => {
  it("adds, reads, lists, updates and deletes a contact way; a scan brings its state", async () => {
    const w = await world();
    const added = await w.client.contactWay.add({ type: 1, scene: 2, user: ["alice"], state: "poster-1" });
    expect(added.qr_code).toBeTruthy();
    const got = await w.client.contactWay.get(added.config_id);
    expect(got.contact_way).toMatchObject({
      config_id: added.config_id,
      type: 1,
      scene: 2,
      state: "poster-1",
    });
    expect((await w.client.contactWay.list()).contact_way.map((c) => c.config_id)).toContain(added.config_id);

    await w.client.contactWay.update({ config_id: added.config_id, remark: "海报" });
    expect((await w.client.contactWay.get(added.config_id)).contact_way.remark).toBe("海报");

    const scanned = await w.people<{ externalUserId: string }>("scan-contact-way", {
      configId: added.config_id,
    });
    const detail = await w.client.externalContact.get(scanned.externalUserId);
    expect(detail.follow_user[0]).toMatchObject({ userid: "alice", state: "poster-1" });

    await w.client.contactWay.del(added.config_id);
    expect(await errcode(w.client.contactWay.get(added.config_id))).toBe(41044);
  });
});

describe("groupChat", () => {
  it("lists and reads customer groups and manages join ways", async () => {
    const w = await world();
    const customer = await w.addCustomer("alice");
    const { chatId } = await w.people<{ chatId: string }>("create-group", {
      owner: "alice",
      name: "VIP 群",
      externalUserIds: [customer.externalUserId],
    });

    expect((await w.client.groupChat.list({ limit: 10 })).group_chat_list.map((g) => g.chat_id)).toEqual([
      chatId,
    ]);
    const walked: string[] = [];
    for await (const g of w.client.groupChat.iterate({}, { limit: 1 })) walked.push(g.chat_id);
    expect(walked).toEqual([chatId]);

    const group = await w.client.groupChat.get(chatId, { needName: true });
    expect(group.group_chat).toMatchObject({ chat_id: chatId, name: "VIP 群", owner: "alice" });
    expect(group.group_chat.member_list.find((m) => m.userid === customer.externalUserId)?.type).toBe(2);

    const way = await w.client.groupChat.addJoinWay({ scene: 2, chat_id_list: [chatId], state: "g1" });
    const read = await w.client.groupChat.getJoinWay(way.config_id);
    expect(read.join_way).toMatchObject({ config_id: way.config_id, chat_id_list: [chatId], state: "g1" });
    await w.client.groupChat.updateJoinWay({
      config_id: way.config_id,
      scene: 2,
      chat_id_list: [chatId],
      remark: "r",
    });
    expect((await w.client.groupChat.getJoinWay(way.config_id)).join_way.remark).toBe("r");
    await w.client.groupChat.delJoinWay(way.config_id);
    expect(await errcode(w.client.groupChat.getJoinWay(way.config_id))).not.toBe(0);
  });
});

describe("kf (微信客服)", () => {
  it("lists accounts, pulls a conversation page by page with the cursor, and reads customers", async () => {
    const w = await world();
    const { openKfid } = await w.people<{ openKfid: string }>("kf-create-account", {
      name: "咨询客服",
      servicers: ["alice"],
    });
    const customer = await w.addCustomer("alice", { customer: { name: "陈静" } });
    const id = customer.externalUserId;
    await w.people("kf-customer-enters", { openKfid, externalUserId: id, scene: "s1" });
    const said = await w.people<{ msgid: string }>("kf-customer-message", {
      openKfid,
      externalUserId: id,
      text: "我想退货",
    });
    await w.people("kf-servicer-message", { openKfid, externalUserId: id, userid: "alice", text: "好的" });

    const accounts = await w.client.kf.listAccounts();
    expect(accounts.account_list).toEqual([
      expect.objectContaining({ open_kfid: openKfid, name: "咨询客服", manage_privilege: true }),
    ]);

    // Two items per page: enter_session + the customer's text, then the servicer's reply.
    const first = await w.client.kf.syncMsg({ open_kfid: openKfid, limit: 2 });
    expect(first.has_more).toBe(1);
    expect(first.msg_list.map((m) => [m.origin, m.msgtype])).toEqual([
      [4, "event"],
      [3, "text"],
    ]);
    expect(first.msg_list[0]?.event).toMatchObject({ event_type: "enter_session", scene: "s1" });
    expect(first.msg_list[1]).toMatchObject({
      msgid: said.msgid,
      open_kfid: openKfid,
      external_userid: id,
      text: { content: "我想退货" },
    });
    const second = await w.client.kf.syncMsg({ open_kfid: openKfid, cursor: first.next_cursor });
    expect(second.has_more).toBe(0);
    expect(second.msg_list.map((m) => [m.origin, m.servicer_userid, m.text?.content])).toEqual([
      [5, "alice", "好的"],
    ]);
    // The cursor is a position: pulling after the last one returns nothing new.
    const after = await w.client.kf.syncMsg({ open_kfid: openKfid, cursor: second.next_cursor });
    expect(after).toMatchObject({ has_more: 0, msg_list: [] });

    expect(await errcode(w.client.kf.syncMsg({ open_kfid: openKfid, token: "not-a-token" }))).toBe(95007);
    expect(await errcode(w.client.kf.syncMsg({ open_kfid: "wknotanaccount" }))).toBe(95004);

    const got = await w.client.kf.batchGetCustomers({
      external_userid_list: [id, "wmnobody000000"],
      need_enter_session_context: 1,
    });
    expect(got.customer_list).toEqual([
      expect.objectContaining({
        external_userid: id,
        nickname: "陈静",
        enter_session_context: { scene: "s1", scene_param: "" },
      }),
    ]);
    expect(got.invalid_external_userid).toEqual(["wmnobody000000"]);
  });
});
