// Welcome message content as the forms hold it, and the API body made from it: empty optional
// fields dropped, so "no picture URL" is not sent as an invalid URL.
import type { AttachmentType, MaterialKind, WelcomeAttachment, WelcomeContent } from "../../api/index.ts";

export const MAX_ATTACHMENTS = 9;
export const MAX_TEXT = 1500;
export const PLACEHOLDERS = ["{customer_name}", "{staff_name}", "{store_name}"] as const;
export const ATTACHMENT_TYPES: AttachmentType[] = ["image", "link", "miniprogram", "file", "video"];

export interface AttachmentField {
  name: string;
  required: boolean;
  url?: boolean;
  /** Chosen from (or uploaded to) the corp's materials of this kind. */
  material?: MaterialKind;
}

/** What each attachment type asks for, in form order; `required` mirrors the API schema. */
export const ATTACHMENT_FIELDS: Record<AttachmentType, AttachmentField[]> = {
  image: [
    { name: "materialId", required: false, material: "image" },
    { name: "picUrl", required: false, url: true },
    { name: "mediaId", required: false },
  ],
  link: [
    { name: "title", required: true },
    { name: "url", required: true, url: true },
    { name: "desc", required: false },
    { name: "picUrl", required: false, url: true },
  ],
  miniprogram: [
    { name: "title", required: true },
    { name: "appid", required: true },
    { name: "page", required: true },
    { name: "picMaterialId", required: false, material: "image" },
    { name: "picMediaId", required: false },
  ],
  file: [
    { name: "materialId", required: false, material: "file" },
    { name: "mediaId", required: false },
  ],
  video: [
    { name: "materialId", required: false, material: "video" },
    { name: "mediaId", required: false },
  ],
};

/** Fields of which at least one must be filled, checked on the first, with the message key saying so. */
export const ATTACHMENT_SOURCES: Partial<Record<AttachmentType, { fields: string[]; message: string }>> = {
  image: { fields: ["materialId", "picUrl", "mediaId"], message: "validation.imageSource" },
  file: { fields: ["materialId", "mediaId"], message: "validation.mediaSource" },
  video: { fields: ["materialId", "mediaId"], message: "validation.mediaSource" },
  miniprogram: { fields: ["picMaterialId", "picMediaId"], message: "validation.coverSource" },
};

export type AttachmentDraft = { type: AttachmentType } & Record<string, string | undefined>;

export interface WelcomeDraft {
  text?: string;
  attachments?: AttachmentDraft[];
}

export function toWelcomeContent(draft: WelcomeDraft | undefined): WelcomeContent {
  const attachments = (draft?.attachments ?? []).map((a) => {
    const out: Record<string, string> = { type: a.type };
    for (const field of ATTACHMENT_FIELDS[a.type] ?? []) {
      const value = a[field.name]?.trim();
      if (value) out[field.name] = value;
    }
    return out as unknown as WelcomeAttachment;
  });
  return { text: draft?.text ?? "", attachments };
}

export function isEmptyWelcome(draft: WelcomeDraft | undefined): boolean {
  return (draft?.text ?? "").trim() === "" && (draft?.attachments ?? []).length === 0;
}

export function attachmentSummary(a: WelcomeAttachment): string {
  switch (a.type) {
    case "image":
      return a.picUrl ?? a.mediaId ?? (a.materialId ? `#${a.materialId}` : "");
    case "link":
      return `${a.title} · ${a.url}`;
    case "miniprogram":
      return `${a.title} · ${a.appid}`;
    default:
      return a.mediaId ?? (a.materialId ? `#${a.materialId}` : "");
  }
}
