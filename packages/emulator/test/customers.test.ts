import { afterEach, describe, expect, it } from "vitest";
import { boot, CORP, errcodeOf, newCustomer, seedMembers } from "./helpers.ts";

type Booted = Awaited<ReturnType<typeof boot>>;
let env: Booted;
afterEach(async () => env?.emu.close());

interface ByUserPage {
  external_contact_list: { external_contact: { external_userid: string }; follow_info: { userid: string } }[];
  next_cursor: string;
}

describe("members and customers (contract §4.1)", () => {
  it("lists followers and customers, returns details in the official shape, and remarks", async () => {
    env = await boot();
    await seedMembers(env);
    const { externalUserId } = await newCustomer(env, "alice", "陈静");
    const client = env.client();
    const followers = await client.request<{ follow_user: string[] }>(
      "GET",
      "/cgi-bin/externalcontact/get_follow_user_list",
    );
    expect(followers.follow_user).toEqual(["alice", "bob", "carol"]);
    const list = await client.request<{ external_userid: string[] }>("GET", "/cgi-bin/externalcontact/list", {
      query: { userid: "alice" },
    });
    expect(list.external_userid).toEqual([externalUserId]);
    expect(externalUserId).toMatch(/^wm[A-Za-z0-9]{30}$/);

    await client.request("POST", "/cgi-bin/externalcontact/remark", {
      body: {
        userid: "alice",
        external_userid: externalUserId,
        remark: "陈姐",
        remark_mobiles: ["13800000001"],
      },
    });
    const detail = await client.request<Record<string, unknown>>("GET", "/cgi-bin/externalcontact/get", {
      query: { external_userid: externalUserId },
    });
    expect(detail).toMatchObject({
      errcode: 0,
      errmsg: "ok",
      external_contact: { external_userid: externalUserId, name: "陈静", type: 1 },
      follow_user: [
        { userid: "alice", remark: "陈姐", remark_mobiles: ["13800000001"], tags: [], add_way: 2 },
      ],
      next_cursor: "",
    });
  });

  it("answers 40096 for an unknown customer, 84061 once the member deleted them, 40063 for an empty remark", async () => {
    env = await boot();
    await seedMembers(env);
    const { externalUserId } = await newCustomer(env, "alice");
    const client = env.client();
    expect(
      await errcodeOf(
        client.request("GET", "/cgi-bin/externalcontact/get", { query: { external_userid: "wmNOPE" } }),
      ),
    ).toBe(40096);
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/remark", {
          body: { userid: "alice", external_userid: externalUserId },
        }),
      ),
    ).toBe(40063);
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/remark", {
          body: { userid: "bob", external_userid: externalUserId, remark: "x" },
        }),
      ),
    ).toBe(84061);
    await env.people("member-deletes-customer", { userid: "alice", externalUserId });
    const res = await fetch(
      `${env.emu.url}/cgi-bin/externalcontact/get?access_token=${await client.getToken()}&external_userid=${externalUserId}`,
    );
    expect(await res.json()).toMatchObject({ errcode: 84061, follow_user: [] });
  });

  it("a customer deleting the member keeps the one-way relation usable", async () => {
    env = await boot();
    await seedMembers(env);
    const { externalUserId } = await newCustomer(env, "alice");
    await env.people("customer-deletes-member", { userid: "alice", externalUserId });
    const detail = await env
      .client()
      .request<{ follow_user: unknown[] }>("GET", "/cgi-bin/externalcontact/get", {
        query: { external_userid: externalUserId },
      });
    expect(detail.follow_user).toHaveLength(1);
  });

  it("pages batch/get_by_user across several pages and members, clamping the limit to 100", async () => {
    env = await boot();
    await seedMembers(env);
    const corp = env.corp;
    const world = env.world;
    for (let i = 0; i < 130; i++) {
      const c = world.addCustomer(corp, { name: `客户${i}` });
      world.index(corp).upsert({
        userid: i < 70 ? "alice" : "bob",
        externalUserId: c.externalUserId,
        remark: "",
        description: "",
        createtime: 1,
        tagIds: [],
        remarkCorpName: "",
        remarkMobiles: [],
        addWay: 1,
        operUserid: c.externalUserId,
        state: "",
        status: "active",
        deletedByCustomer: false,
        lastChatAt: 0,
      });
    }
    const client = env.client();
    const seen: string[] = [];
    let cursor = "";
    let pages = 0;
    do {
      const page: ByUserPage = await client.request("POST", "/cgi-bin/externalcontact/batch/get_by_user", {
        body: { userid_list: ["alice", "bob", "carol"], cursor, limit: 40 },
      });
      expect(page.external_contact_list.length).toBeLessThanOrEqual(40);
      for (const e of page.external_contact_list)
        seen.push(`${e.follow_info.userid}/${e.external_contact.external_userid}`);
      cursor = page.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(130);
    const clamped: ByUserPage = await client.request("POST", "/cgi-bin/externalcontact/batch/get_by_user", {
      body: { userid_list: ["alice", "bob"], limit: 5000 },
    });
    expect(clamped.external_contact_list).toHaveLength(100);
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/batch/get_by_user", { body: { userid_list: [] } }),
      ),
    ).toBe(40058);
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/batch/get_by_user", {
          body: { userid_list: Array.from({ length: 101 }, (_, i) => `u${i}`) },
        }),
      ),
    ).toBe(40058);
  });

  it("records an add-rate risk when a member adds 40 people in an hour", async () => {
    env = await boot();
    await seedMembers(env);
    for (let i = 0; i < 39; i++) {
      await env.people("add-customer", { userid: "alice" });
      env.clock.advance(60_000);
    }
    let rules = await env.control<{ rule: string }[]>("GET", `/corps/${CORP}/rules`);
    expect(rules.filter((r) => r.rule === "add_rate_risk")).toHaveLength(0);
    await env.people("add-customer", { userid: "alice" });
    rules = await env.control<{ rule: string }[]>("GET", `/corps/${CORP}/rules`);
    expect(rules.filter((r) => r.rule === "add_rate_risk")).toHaveLength(1);
  });
});
