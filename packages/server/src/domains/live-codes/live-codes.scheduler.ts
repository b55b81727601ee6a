// Keeps every enabled live code's contact way current: after adds (a staff member may have reached the cap),
// at schedule boundaries and at local midnight (caps reset). Runs with the server.
import type { Ctx } from "../../context.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { syncDueCodes } from "./live-codes.sync.ts";

export type LiveCodeScheduler = Poller;

export function startLiveCodeScheduler(ctx: Ctx, opts: { idleDelayMs?: number } = {}): LiveCodeScheduler {
  return startPoller("live code scheduler", ctx.log, () => syncDueCodes(ctx), opts.idleDelayMs ?? 250);
}
