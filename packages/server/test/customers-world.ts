// Test world for the customers/sync/tags suites: a real Siyu plus the WeCom emulator's demo corp, whose callbacks
// reach Siyu, and helpers for the emulator's control API.
import {
  DEMO_AES_KEY,
  DEMO_AGENT_ID,
  DEMO_CORP_ID,
  DEMO_SECRET,
  DEMO_TOKEN,
  emulatorControl,
  startEmulator,
} from "@siyu/emulator";
import { putCorp } from "../src/domains/corps/corps.service.ts";
import { startTestSiyu, type TestSiyu } from "./siyu.ts";

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export interface World {
  siyu: TestSiyu;
  emu: Emulator;
  corpId: string;
  /** Calls the emulator's control API; throws on a non-2xx answer. */
  control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  /** People action `POST /_emulator/corps/:corpId/people/<action>`. */
  people<T = Record<string, unknown>>(action: string, body: unknown): Promise<T>;
  /** Waits until the emulator delivered every callback and Siyu processed them. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorld(
  opts: { customers?: number; seed?: number; callbacks?: { retryDelayMs?: number; attempts?: number } } = {},
): Promise<World> {
  const siyu = await startTestSiyu();
  const emu = await startEmulator({
    demo: { customers: opts.customers ?? 200, seed: opts.seed ?? 7 },
    // A minting seed unlike the demo's, or ids minted later collide with the demo's customers.
    seed: 104_729,
    ...(opts.callbacks ? { callbacks: opts.callbacks } : {}),
  });
  const corpId = DEMO_CORP_ID;
  const control = emulatorControl(emu.url);
  await control("PATCH", `/_emulator/corps/${corpId}/apps/${DEMO_AGENT_ID}`, {
    callbackUrl: `${siyu.url}/wecom/callback/${corpId}`,
  });
  await putCorp(siyu.ctx, {
    corpId,
    name: "悦享生活",
    secret: DEMO_SECRET,
    token: DEMO_TOKEN,
    aesKey: DEMO_AES_KEY,
    apiBase: emu.url,
  });
  return {
    siyu,
    emu,
    corpId,
    control,
    people: (action, body) => control("POST", `/_emulator/corps/${corpId}/people/${action}`, body),
    async settle() {
      await control("POST", "/_emulator/callbacks/flush");
      await siyu.processor?.drain();
    },
    async stop() {
      await emu.close();
      await siyu.stop();
    },
  };
}
