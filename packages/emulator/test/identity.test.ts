import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { boot, CORP, errcodeOf, seedMembers } from "./helpers.ts";

type Booted = Awaited<ReturnType<typeof boot>>;
let env: Booted;
afterEach(async () => env?.emu.close());

async function authorize(env: Booted, query: string): Promise<URL> {
  const res = await fetch(`${env.emu.url}/connect/oauth2/authorize?${query}`, { redirect: "manual" });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location") ?? "");
}

describe("member identity (addendum §1–§2)", () => {
  it("OAuth codes redirect with state, resolve to the member once, and expire after 5 minutes", async () => {
    env = await boot();
    await seedMembers(env);
    await env.control("POST", `/corps/${CORP}/acting-member`, { userid: "bob" });
    const redirect = encodeURIComponent("https://siyu.example/sidebar?x=1");
    const q = `appid=${CORP}&redirect_uri=${redirect}&response_type=code&scope=snsapi_privateinfo&state=s1&agentid=1000002`;
    const back = await authorize(env, q);
    expect(back.origin + back.pathname).toBe("https://siyu.example/sidebar");
    expect(back.searchParams.get("state")).toBe("s1");
    const client = env.client();
    const info = await client.request<{ userid: string; user_ticket: string }>(
      "GET",
      "/cgi-bin/auth/getuserinfo",
      {
        query: { code: back.searchParams.get("code")! },
      },
    );
    expect(info.userid).toBe("bob");
    const detail = await client.request<{ userid: string }>("POST", "/cgi-bin/auth/getuserdetail", {
      body: { user_ticket: info.user_ticket },
    });
    expect(detail.userid).toBe("bob");
    expect(
      await errcodeOf(
        client.request("GET", "/cgi-bin/auth/getuserinfo", {
          query: { code: back.searchParams.get("code")! },
        }),
      ),
    ).toBe(40029);
    const late = await authorize(env, `${q}&emulator_userid=carol`);
    env.clock.advance(301_000);
    expect(
      await errcodeOf(
        client.request("GET", "/cgi-bin/auth/getuserinfo", {
          query: { code: late.searchParams.get("code")! },
        }),
      ),
    ).toBe(40029);
  });

  it("serves JS-SDK tickets and verifies signatures made with them", async () => {
    env = await boot();
    const client = env.client();
    const a = await client.request<{ ticket: string; expires_in: number }>("GET", "/cgi-bin/ticket/get", {
      query: { type: "agent_config" },
    });
    const b = await client.request<{ ticket: string }>("GET", "/cgi-bin/ticket/get", {
      query: { type: "agent_config" },
    });
    expect(b.ticket).toBe(a.ticket);
    expect(a.expires_in).toBe(7200);
    const url = "https://siyu.example/sidebar?x=1";
    const signature = createHash("sha1")
      .update(`jsapi_ticket=${a.ticket}&noncestr=abc&timestamp=1414587457&url=${url}`)
      .digest("hex");
    const ok = await env.control<{ valid: boolean }>("POST", `/corps/${CORP}/jssdk/verify`, {
      kind: "agent",
      url,
      noncestr: "abc",
      timestamp: 1414587457,
      signature,
    });
    expect(ok.valid).toBe(true);
    const corpTicket = await env.control<{ valid: boolean }>("POST", `/corps/${CORP}/jssdk/verify`, {
      kind: "corp",
      url,
      noncestr: "abc",
      timestamp: 1414587457,
      signature,
    });
    expect(corpTicket.valid).toBe(false);
  });
});
