// The client's access-token handling against the emulator (contract §1): one shared gettoken for concurrent
// callers, refresh ahead of expiry, and one drop-and-retry on 42001/40014/40001.
import { TokenCache, WeComApiError } from "@siyu/wecom";
import { afterEach, describe, expect, it } from "vitest";
import { type Booted, bootEmulator, CORP, FOLLOW_PATH, SECRET } from "./setup.ts";

let env: Booted | undefined;
afterEach(async () => {
  await env?.emu.close();
  env = undefined;
});

const fifty = <T>(fn: () => Promise<T>) => Promise.all(Array.from({ length: 50 }, fn));

describe("access token (contract §1)", () => {
  it("50 concurrent calls on a fresh client cause one gettoken", async () => {
    env = await bootEmulator();
    await env.control("POST", `/corps/${CORP}/members`, { userid: "zhangsan" });
    const client = env.client();
    const results = await fifty(() => client.externalContact.getFollowUserList());
    expect(results.every((r) => r.follow_user.includes("zhangsan"))).toBe(true);
    expect(await env.gettokenCalls()).toBe(1);
  });

  it("50 concurrent calls after WeCom expired the token cause exactly one more gettoken, and all succeed", async () => {
    env = await bootEmulator();
    const client = env.client();
    await client.request("GET", FOLLOW_PATH);
    const before = await client.getToken();
    expect(await env.gettokenCalls()).toBe(1);

    const { expired } = await env.control<{ expired: number }>("POST", `/corps/${CORP}/tokens/expire`);
    expect(expired).toBe(1);
    const results = await fifty(() => client.request<{ errcode: number }>("GET", FOLLOW_PATH));
    expect(results.every((r) => r.errcode === 0)).toBe(true);
    expect(await env.gettokenCalls()).toBe(2);
    expect(await client.getToken()).not.toBe(before);
  });

  it("50 concurrent calls once the cached token reaches expires_in − 300 s cause exactly one more gettoken", async () => {
    env = await bootEmulator();
    const client = env.client();
    await client.request("GET", FOLLOW_PATH);
    env.clock.advance((7200 - 300) * 1000 - 1000);
    await fifty(() => client.request("GET", FOLLOW_PATH));
    expect(await env.gettokenCalls()).toBe(1);
    env.clock.advance(1000);
    await fifty(() => client.request("GET", FOLLOW_PATH));
    expect(await env.gettokenCalls()).toBe(2);
  });

  it("clients sharing a TokenCache share one token", async () => {
    env = await bootEmulator();
    const tokenCache = new TokenCache();
    const a = env.client({ tokenCache });
    const b = env.client({ tokenCache });
    await Promise.all([a.request("GET", FOLLOW_PATH), b.request("GET", FOLLOW_PATH)]);
    expect(await env.gettokenCalls()).toBe(1);
  });

  it.each([42001, 40014, 40001])(
    "errcode %i from a business API drops the token, refetches and retries once",
    async (code) => {
      env = await bootEmulator();
      const client = env.client();
      await client.request("GET", FOLLOW_PATH);
      await env.injectFault(FOLLOW_PATH, code, 1);
      const res = await client.request<{ errcode: number }>("GET", FOLLOW_PATH);
      expect(res.errcode).toBe(0);
      expect(await env.gettokenCalls()).toBe(2);
      expect(await env.faultsLeft()).toBe(0);
      expect(env.waits).toEqual([]);
    },
  );

  it("a token error that persists is retried only once, then surfaces with its code", async () => {
    env = await bootEmulator();
    const client = env.client();
    await env.injectFault(FOLLOW_PATH, 42001, 5);
    const err = await client.request("GET", FOLLOW_PATH).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeComApiError);
    expect(err).toMatchObject({ errcode: 42001, path: FOLLOW_PATH });
    expect(await env.gettokenCalls()).toBe(2);
    expect(await env.faultsLeft()).toBe(3);
  });

  it("a wrong secret is WeComApiError 40001 from gettoken, with no retry loop", async () => {
    env = await bootEmulator();
    const client = env.client({ secret: `${SECRET}-wrong` });
    const err = await client.request("GET", FOLLOW_PATH).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeComApiError);
    expect(err).toMatchObject({ errcode: 40001, path: "/cgi-bin/gettoken" });
    expect((err as Error).message).not.toContain(SECRET);
    expect(await env.gettokenCalls()).toBe(1);
  });
});
