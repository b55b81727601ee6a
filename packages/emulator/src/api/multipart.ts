// A minimal multipart/form-data reader for media uploads (field `media` with filename and content-type).
import { ApiError } from "../errors.ts";

export interface FilePart {
  name: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export function parseMultipart(body: Buffer | undefined, contentType: string): FilePart[] {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!body || !m) throw new ApiError(44001, "multipart body expected");
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const parts: FilePart[] = [];
  let pos = body.indexOf(boundary);
  while (pos >= 0) {
    const start = pos + boundary.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const headerEnd = body.indexOf("\r\n\r\n", start);
    if (headerEnd < 0) break;
    const next = body.indexOf(boundary, headerEnd + 4);
    if (next < 0) break;
    const headers = body.subarray(start, headerEnd).toString("utf8");
    const data = body.subarray(headerEnd + 4, next - 2);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? "";
    parts.push({
      name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? "",
      filename: /filename="([^"]*)"/i.exec(disposition)?.[1] ?? "",
      contentType: /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim() ?? "application/octet-stream",
      data,
    });
    pos = next;
  }
  return parts;
}
