// Media (addendum §6): temporary media for messages (media_id, valid 3 days) and attachments for moments.
import type { Requester, WeComResponse } from "./requester.ts";

export type MediaType = "image" | "voice" | "video" | "file";

export interface MediaFile {
  /** The name recipients see. */
  filename: string;
  contentType: string;
  data: Uint8Array;
}

export interface UploadMediaResponse extends WeComResponse {
  type: string;
  media_id: string;
  /** Unix seconds, as a string in the official sample. */
  created_at: string | number;
}

function form(file: MediaFile): FormData {
  const f = new FormData();
  f.append("media", new Blob([new Uint8Array(file.data)], { type: file.contentType }), file.filename);
  return f;
}

export class MediaApi {
  constructor(private readonly client: Requester) {}

  /** A temporary media_id for messages, valid 3 days. */
  upload(type: MediaType, file: MediaFile): Promise<UploadMediaResponse> {
    return this.client.request("POST", "/cgi-bin/media/upload", { query: { type }, body: form(file) });
  }

  /** A media_id for moments (attachment_type 1) or the product album (2), valid 3 days. */
  uploadAttachment(mediaType: "image" | "video" | "file", attachmentType: 1 | 2, file: MediaFile) {
    return this.client.request<UploadMediaResponse>("POST", "/cgi-bin/media/upload_attachment", {
      query: { media_type: mediaType, attachment_type: attachmentType },
      body: form(file),
    });
  }
}
