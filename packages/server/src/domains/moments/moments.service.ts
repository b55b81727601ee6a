// Customer moments: create (validated against the corp's materials, tags and members; now or at a time), list,
// read with each member's publish status and the likes/comments pulled so far, and cancel. Publishing and
// pulling are the worker's (moments.worker.ts).
import { WeComApiError } from "@siyu/wecom";
import { type Selectable, sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { requireCorp } from "../corps/corps.service.ts";
import { checkMaterialRefs, type MaterialRef } from "../materials/materials.service.ts";
import { fold } from "../send-gate/gate-facts.ts";
import { findSensitiveWord } from "../send-gate/gate-rules.ts";
import type { MomentDetailView, MomentInput, MomentView } from "./moments.schemas.ts";
import type { MomentStatus, MomentsTable } from "./moments.tables.ts";

type MomentRow = Selectable<MomentsTable>;

let wakeWorker: (() => void) | undefined;
/** The worker registers itself so a new post due now is published without waiting for its next round. */
export function onMomentDue(fn: (() => void) | undefined): void {
  wakeWorker = fn;
}

type Issue = { path: string; message: string };

async function validate(ctx: Ctx, corpId: string, input: MomentInput, now: number): Promise<void> {
  const issues: Issue[] = [];
  if (input.scheduledAt !== undefined && Date.parse(input.scheduledAt) < now) {
    issues.push({ path: "/scheduledAt", message: "the publish time has already passed" });
  }
  if (input.visibleTags.length > 0) {
    const known = new Set(
      (
        await ctx.db
          .selectFrom("tags")
          .select("tag_id")
          .where("corp_id", "=", corpId)
          .where("deleted", "=", false)
          .where("tag_id", "in", input.visibleTags)
          .execute()
      ).map((t) => t.tag_id),
    );
    input.visibleTags.forEach((t, i) => {
      if (!known.has(t)) issues.push({ path: `/visibleTags/${i}`, message: `no tag ${t} in this corp` });
    });
  }
  if (input.senders.length > 0) {
    const known = new Set(
      (
        await ctx.db
          .selectFrom("members")
          .select("userid")
          .where("corp_id", "=", corpId)
          .where("removed", "=", false)
          .where("userid", "in", input.senders)
          .execute()
      ).map((m) => m.userid),
    );
    input.senders.forEach((u, i) => {
      if (!known.has(u)) issues.push({ path: `/senders/${i}`, message: `no member ${u} in this corp` });
    });
  }
  // The corp's sensitive and forbidden words (R3), as the send gate reads them: refused before anything goes out.
  const words = (
    await ctx.db.selectFrom("sensitive_words").select("word").where("corp_id", "=", corpId).execute()
  ).map((w) => fold(w.word));
  const said = findSensitiveWord(words, input.text);
  if (said !== undefined) issues.push({ path: "/text", message: `contains the sensitive word "${said}"` });
  input.attachments.forEach((a, i) => {
    const inTitle = a.type === "link" ? findSensitiveWord(words, a.title) : undefined;
    if (inTitle !== undefined)
      issues.push({ path: `/attachments/${i}/title`, message: `contains the sensitive word "${inTitle}"` });
  });
  if (issues.length > 0) throw new AppError("VALIDATION_FAILED", "the moment is not valid", issues);
  const refs: MaterialRef[] = input.attachments.map((a, i) =>
    a.type === "link"
      ? { path: `/attachments/${i}/coverMaterialId`, id: a.coverMaterialId, kind: "image" }
      : { path: `/attachments/${i}/materialId`, id: a.materialId, kind: a.type },
  );
  await checkMaterialRefs(ctx, corpId, refs);
}

export async function createMoment(
  ctx: Ctx,
  corpId: string,
  input: MomentInput,
  createdBy: string | null,
): Promise<MomentDetailView> {
  await requireCorp(ctx, corpId);
  const now = ctx.clock.now();
  await validate(ctx, corpId, input, now);
  const row = await ctx.db
    .insertInto("moments")
    .values({
      corp_id: corpId,
      text: input.text,
      attachments: JSON.stringify(input.attachments),
      senders: [...new Set(input.senders)],
      tag_ids: [...new Set(input.visibleTags)],
      publish_at: input.scheduledAt ? new Date(input.scheduledAt) : new Date(now),
      scheduled: input.scheduledAt !== undefined,
      status: "scheduled",
      created_by: createdBy,
      created_at: new Date(now),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (!input.scheduledAt) wakeWorker?.();
  return getMoment(ctx, corpId, row.id);
}

async function rowOf(ctx: Ctx, corpId: string, id: string): Promise<MomentRow> {
  const row = await ctx.db
    .selectFrom("moments")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new AppError("MOMENT_NOT_FOUND", `no moment ${id}`);
  return row as MomentRow;
}

async function views(ctx: Ctx, corpId: string, rows: MomentRow[]): Promise<MomentView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const tagIds = [...new Set(rows.flatMap((r) => r.tag_ids))];
  const materialIds = [
    ...new Set(
      rows.flatMap((r) => r.attachments.map((a) => (a.type === "link" ? a.coverMaterialId : a.materialId))),
    ),
  ];
  const [tags, materials, members, interactions] = await Promise.all([
    tagIds.length === 0
      ? []
      : ctx.db
          .selectFrom("tags")
          .select(["tag_id", "name"])
          .where("corp_id", "=", corpId)
          .where("tag_id", "in", tagIds)
          .execute(),
    materialIds.length === 0
      ? []
      : ctx.db
          .selectFrom("materials")
          .select(["id", "name"])
          .where("corp_id", "=", corpId)
          .where("id", "in", materialIds)
          .execute(),
    ctx.db
      .selectFrom("moment_members")
      .select([
        "moment_id",
        sql<string>`count(*)`.as("n"),
        sql<string>`count(*) filter (where published)`.as("published"),
      ])
      .where("corp_id", "=", corpId)
      .where("moment_id", "in", ids)
      .groupBy("moment_id")
      .execute(),
    ctx.db
      .selectFrom("moment_interactions")
      .select([
        "moment_id",
        sql<string>`count(*) filter (where kind = 'like')`.as("likes"),
        sql<string>`count(*) filter (where kind = 'comment')`.as("comments"),
        sql<string>`count(distinct external_userid)`.as("customers"),
      ])
      .where("corp_id", "=", corpId)
      .where("moment_id", "in", ids)
      .groupBy("moment_id")
      .execute(),
  ]);
  const tagName = new Map(tags.map((t) => [t.tag_id, t.name]));
  const materialName = new Map(materials.map((m) => [m.id, m.name]));
  const memberCounts = new Map(members.map((m) => [m.moment_id, m]));
  const interactionCounts = new Map(interactions.map((i) => [i.moment_id, i]));
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return rows.map((r) => {
    const mc = memberCounts.get(r.id);
    const ic = interactionCounts.get(r.id);
    return {
      id: r.id,
      text: r.text,
      attachments: r.attachments.map((a) => ({
        ...a,
        name: materialName.get(a.type === "link" ? a.coverMaterialId : a.materialId) ?? null,
      })),
      senders: r.senders,
      visibleTags: r.tag_ids.map((id) => ({ id, name: tagName.get(id) ?? null })),
      scheduled: r.scheduled,
      publishAt: r.publish_at.toISOString(),
      status: r.status,
      error: r.error,
      wecomMomentId: r.wecom_moment_id,
      invalidSenders: r.invalid_senders,
      invalidTags: r.invalid_tags,
      createdAt: r.created_at.toISOString(),
      publishedAt: iso(r.published_at),
      cancelledAt: iso(r.cancelled_at),
      polledAt: iso(r.polled_at),
      counts: {
        members: Number(mc?.n ?? 0),
        membersPublished: Number(mc?.published ?? 0),
        likes: Number(ic?.likes ?? 0),
        comments: Number(ic?.comments ?? 0),
        customers: Number(ic?.customers ?? 0),
      },
    };
  });
}

export async function listMoments(
  ctx: Ctx,
  corpId: string,
  q: { status?: MomentStatus | undefined; limit: number; before?: string | undefined },
): Promise<MomentView[]> {
  await requireCorp(ctx, corpId);
  let query = ctx.db.selectFrom("moments").selectAll().where("corp_id", "=", corpId);
  if (q.status) query = query.where("status", "=", q.status);
  if (q.before) query = query.where("id", "<", q.before);
  const rows = (await query.orderBy("id", "desc").limit(q.limit).execute()) as MomentRow[];
  return views(ctx, corpId, rows);
}

export async function getMoment(ctx: Ctx, corpId: string, id: string): Promise<MomentDetailView> {
  const row = await rowOf(ctx, corpId, id);
  const [view] = await views(ctx, corpId, [row]);
  const members = await ctx.db
    .selectFrom("moment_members as mm")
    .leftJoin("members as m", (j) =>
      j.onRef("m.corp_id", "=", "mm.corp_id").onRef("m.userid", "=", "mm.userid"),
    )
    .select(["mm.userid", "m.name", "mm.published", "mm.published_seen_at"])
    .where("mm.corp_id", "=", corpId)
    .where("mm.moment_id", "=", id)
    .orderBy("mm.userid")
    .execute();
  const perMember = await ctx.db
    .selectFrom("moment_interactions")
    .select([
      "userid",
      sql<string>`count(*) filter (where kind = 'like')`.as("likes"),
      sql<string>`count(*) filter (where kind = 'comment')`.as("comments"),
    ])
    .where("corp_id", "=", corpId)
    .where("moment_id", "=", id)
    .groupBy("userid")
    .execute();
  const counts = new Map(perMember.map((p) => [p.userid, p]));
  const interactions = await ctx.db
    .selectFrom("moment_interactions as i")
    .leftJoin("customers as c", (j) =>
      j.onRef("c.corp_id", "=", "i.corp_id").onRef("c.external_userid", "=", "i.external_userid"),
    )
    .select(["i.external_userid", "c.id as customer_id", "c.name", "i.userid", "i.kind", "i.at"])
    .where("i.corp_id", "=", corpId)
    .where("i.moment_id", "=", id)
    .orderBy("i.at", "desc")
    .orderBy("i.id", "desc")
    .limit(500)
    .execute();
  return {
    ...view!,
    members: members.map((m) => ({
      userid: m.userid,
      name: m.name ?? null,
      published: m.published,
      publishedSeenAt: m.published_seen_at?.toISOString() ?? null,
      likes: Number(counts.get(m.userid)?.likes ?? 0),
      comments: Number(counts.get(m.userid)?.comments ?? 0),
    })),
    interactions: interactions.map((i) => ({
      externalUserId: i.external_userid,
      customerId: i.customer_id ?? null,
      customerName: i.name || null,
      userid: i.userid,
      kind: i.kind,
      at: i.at.toISOString(),
    })),
  };
}

/**
 * A scheduled moment is simply not published; a published one is cancelled in WeCom (members who have not
 * published it yet no longer can). One being published right now, failed or already cancelled cannot be.
 */
export async function cancelMoment(ctx: Ctx, corpId: string, id: string): Promise<MomentDetailView> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("moments")
      .select(["status", "wecom_moment_id"])
      .where("corp_id", "=", corpId)
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new AppError("MOMENT_NOT_FOUND", `no moment ${id}`);
    if (row.status !== "scheduled" && row.status !== "published") {
      throw new AppError("MOMENT_NOT_CANCELLABLE", `a ${row.status} moment cannot be cancelled`, {
        status: row.status,
      });
    }
    if (row.status === "published" && row.wecom_moment_id) {
      try {
        const client = await ctx.wecom.forCorp(ctx, corpId);
        await client.moments.cancel(row.wecom_moment_id);
      } catch (err) {
        if (err instanceof WeComApiError)
          throw new AppError("WECOM_REFUSED", `WeCom refused to cancel the moment (errcode ${err.errcode})`, {
            errcode: err.errcode,
          });
        throw err;
      }
    }
    await trx
      .updateTable("moments")
      .set({ status: "cancelled", cancelled_at: nowDate(ctx.clock), next_poll_at: null })
      .where("corp_id", "=", corpId)
      .where("id", "=", id)
      .execute();
  });
  return getMoment(ctx, corpId, id);
}
