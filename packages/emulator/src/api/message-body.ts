// The shared message sub-objects of welcome, mass and moment requests (contract §4): text{content} and
// attachments[] of image/link/miniprogram/video/file, with the limits and error codes WeCom applies.
import { ApiError } from "../errors.ts";
import { type Params, utf8Bytes } from "./params.ts";
import type { ApiContext } from "./route.ts";

const TYPES = new Set(["image", "link", "miniprogram", "video", "file"]);

export interface MessageBody {
  text: string;
  attachments: Record<string, unknown>[];
}

function requireMedia(ctx: ApiContext, id: unknown): void {
  const media = typeof id === "string" ? ctx.corp.media.get(id) : undefined;
  if (!media || media.expiresAt < ctx.now) throw new ApiError(40007);
}

export function readMessageBody(
  ctx: ApiContext,
  p: Params,
  opts: { maxTextBytes: number; maxAttachments: number },
): MessageBody {
  const text = p.obj("text")?.optStr("content") ?? "";
  if (utf8Bytes(text) > opts.maxTextBytes) throw new ApiError(40058, "text.content too long");
  const attachments = p.array("attachments");
  if (attachments.length > opts.maxAttachments) throw new ApiError(41064);
  const out: Record<string, unknown>[] = [];
  for (const a of attachments) {
    if (!a || typeof a !== "object") throw new ApiError(41065);
    const item = a as Record<string, unknown>;
    const type = String(item.msgtype ?? "");
    const body = item[type] as Record<string, unknown> | undefined;
    if (!TYPES.has(type) || !body || typeof body !== "object") throw new ApiError(41065);
    switch (type) {
      case "image":
        if (!body.pic_url) requireMedia(ctx, body.media_id);
        break;
      case "link":
        if (!body.title || !body.url) throw new ApiError(40058, "link.title and link.url are required");
        if (utf8Bytes(String(body.title)) > 128 || utf8Bytes(String(body.url)) > 2048) {
          throw new ApiError(40058, "link too long");
        }
        break;
      case "miniprogram":
        if (!body.title || !body.appid || !body.page)
          throw new ApiError(40058, "miniprogram fields are required");
        requireMedia(ctx, body.pic_media_id);
        break;
      default:
        requireMedia(ctx, body.media_id);
    }
    out.push({ msgtype: type, [type]: body });
  }
  return { text, attachments: out };
}
