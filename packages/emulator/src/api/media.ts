// Addendum §6 — media: upload (temporary, 3 days, created_at as a string), uploadimg (permanent URL),
// upload_attachment (moments/product album; created_at as an int) and get, with the size and type limits
// and the 400xx error codes. File bytes are kept in memory only (not in snapshots).
import { ApiError } from "../errors.ts";
import type { CorpState } from "../world/types.ts";
import { parseMultipart } from "./multipart.ts";
import { type ApiContext, get, type Route } from "./route.ts";

const MB = 1024 * 1024;
const LIMITS: Record<string, { max: number; code: number }> = {
  image: { max: 10 * MB, code: 40009 },
  voice: { max: 2 * MB, code: 40006 },
  video: { max: 10 * MB, code: 40011 },
  file: { max: 20 * MB, code: 40006 },
};
const TTL = 3 * 86_400;

const bytes = new WeakMap<CorpState, Map<string, { data: Buffer; contentType: string; filename: string }>>();

function store(ctx: ApiContext, type: string) {
  const part = parseMultipart(ctx.rawBody, ctx.contentType).find((p) => p.name === "media");
  if (!part || part.data.length === 0) throw new ApiError(44001);
  const limit = LIMITS[type]!;
  if (part.data.length <= 5) throw new ApiError(40006);
  if (part.data.length > limit.max) throw new ApiError(limit.code);
  const mediaId = `1${ctx.world.ids.opaque(43)}`;
  ctx.corp.media.set(mediaId, {
    mediaId,
    type,
    filename: part.filename,
    size: part.data.length,
    createdAt: ctx.now,
    expiresAt: ctx.now + TTL,
  });
  let map = bytes.get(ctx.corp);
  if (!map) {
    map = new Map();
    bytes.set(ctx.corp, map);
  }
  map.set(mediaId, { data: Buffer.from(part.data), contentType: part.contentType, filename: part.filename });
  return mediaId;
}

const upload = (path: string, handler: Route["handler"], customerContact = false): Route => ({
  method: "POST",
  path,
  handler,
  customerContact,
  raw: true,
});

export const mediaRoutes: Route[] = [
  upload("media/upload", (ctx, p) => {
    const type = p.str("type", 40004);
    if (!LIMITS[type]) throw new ApiError(40004);
    const mediaId = store(ctx, type);
    return { type, media_id: mediaId, created_at: String(ctx.now) };
  }),

  upload("media/uploadimg", (ctx) => {
    const part = parseMultipart(ctx.rawBody, ctx.contentType).find((p) => p.name === "media");
    if (!part || part.data.length === 0) throw new ApiError(44001);
    if (part.data.length <= 5 || part.data.length > 2 * MB) throw new ApiError(40009);
    return { url: `https://wework.qpic.cn/wwpic/emulator/${ctx.world.ids.opaque(40)}/0` };
  }),

  upload(
    "media/upload_attachment",
    (ctx, p) => {
      const type = p.str("media_type", 40004);
      const attachmentType = p.int("attachment_type", 0, 40058);
      if (attachmentType !== 1 && attachmentType !== 2) throw new ApiError(40058, "attachment_type");
      if (!["image", "video", "file"].includes(type) || (attachmentType === 1 && type === "file"))
        throw new ApiError(40004);
      const mediaId = store(ctx, type);
      return { type, media_id: mediaId, created_at: ctx.now };
    },
    true,
  ),

  get(
    "media/get",
    (ctx, p) => {
      const id = p.str("media_id", 40007);
      const media = ctx.corp.media.get(id);
      const file = bytes.get(ctx.corp)?.get(id);
      if (!media || !file || media.expiresAt < ctx.now) throw new ApiError(40007);
      return { __raw: file.data, __contentType: file.contentType, __filename: file.filename };
    },
    false,
  ),
];
