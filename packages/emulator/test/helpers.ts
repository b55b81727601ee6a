// Shared set-up for the conformance suite: an emulator on an ephemeral port with a frozen clock, a corp,
// and a `@siyu/wecom` client pointed at it (no client-side limiter, no busy retries unless asked).
import { WeComClient } from "@siyu/wecom";
import { createClock, type EmulatorClock, emulatorControl, startEmulator } from "../src/index.ts";

export const CORP = "wwemulatortest01";
export const SECRET = "secret-one";

export async function boot(opts: Parameters<typeof startEmulator>[0] = {}) {
  const clock: EmulatorClock = opts.clock ?? createClock();
  clock.freeze(Date.UTC(2026, 10, 2, 2, 0, 0));
  const emu = await startEmulator({
    corps: [
      { corpId: CORP, secret: SECRET, token: "Tok3n", aesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C" },
    ],
    callbacks: { retryDelayMs: 20, timeoutMs: 2000 },
    ...opts,
    clock,
  });
  const client = (retryAttempts = 1) =>
    new WeComClient({
      baseUrl: emu.url,
      corpId: CORP,
      secret: SECRET,
      rateLimit: false,
      retry: { attempts: retryAttempts, baseDelayMs: 1 },
      clock: { now: () => clock.now() },
    });
  const control = emulatorControl(emu.url);
  const people = <T = Record<string, unknown>>(action: string, body: unknown, corpId = CORP) =>
    control<T>("POST", `/corps/${corpId}/people/${action}`, body);
  return { emu, clock, client, control, people, world: emu.world, corp: emu.world.corp(CORP) };
}

/** Calls an API and returns the errcode it failed with (0 if it succeeded). */
export async function errcodeOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 0;
  } catch (err) {
    const code = (err as { errcode?: number }).errcode;
    if (code === undefined) throw err;
    return code;
  }
}

/** Three customer-contact members (alice, bob in dept 2; carol in dept 3). */
export async function seedMembers(env: Awaited<ReturnType<typeof boot>>) {
  await env.control("POST", `/corps/${CORP}/departments`, { id: 2, name: "上海一店" });
  await env.control("POST", `/corps/${CORP}/departments`, { id: 3, name: "北京一店" });
  for (const [userid, name, dept] of [
    ["alice", "王丽", 2],
    ["bob", "李强", 2],
    ["carol", "张敏", 3],
  ] as const) {
    await env.control("POST", `/corps/${CORP}/members`, { userid, name, department: [dept] });
  }
}

/** Adds a new customer to `userid` through a single contact way; returns the external_userid and welcome code. */
export async function newCustomer(env: Awaited<ReturnType<typeof boot>>, userid: string, name = "陈小姐") {
  return env.people<{ externalUserId: string; welcomeCode: string }>("add-customer", {
    userid,
    customer: { name },
  });
}
