// The client's handling of busy and limit errors against the emulator (contract §0, §5, §6): -1 and 45009
// are retried with growing, jittered backoff up to the attempt bound; every other errcode surfaces at once
// as WeComApiError with its code; the client-side limiter waits instead of provoking 45009.
import { WeComApiError, WeComNetworkError } from "@siyu/wecom";
import { afterEach, describe, expect, it } from "vitest";
import { type Booted, bootEmulator, CORP, FOLLOW_PATH } from "./setup.ts";

let env: Booted | undefined;
afterEach(async () => {
  await env?.emu.close();
  env = undefined;
});

describe("busy and limit errors", () => {
  it.each([-1, 45009])("errcode %i is retried with exponential backoff, then succeeds", async (code) => {
    env = await bootEmulator();
    const client = env.client({ retry: { attempts: 4, baseDelayMs: 100 } });
    await env.injectFault(FOLLOW_PATH, code, 3);
    const res = await client.request<{ errcode: number }>("GET", FOLLOW_PATH);
    expect(res.errcode).toBe(0);
    expect(await env.faultsLeft()).toBe(0);
    // random() = 0.5 puts each delay at 3/4 of its ceiling: 100, 200, 400 ms ceilings.
    expect(env.waits).toEqual([75, 150, 300]);
  });

  it("a POST API is retried the same way", async () => {
    env = await bootEmulator();
    await env.control("POST", `/corps/${CORP}/members`, { userid: "zhangsan" });
    const client = env.client();
    await env.injectFault("/cgi-bin/externalcontact/batch/get_by_user", -1, 1);
    const res = await client.externalContact.batchGetByUser({ userid_list: ["zhangsan"] });
    expect(res.external_contact_list).toEqual([]);
    expect(res.next_cursor).toBe("");
    expect(env.waits).toHaveLength(1);
  });

  it("a busy error that persists surfaces as WeComApiError after the bounded attempts", async () => {
    env = await bootEmulator();
    const client = env.client({ retry: { attempts: 3, baseDelayMs: 100 } });
    await env.injectFault(FOLLOW_PATH, -1, 10);
    const err = await client.request("GET", FOLLOW_PATH).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeComApiError);
    expect(err).toMatchObject({ errcode: -1, path: FOLLOW_PATH });
    expect((err as WeComApiError).errmsg).toMatch(
      /more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=-1$/,
    );
    expect(await env.faultsLeft()).toBe(7);
    expect(env.waits).toHaveLength(2);
  });

  it("gettoken itself is retried on -1", async () => {
    env = await bootEmulator();
    await env.injectFault("/cgi-bin/gettoken", -1, 2);
    const token = await env.client().getToken();
    expect(token).not.toBe("");
    expect(await env.gettokenCalls()).toBe(3);
  });

  it("other errcodes surface at once with their code, without retry", async () => {
    env = await bootEmulator();
    const client = env.client();
    const unknown = await client.externalContact
      .get("wmUnknownCustomer0000000000000")
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(WeComApiError);
    expect(unknown).toMatchObject({ errcode: 40096, path: "/cgi-bin/externalcontact/get" });
    const noMember = await client.externalContact.list("nobody").catch((e: unknown) => e);
    expect(noMember).toBeInstanceOf(WeComApiError);
    expect((noMember as WeComApiError).errcode).not.toBe(0);
    expect(env.waits).toEqual([]);
  });

  it("an unknown API path is a typed network error (HTTP 404), not a success", async () => {
    env = await bootEmulator();
    const err = await env
      .client({ retry: { attempts: 1, baseDelayMs: 1 } })
      .request("GET", "/cgi-bin/no/such/api")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeComNetworkError);
    expect(err).toMatchObject({ code: "BAD_RESPONSE", status: 404 });
  });
});

describe("client-side rate limiter", () => {
  it("waits for room under the corp's per-API limit, so the emulator never answers 45009", async () => {
    env = await bootEmulator();
    const booted = env;
    await booted.control("PATCH", `/corps/${CORP}/settings`, { rateLimitPerMinute: 5 });
    const limited = booted.client({
      rateLimit: { perMinute: 5, perHour: 1000 },
      retry: { attempts: 1, baseDelayMs: 1 },
      // Waiting moves the emulated clock, as real time would.
      sleep: async (ms) => {
        booted.waits.push(ms);
        booted.clock.advance(ms);
      },
    });
    const start = booted.clock.now();
    for (let i = 0; i < 12; i++) await limited.request("GET", FOLLOW_PATH);
    expect(booted.clock.now() - start).toBeGreaterThanOrEqual(120_000);
    expect(await booted.control<unknown[]>("GET", `/corps/${CORP}/rules`)).toEqual([]);

    // Without the limiter the same burst is refused by the platform.
    const unlimited = booted.client({ retry: { attempts: 1, baseDelayMs: 1 } });
    let refused = 0;
    for (let i = 0; i < 6; i++) {
      await unlimited.request("GET", FOLLOW_PATH).catch((e: unknown) => {
        if (e instanceof WeComApiError && e.errcode === 45009) refused++;
      });
    }
    expect(refused).toBeGreaterThan(0);
  });
});
