// Materials: files kept in Siyu (PostgreSQL) and turned into WeCom media_ids when a message needs them. A media_id
// lives 3 days; one that expires within the next hour is replaced by a fresh upload, so a welcome message that
// has to go out within 20 s never carries a stale one.
import { createHash } from "node:crypto";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { requireCorp } from "../corps/corps.service.ts";
import type { MaterialKind } from "./materials.tables.ts";

const MB = 1024 * 1024;
/** WeCom's limits for temporary media (addendum §6). */
export const LIMITS: Record<MaterialKind, number> = { image: 10 * MB, video: 10 * MB, file: 20 * MB };
const MEDIA_TTL_MS = 3 * 86_400_000;
const REFRESH_MARGIN_MS = 3_600_000;

export interface MaterialView {
  id: string;
  kind: MaterialKind;
  name: string;
  contentType: string;
  size: number;
  createdAt: string;
}

export function kindOf(contentType: string): MaterialKind {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "image/jpeg" || type === "image/png") return "image";
  if (type === "video/mp4") return "video";
  return "file";
}

export async function createMaterial(
  ctx: Ctx,
  corpId: string,
  input: { name: string; contentType: string; data: Buffer; createdBy: string | null },
): Promise<MaterialView & { existing: boolean }> {
  await requireCorp(ctx, corpId);
  const kind = kindOf(input.contentType);
  if (input.data.length <= 5)
    throw new AppError("MATERIAL_INVALID", "the file is empty (WeCom takes files over 5 bytes)", [
      { path: "/file", message: "empty file" },
    ]);
  if (input.data.length > LIMITS[kind])
    throw new AppError(
      "MATERIAL_INVALID",
      `a ${kind} may be at most ${LIMITS[kind] / MB} MB; this one is ${(input.data.length / MB).toFixed(1)} MB`,
      [{ path: "/file", message: `at most ${LIMITS[kind] / MB} MB` }],
    );
  const sha256 = createHash("sha256").update(input.data).digest("hex");
  const inserted = await ctx.db
    .insertInto("materials")
    .values({
      corp_id: corpId,
      kind,
      name: input.name,
      content_type: input.contentType,
      size: input.data.length,
      sha256,
      data: input.data,
      created_by: input.createdBy,
      created_at: new Date(ctx.clock.now()),
    })
    .onConflict((oc) => oc.columns(["corp_id", "sha256"]).doNothing())
    .returning(["id", "kind", "name", "content_type", "size", "created_at"])
    .executeTakeFirst();
  const row =
    inserted ??
    (await ctx.db
      .selectFrom("materials")
      .select(["id", "kind", "name", "content_type", "size", "created_at"])
      .where("corp_id", "=", corpId)
      .where("sha256", "=", sha256)
      .executeTakeFirstOrThrow());
  return { ...view(row), existing: !inserted };
}

function view(r: {
  id: string;
  kind: MaterialKind;
  name: string;
  content_type: string;
  size: number;
  created_at: Date;
}): MaterialView {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    contentType: r.content_type,
    size: r.size,
    createdAt: r.created_at.toISOString(),
  };
}

export async function listMaterials(
  ctx: Ctx,
  corpId: string,
  q: { kind?: MaterialKind | undefined; q?: string | undefined; limit: number },
) {
  let query = ctx.db
    .selectFrom("materials")
    .select(["id", "kind", "name", "content_type", "size", "created_at"])
    .where("corp_id", "=", corpId);
  if (q.kind) query = query.where("kind", "=", q.kind);
  if (q.q) query = query.where("name", "ilike", `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return (await query.orderBy("id", "desc").limit(q.limit).execute()).map(view);
}

export async function materialContent(ctx: Ctx, corpId: string, id: string) {
  const row = await ctx.db
    .selectFrom("materials")
    .select(["name", "content_type", "data"])
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new AppError("MATERIAL_NOT_FOUND", `no material ${id}`);
  return row;
}

export async function deleteMaterial(ctx: Ctx, corpId: string, id: string): Promise<void> {
  const r = await ctx.db
    .deleteFrom("materials")
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (r.numDeletedRows === 0n) throw new AppError("MATERIAL_NOT_FOUND", `no material ${id}`);
}

/** A WeCom media_id for the material, uploading it when there is none that lives at least another hour. */
export async function mediaIdFor(
  ctx: Ctx,
  corpId: string,
  materialId: string,
  purpose: "message" | "moment" = "message",
): Promise<string> {
  const now = ctx.clock.now();
  const cached = await ctx.db
    .selectFrom("material_media")
    .select(["media_id", "expires_at"])
    .where("material_id", "=", materialId)
    .where("corp_id", "=", corpId)
    .where("purpose", "=", purpose)
    .executeTakeFirst();
  if (cached && cached.expires_at.getTime() - now > REFRESH_MARGIN_MS) return cached.media_id;
  const m = await materialContent(ctx, corpId, materialId);
  const kind = kindOf(m.content_type);
  const client = await ctx.wecom.forCorp(ctx, corpId);
  const file = { filename: m.name, contentType: m.content_type, data: m.data };
  const res =
    purpose === "moment"
      ? await client.media.uploadAttachment(kind, 1, file)
      : await client.media.upload(kind, file);
  const uploadedAt = new Date(now);
  await ctx.db
    .insertInto("material_media")
    .values({
      material_id: materialId,
      corp_id: corpId,
      purpose,
      media_id: res.media_id,
      uploaded_at: uploadedAt,
      expires_at: new Date(now + MEDIA_TTL_MS),
    })
    .onConflict((oc) =>
      oc.columns(["material_id", "purpose"]).doUpdateSet({
        media_id: res.media_id,
        uploaded_at: uploadedAt,
        expires_at: new Date(now + MEDIA_TTL_MS),
      }),
    )
    .execute();
  return res.media_id;
}

export interface MaterialRef {
  /** Where the reference sits in the request, e.g. "/attachments/2/materialId". */
  path: string;
  id: string;
  /** The kind it must be (a mini program's cover must be an image). */
  kind: MaterialKind;
}

/** Refuses references to materials that are not this corp's or not of the needed kind, one issue per field. */
export async function checkMaterialRefs(ctx: Ctx, corpId: string, refs: MaterialRef[]): Promise<void> {
  if (refs.length === 0) return;
  const rows = await ctx.db
    .selectFrom("materials")
    .select(["id", "kind"])
    .where("corp_id", "=", corpId)
    .where(
      "id",
      "in",
      refs.map((r) => r.id),
    )
    .execute();
  const kinds = new Map(rows.map((r) => [r.id, r.kind]));
  const issues = refs.flatMap((r) => {
    const kind = kinds.get(r.id);
    if (!kind) return [{ path: r.path, message: `no material ${r.id}` }];
    if (kind !== r.kind) return [{ path: r.path, message: `material ${r.id} is a ${kind}, not a ${r.kind}` }];
    return [];
  });
  if (issues.length > 0) throw new AppError("VALIDATION_FAILED", "the request is invalid", issues);
}
