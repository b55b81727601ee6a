// The inheritance scheduler. A due job (next_poll_at passed) is locked (FOR UPDATE SKIP LOCKED: one process per
// job) and, in that transaction: its planned customers are started in batches of ≤100 per takeover
// (transfer_customer / resigned/transfer_customer; per-item errcodes), its planned groups transferred in batches of
// ≤100 per new owner, and its waiting customers' statuses read with transfer_result (1 taken over, 2 waiting,
// 3 refused, 4 the takeover is at the customer limit, 5 no record). A customer only ever moves forward out of
// "waiting", and assets move once (moved_at), so a re-run after a crash or a second poll changes nothing. A
// start that WeCom already knows (40129 / 40100: the previous attempt landed before a crash) counts as waiting.
import { WeComApiError, type WeComClient } from "@siyu/wecom";
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { recordTakeovers } from "../contacts/contacts.transfer.ts";
import { refreshGroup } from "../customers/groups.sync.ts";
import { moveFollowups } from "../followups/followups.transfer.ts";
import { moveCustomerSopTasks, moveGroupSopTasks } from "../sops/sops.transfer.ts";
import type { CustomerTransferStatus, TransferKind } from "./inheritance.tables.ts";

export const BATCH = 100;
const TAKEOVER_MS = 24 * 3_600_000;
/** While customers wait, WeCom is asked again this often (refusals can come any time in the 24 h). */
const POLL_MS = 3_600_000;
const RETRY_MS = 60_000;

const START_REASONS: Record<number, string> = {
  40096: "WeCom does not know this customer",
  40097: "WeCom says the handover member has not resigned",
  40098: "the takeover member is not real-name verified",
  40128: "already transferred twice in the last 90 days (WeCom allows 2)",
  40130: "the takeover is the handover member",
  40131: "no longer a customer of the handover member",
  40143: "the takeover member is banned from taking over customers",
  41054: "the takeover member has not activated WeCom",
  60011: "the takeover member cannot have customers (no customer contact, or outside the app's range)",
  46004: "the new owner does not exist in WeCom",
  90500: "the group's owner has not resigned",
  90501: "not a customer group (or dismissed)",
  90502: "the group's owner has resigned: use a departed-staff transfer",
  90504: "the new owner already owns the group",
  90507: "the group is already being inherited",
  90508: "the group was already inherited",
};
const startReason = (code: number) => START_REASONS[code] ?? `WeCom refused the transfer (errcode ${code})`;
const ALREADY_STARTED = new Set([40129, 40100]);
const RESULT: Record<number, { status: CustomerTransferStatus; reason: string | null }> = {
  1: { status: "succeeded", reason: null },
  2: { status: "waiting", reason: null },
  3: { status: "refused", reason: "the customer refused to be taken over (暂不添加)" },
  4: { status: "limit", reason: "the takeover member had reached their customer limit" },
  5: { status: "failed", reason: "WeCom has no record of this transfer" },
};

interface DueJob {
  id: string;
  corp_id: string;
  kind: TransferKind;
  handover_userid: string;
  message: string | null;
}

async function byTakeover(db: Db, jobId: string, status: CustomerTransferStatus) {
  const rows = await db
    .selectFrom("inheritance_customers")
    .select(["external_userid", "takeover_userid"])
    .where("job_id", "=", jobId)
    .where("status", "=", status)
    .orderBy("id")
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows)
    out.set(r.takeover_userid, [...(out.get(r.takeover_userid) ?? []), r.external_userid]);
  return out;
}

async function setItems(
  db: Db,
  jobId: string,
  items: { ext: string; status: CustomerTransferStatus; errcode: number | null; reason: string | null }[],
  from: CustomerTransferStatus,
  at: Date,
  times: { started?: Date; takeoverAt?: (ext: string) => Date | null },
) {
  for (const it of items) {
    const final = it.status !== "planned" && it.status !== "waiting";
    await db
      .updateTable("inheritance_customers")
      .set({
        status: it.status,
        errcode: it.errcode,
        reason: it.reason,
        updated_at: at,
        ...(times.started ? { started_at: times.started, attempts: sql`attempts + 1` } : {}),
        ...(times.takeoverAt ? { takeover_at: times.takeoverAt(it.ext) } : {}),
        ...(final ? { finished_at: at } : {}),
      })
      .where("job_id", "=", jobId)
      .where("external_userid", "=", it.ext)
      .where("status", "=", from)
      .execute();
  }
}

/** Starts a job's planned customers, ≤100 per call per takeover. A call that fails outright fails its batch
 * (WeCom's reason) unless the failure is transient (then the batch stays planned for the next round). */
