import { afterEach, describe, expect, it } from "vitest";
import { boot, CORP, errcodeOf, SECRET } from "./helpers.ts";

type Booted = Awaited<ReturnType<typeof boot>>;
let env: Booted;
afterEach(async () => env?.emu.close());

async function raw(url: string) {
  return (await (await fetch(url)).json()) as Record<string, unknown>;
}

describe("gettoken and token errors (contract §1)", () => {
  it("returns the same token while valid, in the official shape, and counts calls", async () => {
    env = await boot();
    const a = await raw(`${env.emu.url}/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`);
    expect(a).toMatchObject({ errcode: 0, errmsg: "ok", expires_in: 7200 });
    expect(typeof a.access_token).toBe("string");
    env.clock.advance(100_000);
    const b = await raw(`${env.emu.url}/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`);
    expect(b.access_token).toBe(a.access_token);
    expect(b.expires_in).toBe(7100);
    const stats = await env.control<{ gettokenCalls: Record<string, number> }>("GET", "/stats");
    expect(stats.gettokenCalls[CORP]).toBe(2);
  });

  it("answers 40013, 40001, 41002, 41004 with the official errmsg format", async () => {
    env = await boot();
    const u = `${env.emu.url}/cgi-bin/gettoken`;
    expect((await raw(`${u}?corpid=nope&corpsecret=x`)).errcode).toBe(40013);
    const bad = await raw(`${u}?corpid=${CORP}&corpsecret=wrong`);
    expect(bad.errcode).toBe(40001);
    expect(bad.errmsg).toMatch(
      /^invalid credential, hint: \[[^\]]+\], from ip: [^,]+, more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=40001$/,
    );
    expect((await raw(`${u}?corpsecret=x`)).errcode).toBe(41002);
    expect((await raw(`${u}?corpid=${CORP}`)).errcode).toBe(41004);
  });

  it("answers 41001 without a token, 40014 for an unknown one, 42001 once expired", async () => {
    env = await boot();
    const path = `${env.emu.url}/cgi-bin/externalcontact/get_follow_user_list`;
    expect((await raw(path)).errcode).toBe(41001);
    expect((await raw(`${path}?access_token=garbage`)).errcode).toBe(40014);
    const token = await env.client().getToken();
    expect((await raw(`${path}?access_token=${token}`)).errcode).toBe(0);
    env.clock.advance(7200_000);
    expect((await raw(`${path}?access_token=${token}`)).errcode).toBe(42001);
  });

  it("force-expiring a corp's tokens makes the client refetch once and succeed", async () => {
    env = await boot();
    const client = env.client();
    await client.request("GET", "/cgi-bin/externalcontact/get_follow_user_list");
    const first = await client.getToken();
    await env.control("POST", `/corps/${CORP}/tokens/expire`);
    const res = await client.request<{ follow_user: string[] }>(
      "GET",
      "/cgi-bin/externalcontact/get_follow_user_list",
    );
    expect(res.follow_user).toEqual([]);
    expect(await client.getToken()).not.toBe(first);
    const stats = await env.control<{ gettokenCalls: Record<string, number> }>("GET", "/stats");
    expect(stats.gettokenCalls[CORP]).toBe(2);
  });

  it("a token sent in the body counts as missing, and GET on a POST API is 40058", async () => {
    env = await boot();
    const token = await env.client().getToken();
    const res = await fetch(`${env.emu.url}/cgi-bin/externalcontact/batch/get_by_user`, {
      method: "POST",
      body: JSON.stringify({ access_token: token, userid_list: ["a"] }),
    });
    expect(((await res.json()) as { errcode: number }).errcode).toBe(41001);
    expect(
      (await raw(`${env.emu.url}/cgi-bin/externalcontact/batch/get_by_user?access_token=${token}`)).errcode,
    ).toBe(40058);
  });
});

describe("secret resets and early invalidation", () => {
  it("a reset secret makes old tokens answer 40001 and gettoken need the new secret", async () => {
    env = await boot();
    const token = await env.client().getToken();
    await env.control("PATCH", `/corps/${CORP}/apps/1000002`, { secret: "rotated" });
    const path = `${env.emu.url}/cgi-bin/externalcontact/get_follow_user_list?access_token=${token}`;
    expect((await raw(path)).errcode).toBe(40001);
    expect((await raw(`${env.emu.url}/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`)).errcode).toBe(
      40001,
    );
    const fresh = await raw(`${env.emu.url}/cgi-bin/gettoken?corpid=${CORP}&corpsecret=rotated`);
    expect(fresh.access_token).not.toBe(token);
  });

  it("can answer 40014 instead of 42001 for expired tokens, as seen in the wild", async () => {
    env = await boot();
    await env.control("PATCH", `/corps/${CORP}/settings`, { expiredTokenErrcode: 40014 });
    const token = await env.client().getToken();
    await env.control("POST", `/corps/${CORP}/tokens/expire`);
    expect(
      (await raw(`${env.emu.url}/cgi-bin/externalcontact/get_follow_user_list?access_token=${token}`))
        .errcode,
    ).toBe(40014);
  });
});

