// A store team on the emulator with a frozen clock, for the tests of staff work (SOPs, follow-ups): 华东区 (led by
// lead1 王店长) ⊃ 上海店 (no leader of its own), where m1 张三 and m2 李四 work, each with a few customers; synced,
// with the corp's app agent recorded so members get WeCom app messages. Time is China time from Sunday 22 Nov 2026.
import type { Ctx } from "../src/context.ts";
import { dispatchOnce } from "../src/domains/outbox/dispatcher.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { outboxChannels } from "../src/server.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

const HOUR = 3_600_000;
/** Sunday 22 Nov 2026, 12:00 in China. */
export const SUNDAY_NOON = Date.parse("2026-11-22T04:00:00Z");
/** Day 0 = that Sunday; China time. */
export const china = (day: number, hhmm: string) =>
  SUNDAY_NOON -
  12 * HOUR +
  day * 24 * HOUR +
  Number(hhmm.slice(0, 2)) * HOUR +
  Number(hhmm.slice(3)) * 60_000;

export interface TeamWorld {
  w: LcWorld;
  ctx: Ctx;
  m1Customers: string[];
  m2Customers: string[];
  /** Sends every due outbox row through the gate. */
  dispatchAll(): Promise<void>;
  /** Everything the member received as WeCom app messages, as one string. */
  appTexts(userid: string): Promise<string>;
}

export async function startTeamWorld(opts: {
  customers: { m1: number; m2: number };
  /** More people in the emulator (groups, shared customers) before the first sync. */
  prepare?: (w: LcWorld, team: { m1Customers: string[]; m2Customers: string[] }) => Promise<void>;
}): Promise<TeamWorld> {
  let started: LcWorld | undefined;
  const w = await startLcWorld({
    processor: false,
    clock: { now: () => (started ? started.emuClock.now() : Date.now()) },
  });
  started = w;
  const ctx = w.siyu.ctx;
  w.emuClock.freeze(SUNDAY_NOON);
  const corp = `/_emulator/corps/${w.corpId}`;
  await w.control("POST", `${corp}/departments`, { id: 2, name: "华东区", parentId: 1 });
  await w.control("POST", `${corp}/departments`, { id: 3, name: "上海店", parentId: 2 });
  await w.control("POST", `${corp}/members`, {
    userid: "lead1",
    name: "王店长",
    department: [2],
    position: "店长",
  });
  await w.control("POST", `${corp}/members`, { userid: "m1", name: "张三", department: [3] });
  await w.control("POST", `${corp}/members`, { userid: "m2", name: "李四", department: [3] });
  const team = { m1Customers: [] as string[], m2Customers: [] as string[] };
  for (const [userid, list, n] of [
    ["m1", team.m1Customers, opts.customers.m1],
    ["m2", team.m2Customers, opts.customers.m2],
  ] as const)
    for (let i = 0; i < n; i++) {
      const r = await w.people<{ externalUserId: string }>("add-customer", {
        userid,
        customer: { name: `${userid}客${i}` },
      });
      list.push(r.externalUserId);
    }
  await opts.prepare?.(w, team);
  await w.settle();
  await (await startSync(ctx, w.corpId, "full")).promise;
  const summary = await w.control<{ apps: { agentId: number }[] }>("GET", corp);
  await ctx.db
    .updateTable("corps")
    .set({ agent_id: String(summary.apps[0]?.agentId) })
    .where("corp_id", "=", w.corpId)
    .execute();
  const channels = outboxChannels();
  return {
    w,
    ctx,
    ...team,
    async dispatchAll() {
      while ((await dispatchOnce(ctx, channels)) > 0) {}
    },
    appTexts: async (userid) =>
      JSON.stringify(await w.control("GET", `/_emulator/corps/${w.corpId}/members/${userid}/app-messages`)),
  };
}
