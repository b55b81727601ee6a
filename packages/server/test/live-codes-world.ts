// Test world for the live-code and welcome suites: a real Siyu and a WeCom emulator with one small corp
// (a few members, no demo data) whose callbacks reach Siyu, plus helpers for the control API and the Siyu API.
import { createClock, type EmulatorClock, emulatorControl, startEmulator } from "@siyu/emulator";
import { putCorp } from "../src/domains/corps/corps.service.ts";
import { processBatch } from "../src/domains/inbox/inbox.processor.ts";
import type { Clock } from "../src/lib/clock.ts";
import { handlerRegistry } from "../src/server.ts";
import { adminSession, startTestSiyu, type TestSiyu } from "./siyu.ts";

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export const CORP_ID = "wwLiveCodes0001";
const SECRET = "live-codes-secret";
const TOKEN = "LiveCodesToken";
const AES_KEY = "bGl2ZUNvZGVzRW5jb2RpbmdBRVNLZXlGb3JUaGVUZXN";

export interface LcWorld {
  siyu: TestSiyu;
  emu: Emulator;
  emuClock: EmulatorClock;
  corpId: string;
  headers: Record<string, string>;
  control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  people<T = Record<string, unknown>>(action: string, body: unknown): Promise<T>;
  /** Calls Siyu's API as the admin; returns status and JSON body. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies of many shapes
  api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Delivers every queued callback and lets Siyu process them (itself, when the world has no processor). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLcWorld(
  opts: { members?: string[]; clock?: Clock; processor?: boolean; env?: Record<string, string> } = {},
): Promise<LcWorld> {
  const siyu = await startTestSiyu({
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.processor === false ? { processor: false } : {}),
  });
  const emuClock = createClock();
  const emu = await startEmulator({
    clock: emuClock,
    corps: [
      {
        corpId: CORP_ID,
        secret: SECRET,
        token: TOKEN,
        aesKey: AES_KEY,
        callbackUrl: `${siyu.url}/wecom/callback/${CORP_ID}`,
      },
    ],
    seed: 11,
  });
  const control = emulatorControl(emu.url);
  for (const userid of opts.members ?? []) {
    await control("POST", `/_emulator/corps/${CORP_ID}/members`, { userid, name: `员工${userid}` });
  }
  await putCorp(siyu.ctx, {
    corpId: CORP_ID,
    name: "live codes",
    secret: SECRET,
    token: TOKEN,
    aesKey: AES_KEY,
    apiBase: emu.url,
  });
  const headers = await adminSession(siyu.url);
  return {
    siyu,
    emu,
    emuClock,
    corpId: CORP_ID,
    headers,
    control,
    people: (action, body) => control("POST", `/_emulator/corps/${CORP_ID}/people/${action}`, body),
    async api(method, path, body) {
      const res = await fetch(`${siyu.url}${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async settle() {
      await control("POST", "/_emulator/callbacks/flush");
      if (siyu.processor) {
        await siyu.processor.drain();
        await siyu.processor.drain();
      } else while ((await processBatch(siyu.ctx, handlerRegistry())) > 0) {}
    },
    async stop() {
      await emu.close();
      await siyu.stop();
    },
  };
}

/** Polls `check` until it returns a value (not undefined/false) or the time runs out. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error("waitFor: timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}
