import { afterEach, describe, expect, it } from "vitest";
import { callbackTarget } from "./callback-target.ts";
import { boot, CORP, errcodeOf, newCustomer, seedMembers } from "./helpers.ts";

type Booted = Awaited<ReturnType<typeof boot>>;
let env: Booted;
let target: Awaited<ReturnType<typeof callbackTarget>> | undefined;
afterEach(async () => {
  await env?.emu.close();
  await target?.close();
  target = undefined;
});

interface Result {
  customer: { external_userid: string; status: number; takeover_time: number }[];
}

const HOUR = 3_600_000;

describe("customer transfers (contract §4.8)", () => {
  it("waits 24 h, then the takeover owns the customer and the handover lost them (clock jump)", async () => {
    target = await callbackTarget();
    env = await boot();
    await seedMembers(env);
    await env.control("PATCH", `/corps/${CORP}/apps/1000002`, { callbackUrl: target.url });
    const a = await newCustomer(env, "alice");
    const client = env.client();
    const started = await client.request<{ customer: { external_userid: string; errcode: number }[] }>(
      "POST",
      "/cgi-bin/externalcontact/transfer_customer",
      {
        body: {
          handover_userid: "alice",
          takeover_userid: "bob",
          external_userid: [a.externalUserId, "wmNOPE"],
          transfer_success_msg: "您好，之后由李强为您服务",
        },
      },
    );
    expect(started.customer).toEqual([
      { external_userid: a.externalUserId, errcode: 0 },
      { external_userid: "wmNOPE", errcode: 40096 },
    ]);
    const result = () =>
      client.request<Result>("POST", "/cgi-bin/externalcontact/transfer_result", {
        body: { handover_userid: "alice", takeover_userid: "bob" },
      });
    const waiting = (await result()).customer[0]!;
    expect(waiting.status).toBe(2);
    expect(waiting.takeover_time).toBe(env.world.now() + 86_400);

    env.clock.advance(23 * HOUR);
    expect((await result()).customer[0]!.status).toBe(2);
    await env.control("POST", "/clock/advance", { hours: 1, seconds: 1 });
    expect((await result()).customer[0]!.status).toBe(1);
    const detail = await client.request<{ follow_user: { userid: string }[] }>(
      "GET",
      "/cgi-bin/externalcontact/get",
      {
        query: { external_userid: a.externalUserId },
      },
    );
    expect(detail.follow_user.map((f) => f.userid)).toEqual(["bob"]);
    await env.control("POST", "/callbacks/flush");
    const bodies = await env.control<{ changeType: string }[]>("GET", `/deliveries?corpId=${CORP}`);
    expect(bodies.map((d) => d.changeType)).toEqual([
      "add_external_contact",
      "del_external_contact",
      "add_external_contact",
    ]);
  });

  it("a customer may refuse (status 3, takeover_time 0) and is transferred at most twice in 90 days (40128)", async () => {
    env = await boot();
    await seedMembers(env);
    const a = await newCustomer(env, "alice");
    const b = await newCustomer(env, "alice");
    const client = env.client();
    const transfer = async (from: string, to: string, id: string) =>
      (
        await client.request<{ customer: { errcode: number }[] }>(
          "POST",
          "/cgi-bin/externalcontact/transfer_customer",
          {
            body: { handover_userid: from, takeover_userid: to, external_userid: [id] },
          },
        )
      ).customer[0]!.errcode;
    expect(await transfer("alice", "bob", b.externalUserId)).toBe(0);
    expect(await transfer("alice", "carol", b.externalUserId)).toBe(40129);
    await env.people("refuse-transfer", { externalUserId: b.externalUserId });
    const refused = await client.request<Result>("POST", "/cgi-bin/externalcontact/transfer_result", {
      body: { handover_userid: "alice", takeover_userid: "bob" },
    });
    expect(refused.customer[0]).toMatchObject({ status: 3, takeover_time: 0 });

    expect(await transfer("alice", "alice", a.externalUserId)).toBe(40130);
    expect(await transfer("bob", "carol", a.externalUserId)).toBe(40131);
    expect(await transfer("alice", "bob", a.externalUserId)).toBe(0);
    await env.control("POST", "/clock/advance", { days: 2 });
    expect(await transfer("bob", "carol", a.externalUserId)).toBe(0);
    await env.control("POST", "/clock/advance", { days: 2 });
    expect(await transfer("carol", "alice", a.externalUserId)).toBe(40128);
    await env.control("POST", "/clock/advance", { days: 90 });
    expect(await transfer("carol", "alice", a.externalUserId)).toBe(0);
  });

  it("resigned transfers need a resigned handover (40097); the unassigned list shows their customers", async () => {
    env = await boot();
    await seedMembers(env);
    const a = await newCustomer(env, "carol");
    const client = env.client();
    const resigned = (body: Record<string, unknown>) =>
      client.request("POST", "/cgi-bin/externalcontact/resigned/transfer_customer", { body });
    expect(
      await errcodeOf(
        resigned({ handover_userid: "carol", takeover_userid: "bob", external_userid: [a.externalUserId] }),
      ),
    ).toBe(40097);
    await env.people("member-resigns", { userid: "carol" });
    const unassigned = await client.request<{
      info: { handover_userid: string; external_userid: string }[];
      is_last: boolean;
    }>("POST", "/cgi-bin/externalcontact/get_unassigned_list", { body: {} });
    expect(unassigned.info).toMatchObject([{ handover_userid: "carol", external_userid: a.externalUserId }]);
    expect(unassigned.is_last).toBe(true);
    await resigned({ handover_userid: "carol", takeover_userid: "bob", external_userid: [a.externalUserId] });
    await env.control("POST", "/clock/advance", { hours: 25 });
    const r = await client.request<Result>("POST", "/cgi-bin/externalcontact/resigned/transfer_result", {
      body: { handover_userid: "carol", takeover_userid: "bob" },
    });
    expect(r.customer[0]!.status).toBe(1);
  });

  it("group owner transfers: resigned owner only for groupchat/transfer, twice per 90 days on the job", async () => {
    env = await boot();
    await seedMembers(env);
    const { chatId } = await env.people<{ chatId: string }>("create-group", { owner: "alice", name: "群" });
    const client = env.client();
    const move = async (path: string, owner: string) =>
      (
        await client.request<{ failed_chat_list: { chat_id: string; errcode: number }[] }>(
          "POST",
          `/cgi-bin/externalcontact/groupchat/${path}`,
          {
            body: { chat_id_list: [chatId], new_owner: owner },
          },
        )
      ).failed_chat_list.map((f) => f.errcode);
    expect(await move("transfer", "bob")).toEqual([90500]);
    expect(await move("onjob_transfer", "bob")).toEqual([]);
    expect(await move("onjob_transfer", "carol")).toEqual([]);
    expect(await move("onjob_transfer", "alice")).toEqual([40128]);
    expect(await errcodeOf(move("onjob_transfer", "ghost"))).toBe(46004);
  });
});