async function startPlanned(db: Db, client: WeComClient, job: DueJob, now: Date): Promise<boolean> {
  let transient = false;
  for (const [takeover, exts] of await byTakeover(db, job.id, "planned")) {
    for (let i = 0; i < exts.length; i += BATCH) {
      const batch = exts.slice(i, i + BATCH);
      const takeoverAt = () => new Date(now.getTime() + TAKEOVER_MS);
      try {
        const res = await client.transfer.transferCustomers(job.kind, {
          handover_userid: job.handover_userid,
          takeover_userid: takeover,
          external_userid: batch,
          ...(job.message ? { transfer_success_msg: job.message } : {}),
        });
        const code = new Map(res.customer.map((c) => [c.external_userid, c.errcode]));
        const items = batch.map((ext) => {
          const errcode = code.get(ext) ?? 0;
          return errcode === 0 || ALREADY_STARTED.has(errcode)
            ? { ext, status: "waiting" as const, errcode: null, reason: null }
            : { ext, status: "failed" as const, errcode, reason: startReason(errcode) };
        });
        await setItems(db, job.id, items, "planned", now, { started: now, takeoverAt });
      } catch (err) {
        if (!(err instanceof WeComApiError) || err.errcode === -1 || err.errcode === 45033) {
          transient = true;
          continue;
        }
        const items = batch.map((ext) => ({
          ext,
          status: "failed" as const,
          errcode: err.errcode,
          reason: startReason(err.errcode),
        }));
        await setItems(db, job.id, items, "planned", now, { started: now });
      }
    }
  }
  return transient;
}

/** Transfers a job's planned groups; returns whether a transient failure left some planned, and the chats that
 * changed owner (re-read into the group registry after the job's transaction). */
async function transferGroups(
  ctx: Ctx,
  client: WeComClient,
  job: DueJob,
  now: Date,
): Promise<{ transient: boolean; moved: string[] }> {
  const movedAll: string[] = [];
  const rows = await ctx.db
    .selectFrom("inheritance_groups")
    .select(["chat_id", "new_owner"])
    .where("job_id", "=", job.id)
    .where("status", "=", "planned")
    .orderBy("id")
    .execute();
  const owners = new Map<string, string[]>();
  for (const r of rows) owners.set(r.new_owner, [...(owners.get(r.new_owner) ?? []), r.chat_id]);
  let transient = false;
  for (const [owner, chats] of owners) {
    for (let i = 0; i < chats.length; i += BATCH) {
      const batch = chats.slice(i, i + BATCH);
      let failed = new Map<string, number>();
      try {
        const res = await client.transfer.transferGroups(job.kind, batch, owner);
        failed = new Map((res.failed_chat_list ?? []).map((f) => [f.chat_id, f.errcode]));
      } catch (err) {
        if (!(err instanceof WeComApiError) || err.errcode === -1 || err.errcode === 45033) {
          transient = true;
          continue;
        }
        failed = new Map(batch.map((c) => [c, err.errcode]));
      }
      for (const chat of batch) {
        const code = failed.get(chat);
        await ctx.db
          .updateTable("inheritance_groups")
          .set({
            status: code === undefined ? "succeeded" : "failed",
            errcode: code ?? null,
            reason: code === undefined ? null : startReason(code),
            finished_at: now,
            updated_at: now,
          })
          .where("job_id", "=", job.id)
          .where("chat_id", "=", chat)
          .where("status", "=", "planned")
          .execute();
      }
      const moved = batch.filter((c) => !failed.has(c));
      await moveGroupSopTasks(ctx.db, job.corp_id, moved, owner);
      movedAll.push(...moved);
    }
  }
  return { transient, moved: movedAll };
}

/** Reads transfer_result for every takeover with waiting customers and moves each status forward. */
async function pollWaiting(db: Db, client: WeComClient, job: DueJob, now: Date): Promise<void> {
  for (const [takeover, exts] of await byTakeover(db, job.id, "waiting")) {
    const waiting = new Set(exts);
    const seen = new Map<string, { status: number; takeoverTime: number }>();
    for await (const r of client.transfer.results(job.kind, job.handover_userid, takeover))
      if (waiting.has(r.external_userid))
        seen.set(r.external_userid, { status: r.status, takeoverTime: r.takeover_time });
    const items = [...seen.entries()].map(([ext, r]) => {
      const m = RESULT[r.status] ?? {
        status: "failed" as const,
        reason: `unknown transfer status ${r.status}`,
      };
      return { ext, status: m.status, errcode: null, reason: m.reason };
    });
    const time = (ext: string) => {
      const t = seen.get(ext)?.takeoverTime ?? 0;
      return t > 0 ? new Date(t * 1000) : null;
    };
    await setItems(db, job.id, items, "waiting", now, { takeoverAt: time });
  }
}

