// Shared set-up for the @siyu/wecom client behaviour tests: an emulator on an ephemeral port with a frozen
// clock that the client also reads, a control-API helper, and a client factory whose waits are recorded
// (and, for rate limiting, advance the emulated clock) instead of taking real time.
import { WeComClient, type WeComClientOptions } from "@siyu/wecom";
import { createClock, emulatorControl, startEmulator } from "../../src/index.ts";

export const CORP = "wwclienttest0001";
export const SECRET = "client-test-secret";
export const FOLLOW_PATH = "/cgi-bin/externalcontact/get_follow_user_list";

export const CALLBACK_TOKEN = "ClientTestTok3n";
export const CALLBACK_AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

export async function bootEmulator(opts: { callbackUrl?: string } = {}) {
  const clock = createClock();
  clock.freeze(Date.UTC(2026, 10, 2, 2, 0, 0));
  const emu = await startEmulator({
    corps: [
      {
        corpId: CORP,
        secret: SECRET,
        token: CALLBACK_TOKEN,
        aesKey: CALLBACK_AES_KEY,
        ...(opts.callbackUrl === undefined ? {} : { callbackUrl: opts.callbackUrl }),
      },
    ],
    callbacks: { retryDelayMs: 20, timeoutMs: 2000 },
    clock,
  });

  const control = emulatorControl(emu.url);

  const gettokenCalls = async () =>
    (await control<{ gettokenCalls: Record<string, number> }>("GET", "/stats")).gettokenCalls[CORP] ?? 0;

  const injectFault = (path: string, errcode: number, count: number) =>
    control<{ id: number }>("POST", "/faults", { corpId: CORP, path, errcode, count });

  const faultsLeft = async () =>
    (await control<{ remaining: number }[]>("GET", "/faults")).reduce((n, f) => n + f.remaining, 0);

  /** Backoff and limiter waits taken by clients made here, in order. */
  const waits: number[] = [];

  const client = (opts: Partial<WeComClientOptions> = {}) =>
    new WeComClient({
      baseUrl: emu.url,
      corpId: CORP,
      secret: SECRET,
      clock: { now: () => clock.now() },
      rateLimit: false,
      retry: { attempts: 4, baseDelayMs: 100 },
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
      ...opts,
    });

  return { emu, clock, control, gettokenCalls, injectFault, faultsLeft, waits, client };
}

export type Booted = Awaited<ReturnType<typeof bootEmulator>>;
