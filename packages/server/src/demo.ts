// The built-in WeCom emulator with its demo corp, for `siyu start` on a machine with no WeCom configured:
// the console has a live corp to show, and a real deployment only changes the corp's API base.
import path from "node:path";
import type { Ctx } from "./context.ts";
import { putCorp } from "./domains/corps/corps.service.ts";
import { startSync } from "./domains/sync/sync.jobs.ts";

export interface BuiltInEmulator {
  url: string;
  corpId: string;
  close(): Promise<void>;
}

export async function startBuiltInEmulator(ctx: Ctx, siyuPort: number): Promise<BuiltInEmulator> {
  // Loaded only here: production deployments never import the emulator.
  const emulator = await import("@siyu/emulator");
  const corpId = emulator.DEMO_CORP_ID;
  const emu = await emulator.startEmulator({
    port: 0,
    demo: true,
    snapshotFile: path.join(ctx.config.dataDir, "emulator-world.json"),
    traffic: { perMinute: 6 },
    handleSignals: false,
    corps: [
      {
        corpId,
        secret: emulator.DEMO_SECRET,
        token: emulator.DEMO_TOKEN,
        aesKey: emulator.DEMO_AES_KEY,
        callbackUrl: `http://127.0.0.1:${siyuPort}/wecom/callback/${corpId}`,
      },
    ],
  });
  await putCorp(ctx, {
    corpId,
    name: "演示品牌 Demo brand (emulator)",
    secret: emulator.DEMO_SECRET,
    token: emulator.DEMO_TOKEN,
    aesKey: emulator.DEMO_AES_KEY,
    apiBase: emu.url,
    agentId: String(emulator.DEMO_AGENT_ID),
  });
  // First start: bring the demo corp's staff, tags and customers into Siyu (the console shows them being synced).
  const known = await ctx.db
    .selectFrom("customers")
    .select("id")
    .where("corp_id", "=", corpId)
    .limit(1)
    .executeTakeFirst();
  if (!known) {
    const { promise } = await startSync(ctx, corpId, "full", "demo");
    promise.catch((err) => ctx.log.warn({ err }, "demo corp sync failed"));
  }
  return { url: emu.url, corpId, close: () => emu.close() };
}
