// The segment engine: roaring bitmaps per corp and typed columns, built from PostgreSQL at start and kept current in
// every process by following the durable change log (`segment_changes`, LISTEN/NOTIFY to wake, a periodic poll as
// a safety net). PostgreSQL stays the source of truth: a change only names a customer, whose attributes are then
// re-read. Counting is in-memory and synchronous after that.
import pg from "pg";
import type { Logger } from "pino";
import type { Db } from "../../../db/database.ts";
import type { Clock } from "../../../lib/clock.ts";
import type { SegmentExpr } from "../segments.ast.ts";
import { type EngineData, replaceCustomers } from "./apply.ts";
import { NUM_DIMS } from "./bit-slices.ts";
import { BuildAborted, type BuildProgress, buildAll } from "./build.ts";
import { ChangeCursor, pruneChanges } from "./change-log.ts";
import { Columns } from "./columns.ts";
import { type Bitmap, CorpIndex, getOrSet, RoaringBitmap32 } from "./corp-index.ts";
import { evaluate } from "./evaluate.ts";
import { loadBatch } from "./loader.ts";

export interface SegmentEngine {
  /**
   * Builds from PostgreSQL, then follows the change log. Resolves when the engine is ready; a failed build is
   * retried (the promise settles on the first success, or rejects once stopped).
   */
  start(): Promise<void>;
  /** Building (with progress), ready, or failed (the last build's error; another attempt follows). */
  state(): EngineState;
  /** Resolves true once ready, or false after `timeoutMs` (starting the build if nobody has). */
  whenReady(timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
  /** Waits until every change committed before the call is applied (for tests and read-your-writes). */
  catchUp(): Promise<void>;
  count(corpId: string, expr: SegmentExpr): Promise<number>;
  /** Up to `limit` customer ids (strings of customers.id), ascending, after `afterId` if given. */
  sample(corpId: string, expr: SegmentExpr, limit: number, afterId?: string): Promise<string[]>;
  /**
   * Every customer of the segment (customers.id, ascending) with their sender for mass sends — the member of their
   * most recently added active relation — as a number into `senderIds` (-1: none).
   */
  withSenders(corpId: string, expr: SegmentExpr): Promise<SegmentSenders>;
  memory(): EngineMemory;
  /** Drops the range columns' cached splits of every corp (benches measure the first count after a start with it). */
  forgetSplits(): void;
}

export interface SegmentSenders {
  ids: Uint32Array;
  senders: Int32Array;
  senderIds: readonly string[];
}

export interface EngineMemory {
  rssBytes: number;
  /** Memory held by roaring bitmaps (native). */
  bitmapBytes: number;
  /** Customers indexed, all corps. */
  customers: number;
  /** The typed columns (last order, order count, total spent, first added, sender). */
  columnBytes: number;
}

export type EngineState =
  | { status: "building"; startedAt: number; progress: BuildProgress }
  | { status: "ready"; builtAt: number; buildMs: number }
  | { status: "failed"; error: string; retryAt: number; progress: BuildProgress };

export interface EngineOptions {
  /** Connection string for LISTEN (without it the engine only polls). */
  databaseUrl?: string;
  /** Safety-net poll interval; default 2 s. */
  pollMs?: number;
  /** Change rows older than this are deleted; default one day. */
  retentionSeconds?: number;
  /** Wait before a failed build is tried again; default 10 s. */
  retryMs?: number;
  /** Connections the build uses at once; default 3. */
  buildConcurrency?: number;
}

const CHANNEL = "segment_changes";
const UPDATE_BATCH = 5000;
const PRUNE_EVERY_MS = 60_000;

/** What the engine needs from Ctx (it is itself part of Ctx, as `ctx.segments`). */
export interface EngineDeps {
  db: Db;
  log: Logger;
  clock: Clock;
}

export function createSegmentEngine(ctx: EngineDeps, opts: EngineOptions = {}): SegmentEngine {
  const { db, log } = ctx;
  const corps = new Map<string, CorpIndex>();
  const columns = new Columns();
  const cursor = new ChangeCursor(db);
  let listener: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastPrune = 0;
  // Polls run one after another; `queued` coalesces wake-ups into the next poll that has not started yet.
  let chain: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;

  const corpIndex = (corpId: string): CorpIndex => {
    return getOrSet(corps, corpId, () => new CorpIndex());
  };

  const data: EngineData = { columns, corps, corpIndex };

  const NO_PROGRESS: BuildProgress = { step: 0, steps: 0, customers: 0 };
  let state: EngineState = { status: "building", startedAt: ctx.clock.now(), progress: NO_PROGRESS };
  /** Ends the wait before a retry (on stop). */
  let interruptRetry: (() => void) | undefined;

  const build = async () => {
    corps.clear();
    columns.clear();
    const startedAt = ctx.clock.now();
    state = { status: "building", startedAt, progress: NO_PROGRESS };
    await buildAll(
      db,
      { columns, corpIndex },
      {
        concurrency: opts.buildConcurrency,
        aborted: () => stopped,
        onProgress: (progress) => {
          state = { status: "building", startedAt, progress };
        },
      },
    );
    for (const idx of corps.values()) idx.addValues(idx.universe.toUint32Array(), columns);
    for (const idx of corps.values()) idx.optimize();
  };

  /** Re-reads the named customers and replaces their entries. */
  const refresh = async (ids: number[]) => {
    for (let i = 0; i < ids.length; i += UPDATE_BATCH) {
      // Stopping abandons the rest: the next start rebuilds from PostgreSQL anyway.
      if (stopped) return;
      const part = ids.slice(i, i + UPDATE_BATCH);
      replaceCustomers(data, part, await loadBatch(db, { ids: part }));
    }
  };

  const pollOnce = async () => {
    if (stopped) return;
    const changed = await cursor.poll();
    if (changed.length > 0) await refresh(changed);
    const now = Date.now();
    if (now - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = now;
      await pruneChanges(db, opts.retentionSeconds ?? 86_400);
    }
  };

  /** A poll that starts after this call (joining one queued but not yet started). */
  const schedulePoll = (): Promise<void> => {
    if (queued) return queued;
    const p = chain.then(() => {
      if (queued === p) queued = undefined;
      return pollOnce();
    });
    queued = p;
    chain = p.catch((err) => {
      if (!stopped) log.error({ err }, "segment engine: applying changes failed");
    });
    return p;
  };

  const listen = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    client.on("notification", () => void schedulePoll().catch(() => {}));
    client.on("error", (err) => {
      log.warn({ err }, "segment engine: change listener lost; reconnecting");
      listener = undefined;
      void client.end().catch(() => {});
      if (!stopped) setTimeout(() => void listen(url).catch(() => {}), 1000).unref();
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    listener = client;
    // Anything committed while the listener was down.
    void schedulePoll().catch(() => {});
  };

  /** Hands the corp's members of `expr` to `use`, which may read them only until it returns. */
  const evaluateFor = <T>(corpId: string, expr: SegmentExpr, use: (members: Bitmap) => T): T => {
    const idx = corps.get(corpId);
    if (!idx) return use(new RoaringBitmap32());
    return evaluate(expr, idx.universe, { index: idx, columns, nowMicros: ctx.clock.now() * 1000 }, use);
  };

  let starting: Promise<void> | undefined;
  const attempt = async () => {
    const t0 = performance.now();
    // The cursor is taken before the build's snapshot: whatever commits during the build is applied after it.
    await cursor.init();
    await build();
    const customers = [...corps.values()].reduce((n, c) => n + c.universe.size, 0);
    const buildMs = Math.round(performance.now() - t0);
    log.info({ customers, ms: buildMs }, "segment engine built");
    state = { status: "ready", builtAt: ctx.clock.now(), buildMs };
  };
  const start = async () => {
    for (;;) {
      try {
        await attempt();
        break;
      } catch (err) {
        if (stopped || err instanceof BuildAborted) throw new BuildAborted("segment engine stopped");
        const retryMs = opts.retryMs ?? 10_000;
        log.error({ err }, "segment engine: build failed; retrying");
        const progress = state.status === "ready" ? NO_PROGRESS : state.progress;
        const retryAt = ctx.clock.now() + retryMs;
        state = { status: "failed", error: (err as Error).message, retryAt, progress };
        await new Promise<void>((resolve) => {
          interruptRetry = resolve;
          setTimeout(resolve, retryMs).unref();
        });
        if (stopped) throw new BuildAborted("segment engine stopped");
      }
    }
    if (stopped) return;
    if (opts.databaseUrl) {
      await listen(opts.databaseUrl).catch((err) =>
        log.warn({ err }, "segment engine: LISTEN unavailable; polling only"),
      );
    }
    timer = setInterval(() => void schedulePoll().catch(() => {}), opts.pollMs ?? 2000);
    timer.unref();
  };
  /** Starts on first use when nobody called start() (e.g. a CLI command). */
  const ready = () => {
    starting ??= start();
    return starting;
  };

  return {
    start: ready,
    state: () => state,
    async whenReady(timeoutMs) {
      const started = ready();
      if (state.status === "ready") return true;
      let timeout: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => {
        timeout = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([
          started.then(
            () => true,
            () => false,
          ),
          late,
        ]);
      } finally {
        clearTimeout(timeout);
      }
    },
    async stop() {
      stopped = true;
      interruptRetry?.();
      await starting?.catch(() => {});
      if (timer) clearInterval(timer);
      await chain;
      await listener?.end().catch(() => {});
      listener = undefined;
    },
    async catchUp() {
      await ready();
      await schedulePoll();
    },
    async count(corpId, expr) {
      await ready();
      return evaluateFor(corpId, expr, (bm) => bm.size);
    },
    async sample(corpId, expr, limit, afterId) {
      await ready();
      return evaluateFor(corpId, expr, (bm) => {
        const from = afterId === undefined ? 0 : bm.rank(Number(afterId));
        return Array.from(bm.rangeUint32Array(from, limit), String);
      });
    },
    async withSenders(corpId, expr) {
      await ready();
      const ids = evaluateFor(corpId, expr, (bm) => bm.toUint32Array());
      const senders = new Int32Array(ids.length);
      const col = columns.sender;
      for (let i = 0; i < ids.length; i++) senders[i] = col[ids[i] as number] ?? -1;
      return { ids, senders, senderIds: columns.senderIds };
    },
    forgetSplits() {
      for (const idx of corps.values()) for (const dim of NUM_DIMS) idx.slices[dim].forget();
    },
    memory() {
      return {
        rssBytes: process.memoryUsage.rss(),
        bitmapBytes: RoaringBitmap32.getRoaringUsedMemory(),
        customers: [...corps.values()].reduce((n, c) => n + c.universe.size, 0),
        columnBytes: columns.bytes(),
      };
    },
  };
}
