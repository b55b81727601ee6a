// Durable intake of callback events with group commit: concurrent callbacks share one INSERT and one commit,
// and each is answered only after that commit. One event key → one row (ON CONFLICT DO NOTHING).
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

export interface InboxRow {
  corpId: string;
  eventKey: string;
  eventType: string;
  payload: string;
  receivedAt: Date;
}

interface Waiter {
  row: InboxRow;
  resolve(inserted: boolean): void;
  reject(err: unknown): void;
}

export interface InboxWriter {
  /** Resolves once the row is committed: true when new, false when the key was already stored. */
  write(row: InboxRow): Promise<boolean>;
  close(): Promise<void>;
}

export function createInboxWriter(
  db: Db,
  opts: { maxBatch?: number; maxConcurrentFlushes?: number; onCommitted?: () => void } = {},
): InboxWriter {
  const maxBatch = opts.maxBatch ?? 500;
  const maxFlushes = opts.maxConcurrentFlushes ?? 4;
  let queue: Waiter[] = [];
  let flushing = 0;
  const idle: Array<() => void> = [];

  async function flush(batch: Waiter[]): Promise<void> {
    // Duplicates inside one batch: ON CONFLICT cannot touch the same row twice, so keep the first.
    const unique = new Map<string, Waiter>();
    for (const w of batch) {
      const k = `${w.row.corpId}\u0000${w.row.eventKey}`;
      if (!unique.has(k)) unique.set(k, w);
    }
    try {
      // One statement text whatever the batch size (arrays, not thousands of VALUES parameters), so
      // PostgreSQL parses and plans it cheaply.
      const rows = [...unique.values()].map((w) => w.row);
      const { rows: inserted } = await sql<{ corp_id: string; event_key: string }>`
        insert into inbox_events (corp_id, event_key, event_type, payload, received_at, next_attempt_at)
        select c, k, t, p, r, r
        from unnest(
          ${rows.map((r) => r.corpId)}::text[], ${rows.map((r) => r.eventKey)}::text[],
          ${rows.map((r) => r.eventType)}::text[], ${rows.map((r) => r.payload)}::text[],
          ${rows.map((r) => r.receivedAt)}::timestamptz[]
        ) as x(c, k, t, p, r)
        on conflict (corp_id, event_key) do nothing
        returning corp_id, event_key`.execute(db);
      const fresh = new Set(inserted.map((r) => `${r.corp_id}\u0000${r.event_key}`));
      for (const w of batch) {
        const k = `${w.row.corpId}\u0000${w.row.eventKey}`;
        w.resolve(unique.get(k) === w && fresh.has(k));
      }
      if (fresh.size > 0) opts.onCommitted?.();
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }

  function pump(): void {
    while (queue.length > 0 && flushing < maxFlushes) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      flushing++;
      void flush(batch).finally(() => {
        flushing--;
        pump();
        if (flushing === 0 && queue.length === 0) for (const f of idle.splice(0)) f();
      });
    }
  }

  return {
    write(row) {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        // Flush on the next tick so callbacks arriving together share a commit.
        if (queue.length === 1) setImmediate(pump);
        else if (queue.length >= maxBatch) pump();
      });
    },
    async close() {
      pump();
      if (flushing > 0 || queue.length > 0) await new Promise<void>((r) => idle.push(r));
    },
  };
}