describe("faults and rate limits", () => {
  it("injected faults answer the given errcode for the next N calls, then normal service resumes", async () => {
    env = await boot();
    await env.control("POST", "/faults", {
      corpId: CORP,
      path: "/cgi-bin/externalcontact/get_follow_user_list",
      errcode: -1,
      count: 2,
    });
    const client = env.client();
    const path = "/cgi-bin/externalcontact/get_follow_user_list";
    expect(await errcodeOf(client.request("GET", path))).toBe(-1);
    expect(await errcodeOf(client.request("GET", path))).toBe(-1);
    expect(await errcodeOf(client.request("GET", path))).toBe(0);
  });

  it("a latency fault carries the call out at once and answers it later; bad faults are refused", async () => {
    env = await boot();
    await env.control("POST", "/faults", {
      path: "externalcontact/add_corp_tag",
      latencyMs: 400,
      count: 1,
    });
    const client = env.client();
    const started = Date.now();
    let answered = false;
    const call = client
      .request("POST", "/cgi-bin/externalcontact/add_corp_tag", {
        body: { group_name: "慢", tag: [{ name: "慢一点" }] },
      })
      .then(() => {
        answered = true;
      });
    const groups = () => [...env.emu.world.corps.get(CORP)!.tagGroups.values()];
    // WeCom has the tag group while the client still waits for the answer.
    for (let i = 0; i < 200 && !groups().some((g) => g.name === "慢"); i++)
      await new Promise((r) => setTimeout(r, 5));
    expect(groups().some((g) => g.name === "慢")).toBe(true);
    expect(answered).toBe(false);
    await call;
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(await env.control("GET", "/faults")).toEqual([]);
    const refused = await fetch(`${env.emu.url}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "x", errcode: -1, latencyMs: 10 }),
    });
    expect(refused.status).toBe(400);
  });

  it("a client with busy retries rides over an injected 45009", async () => {
    env = await boot();
    await env.control("POST", "/faults", {
      path: "externalcontact/get_follow_user_list",
      errcode: 45009,
      count: 1,
    });
    const res = await env.client(3).request("GET", "/cgi-bin/externalcontact/get_follow_user_list");
    expect(res).toMatchObject({ errcode: 0 });
  });

  it("per-(corp, path) limits answer 45009 and record the rule until the minute ends", async () => {
    env = await boot();
    await env.control("PATCH", `/corps/${CORP}/settings`, { rateLimitPerMinute: 3 });
    const client = env.client();
    const path = "/cgi-bin/externalcontact/get_follow_user_list";
    for (let i = 0; i < 3; i++) await client.request("GET", path);
    expect(await errcodeOf(client.request("GET", path))).toBe(45009);
    const rules = await env.control<{ rule: string; path: string }[]>("GET", `/corps/${CORP}/rules`);
    expect(rules.at(-1)).toMatchObject({
      rule: "rate_limited",
      path: "externalcontact/get_follow_user_list",
    });
    env.clock.advance(60_000);
    expect(await errcodeOf(client.request("GET", path))).toBe(0);
  });

  it("repeated wrong secrets block the IP for an hour; debug=1 caps an API at 5 calls a minute", async () => {
    env = await boot();
    await env.control("PATCH", "/limits", { badSecretsBeforeBlock: 3 });
    const u = `${env.emu.url}/cgi-bin/gettoken?corpid=${CORP}`;
    for (let i = 0; i < 3; i++) expect((await raw(`${u}&corpsecret=wrong`)).errcode).toBe(40001);
    expect((await raw(`${u}&corpsecret=${SECRET}`)).errcode).toBe(45009);
    env.clock.advance(3_600_000);
    const ok = await raw(`${u}&corpsecret=${SECRET}`);
    expect(ok.errcode).toBe(0);
    const path = `${env.emu.url}/cgi-bin/externalcontact/get_follow_user_list?debug=1&access_token=${ok.access_token}`;
    for (let i = 0; i < 5; i++) expect((await raw(path)).errcode).toBe(0);
    expect((await raw(path)).errcode).toBe(45009);
    const rules = await env.control<{ rule: string; detail: string }[]>("GET", `/corps/${CORP}/rules`);
    expect(rules.map((r) => r.rule)).toEqual(["ip_blocked", "rate_limited"]);
  });
});
