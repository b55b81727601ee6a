import { afterEach, describe, expect, it } from "vitest";
import { boot, CORP, errcodeOf, seedMembers } from "./helpers.ts";

type Booted = Awaited<ReturnType<typeof boot>>;
let env: Booted;
afterEach(async () => env?.emu.close());

const ADD = "/cgi-bin/externalcontact/add_contact_way";

describe("contact ways (contract §4.3)", () => {
  it("creates, reads, lists, updates and deletes a way in the official shapes", async () => {
    env = await boot();
    await seedMembers(env);
    const client = env.client();
    const added = await client.request<{ config_id: string; qr_code: string }>("POST", ADD, {
      body: {
        type: 2,
        scene: 2,
        remark: "门店活码",
        state: "sh01",
        user: ["alice"],
        party: [3],
        skip_verify: false,
      },
    });
    expect(added.config_id).toMatch(/^[0-9a-f]{32}$/);
    expect(added.qr_code).toMatch(/^https:\/\//);
    const got = await client.request<{ contact_way: Record<string, unknown> }>(
      "POST",
      "/cgi-bin/externalcontact/get_contact_way",
      {
        body: { config_id: added.config_id },
      },
    );
    expect(got.contact_way).toMatchObject({
      config_id: added.config_id,
      type: 2,
      scene: 2,
      remark: "门店活码",
      skip_verify: false,
      state: "sh01",
      user: ["alice"],
      party: [3],
      is_temp: false,
    });
    await client.request("POST", "/cgi-bin/externalcontact/update_contact_way", {
      body: { config_id: added.config_id, state: "sh02", user: ["alice", "bob"] },
    });
    const listed = await client.request<{ contact_way: { config_id: string }[]; next_cursor: string }>(
      "POST",
      "/cgi-bin/externalcontact/list_contact_way",
      { body: {} },
    );
    expect(listed.contact_way).toEqual([{ config_id: added.config_id }]);
    expect(listed.next_cursor).toBe("");
    await client.request("POST", "/cgi-bin/externalcontact/del_contact_way", {
      body: { config_id: added.config_id },
    });
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/get_contact_way", {
          body: { config_id: added.config_id },
        }),
      ),
    ).toBe(41044);
  });

  it("answers each listed validation error", async () => {
    env = await boot();
    await seedMembers(env);
    await env.control("POST", `/corps/${CORP}/members`, { userid: "newbie", status: 4 });
    await env.control("POST", `/corps/${CORP}/members`, { userid: "anon", realName: false });
    const client = env.client();
    const code = (body: Record<string, unknown>) => errcodeOf(client.request("POST", ADD, { body }));
    expect(await code({ scene: 2, user: ["alice"] })).toBe(41037);
    expect(await code({ type: 1, user: ["alice"] })).toBe(41038);
    expect(await code({ type: 3, scene: 2, user: ["alice"] })).toBe(41039);
    expect(await code({ type: 1, scene: 5, user: ["alice"] })).toBe(41040);
    expect(await code({ type: 1, scene: 2, user: ["alice", "bob"] })).toBe(41041);
    expect(await code({ type: 1, scene: 1, style: 9, user: ["alice"] })).toBe(41042);
    expect(await code({ type: 1, scene: 2, user: ["ghost"] })).toBe(60111);
    expect(await code({ type: 1, scene: 2, user: ["newbie"] })).toBe(41054);
    expect(await code({ type: 1, scene: 2, user: ["anon"] })).toBe(40098);
    expect(await code({ type: 1, scene: 2, user: ["alice"], state: "x".repeat(31) })).toBe(40058);
    expect(
      await errcodeOf(client.request("POST", "/cgi-bin/externalcontact/get_contact_way", { body: {} })),
    ).toBe(41043);
  });

  it("a scan through a way with verification is a half contact (84061) until the member accepts", async () => {
    env = await boot();
    await seedMembers(env);
    const client = env.client();
    const way = await client.request<{ config_id: string }>("POST", ADD, {
      body: { type: 1, scene: 2, user: ["carol"], skip_verify: false, state: "verify-me" },
    });
    const scan = await env.people<{ externalUserId: string; half: boolean }>("scan-contact-way", {
      configId: way.config_id,
    });
    expect(scan.half).toBe(true);
    const get = () =>
      client.request("GET", "/cgi-bin/externalcontact/get", {
        query: { external_userid: scan.externalUserId },
      });
    expect(await errcodeOf(get())).toBe(84061);
    await env.people("accept-contact", { userid: "carol", externalUserId: scan.externalUserId });
    expect(await get()).toMatchObject({ follow_user: [{ userid: "carol", state: "verify-me", add_way: 1 }] });
  });
});
