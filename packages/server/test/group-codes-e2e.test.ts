// Group live codes end to end against the emulator: a code over 2 small groups fills them, WeCom auto-creates
// a third, every join through the code is counted and the new group appears on the code; leaves are counted;
// invalid input is refused field by field; another corp sees none of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

let w: LcWorld;
let chatA: string;
let chatB: string;
beforeAll(async () => {
  w = await startLcWorld({ members: ["owner1"] });
  await w.control("PATCH", `/_emulator/corps/${w.corpId}/settings`, { groupMaxMembers: 3 });
  chatA = (await w.people<{ chatId: string }>("create-group", { owner: "owner1", name: "会员群A" })).chatId;
  chatB = (await w.people<{ chatId: string }>("create-group", { owner: "owner1", name: "会员群B" })).chatId;
  await w.settle();
});
afterAll(() => w.stop());

const base = () => `/api/corps/${w.corpId}/group-codes`;

describe("group codes", () => {
  it("count every join, pick up the group WeCom auto-creates when both are full, and count leaves", async () => {
    const created = await w.api("POST", base(), {
      name: "会员群活码",
      chatIds: [chatA, chatB],
      state: "gc_members",
      roomBaseName: "会员群",
      roomBaseId: 3,
    });
    expect(created.status).toBe(200);
    const code = created.body;
    expect(code.configId).toBeTruthy();
    expect(code.qrCode).toMatch(/^https?:\/\//);
    expect(code.chats.map((c: { chatId: string }) => c.chatId)).toEqual([chatA, chatB]);
    const png = await fetch(`${w.siyu.url}${base()}/${code.id}/qr.png?download=1`, { headers: w.headers });
    expect(png.status).toBe(200);
    expect(png.headers.get("content-disposition")).toContain(`group-code-${code.id}`);
    expect([...new Uint8Array(await png.arrayBuffer()).slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);

    // Each group holds 3 (the owner is one): 2 + 2 customers fill them, the 5th and 6th open a new group.
    const joined: { chatId: string; externalUserId: string; createdGroup: boolean }[] = [];
    for (let i = 0; i < 6; i++) {
      joined.push(await w.people("join-group", { configId: code.configId, customer: { name: `客户${i}` } }));
    }
    expect(joined.filter((j) => j.createdGroup)).toHaveLength(1);
    const newChat = joined.find((j) => j.createdGroup)!.chatId;
    expect([chatA, chatB]).not.toContain(newChat);
    await w.settle();

    const after = await w.api("GET", `${base()}/${code.id}`);
    expect(after.body.chats).toEqual([
      expect.objectContaining({ chatId: chatA, origin: "configured" }),
      expect.objectContaining({ chatId: chatB, origin: "configured" }),
      expect.objectContaining({ chatId: newChat, origin: "auto" }),
    ]);
    expect(after.body.joinsTotal).toBe(6);

    const leaver = joined[0]!;
    await w.people("leave-group", { chatId: leaver.chatId, externalUserId: leaver.externalUserId });
    await w.settle();
    const stats = await w.api("GET", `${base()}/${code.id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body.totals).toEqual({ joins: 6, leaves: 1, groupsCreated: 1 });
    expect(stats.body.days).toHaveLength(1);
    // Joins are counted on the code's calendar (UTC+8 by default), whose today the console ranges from.
    expect(stats.body.today).toBe(stats.body.days[0].day);

    // A direct invite into the group (not by QR) is not a join through the code.
    await w.control("PATCH", `/_emulator/corps/${w.corpId}/settings`, { groupMaxMembers: 10 });
    await w.people("join-group", { chatId: newChat, customer: { name: "被邀请" } });
    await w.settle();
    expect((await w.api("GET", `${base()}/${code.id}/stats`)).body.totals.joins).toBe(6);

    const list = await w.api("GET", base());
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(code.id);
  });

  it("refuses invalid input with field-level errors", async () => {
    const six = await w.api("POST", base(), {
      name: "x",
      chatIds: ["c1", "c2", "c3", "c4", "c5", "c6"],
    });
    expect(six.status).toBe(400);
    expect(six.body.error.code).toBe("VALIDATION_FAILED");
    expect(six.body.error.details).toContainEqual({
      path: "/chatIds",
      message: "at most 5 groups per code (WeCom's limit)",
    });
    const longState = await w.api("POST", base(), { name: "x", chatIds: [chatA], state: "s".repeat(31) });
    expect(longState.status).toBe(400);
    expect(longState.body.error.details).toContainEqual({
      path: "/state",
      message: "state is at most 30 characters (WeCom's limit)",
    });
    const none = await w.api("POST", base(), { name: "x", chatIds: [] });
    expect(none.body.error.details).toContainEqual({
      path: "/chatIds",
      message: "a group code needs at least one group",
    });
  });

  it("refuses a state another code uses, edits the join way, and deletes it", async () => {
    const a = await w.api("POST", base(), { name: "a", chatIds: [chatA], state: "gc_dupe" });
    expect(a.status).toBe(200);
    const dupe = await w.api("POST", base(), { name: "b", chatIds: [chatB], state: "gc_dupe" });
    expect(dupe.status).toBe(409);
    expect(dupe.body.error.code).toBe("GROUP_CODE_STATE_TAKEN");

    const patched = await w.api("PATCH", `${base()}/${a.body.id}`, { chatIds: [chatB, chatA], name: "a2" });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe("a2");
    const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
    expect((await client.groupChat.getJoinWay(a.body.configId)).join_way.chat_id_list).toEqual([
      chatB,
      chatA,
    ]);

    expect((await w.api("DELETE", `${base()}/${a.body.id}`)).status).toBe(200);
    expect((await w.api("GET", `${base()}/${a.body.id}`)).status).toBe(404);
    await expect(client.groupChat.getJoinWay(a.body.configId)).rejects.toThrow();
  });

  it("deletes a code whose join way is already gone in WeCom (41044), and keeps it when WeCom fails", async () => {
    const gone = await w.api("POST", base(), { name: "gone", chatIds: [chatA] });
    expect(gone.status).toBe(200);
    const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
    await client.groupChat.delJoinWay(gone.body.configId); // deleted in WeCom, e.g. from the admin console
    expect((await w.api("DELETE", `${base()}/${gone.body.id}`)).status).toBe(200);
    expect((await w.api("GET", `${base()}/${gone.body.id}`)).status).toBe(404);

    const kept = await w.api("POST", base(), { name: "kept", chatIds: [chatA] });
    await w.control("POST", "/_emulator/faults", {
      corpId: w.corpId,
      path: "externalcontact/groupchat/del_join_way",
      errcode: 48002,
      count: 1,
    });
    const failed = await w.api("DELETE", `${base()}/${kept.body.id}`);
    expect(failed.status).toBe(422);
    expect(failed.body.error.details).toMatchObject({ errcode: 48002 });
    expect((await w.api("GET", `${base()}/${kept.body.id}`)).status).toBe(200);
  });

  it("keeps each corp's codes to itself", async () => {
    const mine = (await w.api("GET", base())).body.items[0];
    expect(mine).toBeDefined();
    const other = "/api/corps/wwSomeOtherCorp/group-codes";
    expect((await w.api("GET", other)).body.items ?? []).toEqual([]);
    expect((await w.api("GET", `${other}/${mine.id}`)).status).toBe(404);
    expect((await w.api("GET", `${other}/${mine.id}/stats`)).status).toBe(404);
    expect((await w.api("DELETE", `${other}/${mine.id}`)).status).toBe(404);
    expect((await w.api("GET", `${base()}/${mine.id}`)).status).toBe(200);
  });
});
