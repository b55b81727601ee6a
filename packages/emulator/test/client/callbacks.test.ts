// Callbacks the emulator sends when people act (contract §2, §3) go through @siyu/wecom's intake path:
// parseEnvelope → openEnvelope (signature, AES, receiveid) → parseCallbackEvent. Every event must come out
// as its typed variant with the right fields, under a distinct de-duplication key.
import {
  type CallbackEvent,
  type CallbackEventOf,
  eventKey,
  eventType,
  openEnvelope,
  parseCallbackEvent,
  parseEnvelope,
} from "@siyu/wecom";
import { afterEach, describe, expect, it } from "vitest";
import { callbackTarget } from "../callback-target.ts";
import { type Booted, bootEmulator, CALLBACK_AES_KEY, CALLBACK_TOKEN, CORP } from "./setup.ts";

let env: Booted | undefined;
let target: Awaited<ReturnType<typeof callbackTarget>> | undefined;
afterEach(async () => {
  await env?.emu.close();
  await target?.close();
  env = undefined;
  target = undefined;
});

function open(body: string, query: URLSearchParams): CallbackEvent {
  const envelope = parseEnvelope(body);
  expect(envelope.toUserName).toBe(CORP);
  const inner = openEnvelope(
    { token: CALLBACK_TOKEN, encodingAesKey: CALLBACK_AES_KEY, receiveId: CORP },
    {
      msg_signature: query.get("msg_signature") ?? "",
      timestamp: query.get("timestamp") ?? "",
      nonce: query.get("nonce") ?? "",
    },
    envelope.encrypt,
  );
  return parseCallbackEvent(inner);
}

function only<T extends CallbackEvent["type"]>(events: CallbackEvent[], type: T): CallbackEventOf<T>[] {
  return events.filter((e) => e.type === type) as CallbackEventOf<T>[];
}

describe("emulator callbacks through the @siyu/wecom intake path", () => {
  it("every customer, group and tag event parses to its typed variant", async () => {
    target = await callbackTarget();
    env = await bootEmulator({ callbackUrl: target.url });
    const booted = env;
    for (const userid of ["alice", "bob"]) await booted.control("POST", `/corps/${CORP}/members`, { userid });
    const people = <T>(action: string, body: unknown) =>
      booted.control<T>("POST", `/corps/${CORP}/people/${action}`, body);

    const c1 = await people<{ externalUserId: string; welcomeCode: string }>("add-customer", {
      userid: "alice",
      state: "poster-1",
    });
    booted.clock.advance(1000);
    const c2 = await people<{ externalUserId: string }>("add-customer", { userid: "bob", verify: true });
    booted.clock.advance(1000);
    await people("member-edits-customer", {
      userid: "alice",
      externalUserId: c1.externalUserId,
      remark: "陈姐",
    });
    booted.clock.advance(1000);
    const { chatId } = await people<{ chatId: string }>("create-group", { owner: "alice", name: "VIP" });
    booted.clock.advance(1000);
    await people("join-group", { chatId, externalUserId: c1.externalUserId });
    booted.clock.advance(1000);
    await people("rename-group", { chatId, name: "VIP 2" });
    booted.clock.advance(1000);
    const tags = await people<{ groupId: string; tagIds: string[] }>("admin-create-tags", {
      groupName: "等级",
      tags: ["A"],
    });
    booted.clock.advance(1000);
    await people("admin-update-tag", { id: tags.tagIds[0], name: "A+" });
    booted.clock.advance(1000);
    await people("admin-shuffle-tags", {});
    booted.clock.advance(1000);
    await people("admin-delete-tag", { id: tags.groupId });
    booted.clock.advance(1000);
    await people("customer-deletes-member", { userid: "alice", externalUserId: c1.externalUserId });
    booted.clock.advance(1000);
    await people("member-deletes-customer", { userid: "alice", externalUserId: c1.externalUserId });
    booted.clock.advance(1000);
    await people("dismiss-group", { chatId });
    await booted.control("POST", "/callbacks/flush");

    const events = target.received.map((r) => open(r.body, r.query));
    expect(events.filter((e) => e.type === "unknown")).toEqual([]);
    for (const e of events)
      expect(e).toMatchObject({ envelope: "self-built", fromUserName: "sys", toUserName: CORP });

    const types = new Set(events.map(eventType));
    for (const t of [
      "change_external_contact/add_external_contact",
      "change_external_contact/add_half_external_contact",
      "change_external_contact/edit_external_contact",
      "change_external_contact/del_follow_user",
      "change_external_contact/del_external_contact",
      "change_external_chat/create",
      "change_external_chat/update",
      "change_external_chat/dismiss",
      "change_external_tag/create",
      "change_external_tag/update",
      "change_external_tag/shuffle",
      "change_external_tag/delete",
    ]) {
      expect(types, t).toContain(t);
    }

    const [added] = only(events, "change_external_contact/add_external_contact");
    expect(added).toMatchObject({
      userId: "alice",
      externalUserId: c1.externalUserId,
      state: "poster-1",
      welcomeCode: c1.welcomeCode,
    });
    expect(only(events, "change_external_contact/add_half_external_contact")[0]).toMatchObject({
      userId: "bob",
      externalUserId: c2.externalUserId,
    });
    const joined = only(events, "change_external_chat/update").find((e) => e.updateDetail === "add_member");
    expect(joined?.chatId).toBe(chatId);
    expect(joined?.memChangeList).toContain(c1.externalUserId);
    expect(only(events, "change_external_chat/update").map((e) => e.updateDetail)).toContain("change_name");
    const deletedGroup = only(events, "change_external_tag/delete")[0];
    expect(deletedGroup).toMatchObject({ id: tags.groupId, tagType: "tag_group" });

    // Distinct events have distinct keys; a WeCom retry of the same body would map to the same one.
    expect(new Set(events.map(eventKey)).size).toBe(events.length);
  });

  it("微信客服: each customer message fires kf_msg_or_event whose Token pulls it with sync_msg", async () => {
    target = await callbackTarget();
    env = await bootEmulator({ callbackUrl: target.url });
    const booted = env;
    await booted.control("POST", `/corps/${CORP}/members`, { userid: "alice" });
    const people = <T>(action: string, body: unknown) =>
      booted.control<T>("POST", `/corps/${CORP}/people/${action}`, body);
    const { openKfid } = await people<{ openKfid: string }>("kf-create-account", {
      name: "客服",
      servicers: ["alice"],
    });
    const { externalUserId } = await people<{ externalUserId: string }>("add-customer", { userid: "alice" });
    await people("kf-customer-message", { openKfid, externalUserId, text: "在吗" });
    await people("kf-customer-message", { openKfid, externalUserId, text: "价格多少" });
    await booted.control("POST", "/callbacks/flush");

    const events = only(
      target.received.map((r) => open(r.body, r.query)),
      "kf_msg_or_event/",
    );
    expect(events).toHaveLength(2);
    for (const e of events) expect(e).toMatchObject({ toUserName: CORP, openKfId: openKfid });
    // Same second, same account: still two events (the Token differs), so neither is dropped as a retry.
    expect(new Set(events.map(eventKey)).size).toBe(2);

    const page = await booted.client().kf.syncMsg({ open_kfid: openKfid, token: events[1]!.token });
    expect(page.msg_list.map((m) => m.text?.content)).toEqual(["在吗", "价格多少"]);
  });
});
