// @siyu/emulator: a standalone WeCom server with the same contract and limits, simulated people, a control
// API under /_emulator/, encrypted callbacks and a seeded demo world. `startEmulator` is the programmatic
// entry used by the CLI, Siyu's tests, demo and benchmarks.
import Fastify from "fastify";
import { ROUTES } from "./api/index.ts";
import type { CallbackOptions } from "./callbacks.ts";
import { createClock, type EmulatorClock } from "./clock.ts";
import { seedDemo } from "./demo/seed.ts";
import { startTraffic } from "./demo/traffic.ts";
import { registerTickers } from "./people/tickers.ts";
import { registerCgi } from "./server/cgi.ts";
import { registerControl } from "./server/control.ts";
import { registerOAuth } from "./server/oauth.ts";
import { loadSnapshot, saveSnapshot, serializeWorld } from "./snapshot.ts";
import type { CorpSeed } from "./world/world.ts";
import { World } from "./world/world.ts";

export type { Delivery } from "./callbacks.ts";
export type { EmulatorClock } from "./clock.ts";
export { createClock } from "./clock.ts";
export { type EmulatorControl, EmulatorControlError, emulatorControl } from "./control-client.ts";
export { DEMO_AES_KEY, DEMO_AGENT_ID, DEMO_CORP_ID, DEMO_SECRET, DEMO_TOKEN, seedDemo } from "./demo/seed.ts";
export { formatErrmsg } from "./errors.ts";
export { restoreWorld, serializeWorld } from "./snapshot.ts";
export type * from "./world/types.ts";
export type { AppSeed, CorpSeed, MemberSeed } from "./world/world.ts";
export { World } from "./world/world.ts";

export interface EmulatorOptions {
  port?: number;
  host?: string;
  clock?: EmulatorClock;
  corps?: CorpSeed[];
  demo?: boolean | { seed?: number; customers?: number; corpId?: string; secret?: string };
  snapshotFile?: string;
  traffic?: { perMinute: number } | false;
  logger?: boolean;
  /** Callback delivery tuning (defaults: 5 s timeout, 1 s between retries, 3 deliveries). */
  callbacks?: Partial<CallbackOptions>;
  /** Seed for id minting (defaults to the demo seed, else random). */
  seed?: number;
  /** Save the snapshot on SIGTERM/SIGINT (default true when snapshotFile is set). */
  handleSignals?: boolean;
}

export interface RunningEmulator {
  url: string;
  port: number;
  world: World;
  close(): Promise<void>;
  saveSnapshot(): Promise<string | undefined>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = opts.clock ?? createClock();
  const demo = opts.demo === true ? {} : opts.demo || undefined;
  const world = new World(clock, { seed: opts.seed ?? demo?.seed, callbacks: opts.callbacks });
  registerTickers(world);

  const restored = opts.snapshotFile ? await loadSnapshot(world, opts.snapshotFile) : false;
  if (!restored && demo) seedDemo(world, demo);
  for (const seed of opts.corps ?? []) {
    const corp = world.corps.get(seed.corpId);
    if (!corp) {
      world.createCorp(seed);
      continue;
    }
    // A corp from the demo or the snapshot takes the credentials and callback settings given here.
    const app = corp.apps.find((a) => a.agentId === (seed.agentId ?? a.agentId)) ?? corp.apps[0]!;
    Object.assign(
      app,
      definedOnly({
        secret: seed.secret,
        token: seed.token,
        aesKey: seed.aesKey,
        callbackUrl: seed.callbackUrl,
      }),
    );
  }

  const save = async () => {
    if (!opts.snapshotFile) return undefined;
    await saveSnapshot(world, opts.snapshotFile);
    return opts.snapshotFile;
  };

  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 30 * 1024 * 1024 });
  await app.register(async (scope) => registerCgi(scope, world, ROUTES));
  await app.register(async (scope) => registerOAuth(scope, world));
  await app.register(async (scope) =>
    registerControl(scope, world, { saveSnapshot: save, snapshot: () => serializeWorld(world) }),
  );

  const address = await app.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1" });
  const port = Number(new URL(address).port);
  const host = opts.host && opts.host !== "0.0.0.0" ? opts.host : "127.0.0.1";

  const ticker = setInterval(() => world.tick(), 1000);
  ticker.unref();
  const stopTraffic = opts.traffic ? startTraffic(world, opts.traffic.perMinute) : () => {};

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    clearInterval(ticker);
    stopTraffic();
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    world.callbacks.close();
    await app.close();
    await save();
  };
  const onSignal = () => {
    void close().then(() => process.exit(0));
  };
  if (opts.snapshotFile && opts.handleSignals !== false) {
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  }

  return { url: `http://${host}:${port}`, port, world, close, saveSnapshot: save };
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
