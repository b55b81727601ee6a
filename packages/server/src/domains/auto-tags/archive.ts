// The session archive (会话内容存档) as a message source. WeCom delivers archived chats only through its native
// Finance SDK (contract §4.10: C library, RSA-encrypted records, a paid licence), which Siyu does not bundle.
// So the archive is an adapter interface:
//   - `emulator`: pulls the WeCom emulator's archive feed (`GET /_emulator/corps/:corpId/archive?seq=`), used by
//     the built-in emulator and the tests;
//   - `bridge`: no pull; an external bridge that runs the Finance SDK posts decrypted messages to
//     `POST /api/corps/:corpId/messages` (see messages routes);
//   - `off`.
// Pulls are triggered by the `msgaudit_notify` callback and by a periodic timer; the position (`seq`) is kept
// per corp in message_cursors and advanced in the same transaction that stores the messages, with the cursor
// row locked so two processes never pull the same page.
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { getCorpCredentials } from "../corps/corps.service.ts";
import { type IncomingMessage, ingestMessages } from "./messages.service.ts";

export interface ArchivePage {
  messages: IncomingMessage[];
  /** Where the next pull starts; unchanged when the page was empty. */
  cursor: string;
}

export interface ArchiveAdapter {
  readonly name: string;
  /** Messages after `cursor` (null = from the beginning), at most `limit`. */
  pull(ctx: Ctx, corpId: string, cursor: string | null, limit: number): Promise<ArchivePage>;
}

interface EmulatorArchiveLine {
  seq: number;
  at: number;
  from: string;
  to: string;
  roomId: string;
  kind: string;
  text: string;
  detail?: { url?: string; title?: string; appid?: string; appName?: string; cardUserid?: string };
}

/** Reads the emulator's control-API archive feed at the corp's API base. */
export const emulatorArchiveAdapter: ArchiveAdapter = {
  name: "emulator",
  async pull(ctx, corpId, cursor, limit) {
    const { apiBase } = await getCorpCredentials(ctx, corpId);
    const seq = cursor ?? "0";
    const res = await fetch(
      `${apiBase.replace(/\/$/, "")}/_emulator/corps/${encodeURIComponent(corpId)}/archive?seq=${seq}&limit=${limit}`,
    );
    if (!res.ok) throw new Error(`archive feed answered ${res.status}`);
    const body = (await res.json()) as { messages: EmulatorArchiveLine[] };
    const last = body.messages.at(-1);
    return {
      cursor: last ? String(last.seq) : seq,
      messages: body.messages.map((m) => ({
        msgid: `seq-${m.seq}`,
        from: m.from,
        to: m.to || null,
        roomId: m.roomId || null,
        kind: m.kind,
        text: m.text,
        ...(m.detail ? { detail: m.detail } : {}),
        sentAt: new Date(m.at * 1000),
      })),
    };
  },
};

export type ArchiveSource = "emulator" | "bridge" | "off";

export function archiveAdapter(source: ArchiveSource): ArchiveAdapter | undefined {
  return source === "emulator" ? emulatorArchiveAdapter : undefined;
}

const CURSOR = "archive";

/** Pulls one page for a corp; returns the number of messages pulled (0 = caught up or another process pulls). */
export async function pullArchivePage(ctx: Ctx, adapter: ArchiveAdapter, corpId: string, limit = 500) {
  return ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("message_cursors")
      .values({ corp_id: corpId, source: CURSOR, cursor: "0" })
      .onConflict((oc) => oc.columns(["corp_id", "source"]).doNothing())
      .execute();
    const row = await trx
      .selectFrom("message_cursors")
      .select("cursor")
      .where("corp_id", "=", corpId)
      .where("source", "=", CURSOR)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return 0;
    const page = await adapter.pull(ctx, corpId, row.cursor, limit);
    if (page.messages.length === 0) return 0;
    const now = nowDate(ctx.clock);
    await ingestMessages(trx, corpId, "archive", page.messages, now);
    await trx
      .updateTable("message_cursors")
      .set({ cursor: page.cursor, updated_at: now })
      .where("corp_id", "=", corpId)
      .where("source", "=", CURSOR)
      .execute();
    return page.messages.length;
  });
}

/** One round over every corp: a page each; a corp whose archive fails is logged and skipped this round. */
async function pullRound(ctx: Ctx, adapter: ArchiveAdapter): Promise<number> {
  notified = false;
  const corps = await ctx.db.selectFrom("corps").select("corp_id").execute();
  let pulled = 0;
  for (const { corp_id } of corps) {
    try {
      pulled += await pullArchivePage(ctx, adapter, corp_id);
    } catch (err) {
      ctx.log.warn({ err, corpId: corp_id }, "session archive pull failed");
    }
  }
  // A notification that arrived during the round (its wake-up was lost) makes the loop go round again.
  return pulled + (notified ? 1 : 0);
}

let notified = false;
let wakeArchive: (() => void) | undefined;

/** Called by the msgaudit_notify handler: new archived messages are waiting. */
export function archiveNotified(): void {
  notified = true;
  wakeArchive?.();
}

export function startArchivePuller(ctx: Ctx, adapter: ArchiveAdapter, intervalMs: number): Poller {
  const poller = startPoller("session archive puller", ctx.log, () => pullRound(ctx, adapter), intervalMs);
  wakeArchive = () => poller.wake();
  return poller;
}