/** Moves journeys' sender, SOP tasks and follow-ups of newly taken-over customers to their new owner (once). */
export async function moveTakenOver(db: Db, job: DueJob, now: Date): Promise<number> {
  const rows = await db
    .selectFrom("inheritance_customers")
    .select(["id", "external_userid", "takeover_userid", "takeover_at"])
    .where("job_id", "=", job.id)
    .where("status", "=", "succeeded")
    .where("moved_at", "is", null)
    .forUpdate()
    .execute();
  if (rows.length === 0) return 0;
  await recordTakeovers(
    db,
    job.corp_id,
    rows.map((r) => ({
      externalUserid: r.external_userid,
      from: job.handover_userid,
      to: r.takeover_userid,
      at: r.takeover_at && r.takeover_at <= now ? r.takeover_at : now,
    })),
  );
  const byTo = new Map<string, string[]>();
  for (const r of rows)
    byTo.set(r.takeover_userid, [...(byTo.get(r.takeover_userid) ?? []), r.external_userid]);
  for (const [to, exts] of byTo) {
    await moveCustomerSopTasks(db, job.corp_id, job.handover_userid, to, exts);
    await moveFollowups(db, job.corp_id, job.handover_userid, to, exts, now);
  }
  await db
    .updateTable("inheritance_customers")
    .set({ moved_at: now })
    .where(
      "id",
      "in",
      rows.map((r) => r.id),
    )
    .execute();
  return rows.length;
}

async function nextPoll(db: Db, jobId: string, now: Date, transient: boolean): Promise<Date | null> {
  const open = await db
    .selectFrom("inheritance_customers")
    .select(["status", (eb) => eb.fn.min("takeover_at").as("first")])
    .where("job_id", "=", jobId)
    .where("status", "in", ["planned", "waiting"])
    .groupBy("status")
    .execute();
  const groupsOpen = await db
    .selectFrom("inheritance_groups")
    .select("id")
    .where("job_id", "=", jobId)
    .where("status", "=", "planned")
    .executeTakeFirst();
  if (transient || groupsOpen || open.some((o) => o.status === "planned"))
    return new Date(now.getTime() + RETRY_MS);
  const waiting = open.find((o) => o.status === "waiting");
  if (!waiting) return null;
  const first = waiting.first ? new Date(waiting.first as unknown as string) : null;
  const poll = now.getTime() + POLL_MS;
  return new Date(
    first && first.getTime() > now.getTime() && first.getTime() < poll ? first.getTime() : poll,
  );
}

/** Runs one due job (or the given one, due or not); returns whether a job was run. */
export async function runJob(ctx: Ctx, jobId?: string): Promise<boolean> {
  const now = new Date(ctx.clock.now());
  const ran = await ctx.db.transaction().execute(async (trx) => {
    const { rows } = await sql<DueJob>`
      select id::text, corp_id, kind, handover_userid, message from inheritance_jobs
      where ${jobId === undefined ? sql`next_poll_at <= ${now}` : sql`id = ${jobId}`}
      order by next_poll_at nulls last limit 1
      for update skip locked`.execute(trx);
    const job = rows[0];
    if (!job) return undefined;
    const client = await ctx.wecom.forCorp(ctx, job.corp_id);
    const tctx: Ctx = { ...ctx, db: trx };
    const t1 = await startPlanned(trx, client, job, now);
    const groups = await transferGroups(tctx, client, job, now);
    await pollWaiting(trx, client, job, now);
    await moveTakenOver(trx, job, now);
    const next = await nextPoll(trx, job.id, now, t1 || groups.transient);
    await trx
      .updateTable("inheritance_jobs")
      .set({
        next_poll_at: next,
        ...(next === null
          ? { status: "done" as const, finished_at: sql<Date>`coalesce(finished_at, ${now})` }
          : { status: "running" as const }),
      })
      .where("id", "=", job.id)
      .execute();
    return { client, corpId: job.corp_id, moved: groups.moved };
  });
  if (!ran) return false;
  // The registry re-reads the groups that changed owner (its own transaction, after ours committed).
  for (const chat of ran.moved) await refreshGroup(ctx.db, ran.client, ran.corpId, chat, now);
  return true;
}

/** Runs every due job once; returns how many ran. */
export async function runDueJobs(ctx: Ctx, max = 20): Promise<number> {
  let n = 0;
  while (n < max && (await runJob(ctx))) n++;
  return n;
}

export type InheritanceScheduler = Poller;

export function startInheritanceScheduler(ctx: Ctx, idleMs = 30_000): InheritanceScheduler {
  return startPoller("inheritance scheduler", ctx.log, () => runDueJobs(ctx), idleMs);
}
