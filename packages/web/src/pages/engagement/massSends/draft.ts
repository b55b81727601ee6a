// A mass send as the compose form holds it, and what the console makes of it: the API draft (empty optional
// fields dropped, the schedule as an ISO time), whether it is complete enough to pre-flight, the attachment
// count's level (WeCom takes 9, more than 4 is a warning), and where the API's field issues belong on the form.
import { ApiError } from "../../../api/client.ts";
import type {
  MassAttachment,
  MassAttachmentKind,
  MassSendDraft,
  MassSendTarget,
  OnQuota,
} from "../../../api/massSends.ts";

export const MAX_ATTACHMENTS = 9;
export const WARN_ATTACHMENTS_ABOVE = 4;
export const MAX_TEXT = 4000;
export const MAX_NAME = 100;
export const MAX_GROUPS = 2000;
export const ATTACHMENT_KINDS: MassAttachmentKind[] = ["material", "link", "miniprogram"];

export interface AttachmentValues {
  kind: MassAttachmentKind;
  materialId?: string;
  title?: string;
  url?: string;
  desc?: string;
  picUrl?: string;
  appid?: string;
  page?: string;
}

export interface ComposeValues {
  name?: string;
  target: { kind: MassSendTarget["kind"]; segmentId?: string; chatIds?: string[] };
  content: { text?: string; attachments?: AttachmentValues[] };
  when: "now" | "later";
  /** A dayjs value in the form; anything that can say its ISO time. */
  scheduledAt?: { toISOString(): string } | null;
  onQuota: OnQuota;
}

export const NEW_SEND: ComposeValues = {
  name: "",
  target: { kind: "segment", chatIds: [] },
  content: { text: "", attachments: [] },
  when: "now",
  scheduledAt: null,
  onQuota: "defer",
};

/** What each attachment kind asks for, in form order; `required` mirrors the contract. */
export const ATTACHMENT_FIELDS: Record<
  MassAttachmentKind,
  { name: keyof Omit<AttachmentValues, "kind">; required: boolean; url?: boolean; material?: boolean }[]
> = {
  material: [{ name: "materialId", required: true, material: true }],
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
    { name: "materialId", required: true, material: true },
  ],
};

function toAttachment(a: AttachmentValues): MassAttachment {
  const out: Record<string, string> = { kind: a.kind };
  for (const field of ATTACHMENT_FIELDS[a.kind] ?? []) {
    const value = a[field.name]?.trim();
    if (value) out[field.name] = value;
  }
  return out as unknown as MassAttachment;
}

function toTarget(target: ComposeValues["target"]): MassSendTarget {
  return target.kind === "groups"
    ? { kind: "groups", chatIds: target.chatIds ?? [] }
    : { kind: "segment", segmentId: target.segmentId ?? "" };
}

/**
 * The API body for the form's values. `fallbackName` stands in for a name not typed yet, so a pre-flight
 * can run before the name is chosen (the pre-flight stores nothing).
 */
export function toDraft(values: ComposeValues, fallbackName?: string): MassSendDraft {
  const text = values.content?.text ?? "";
  const name = values.name?.trim() || fallbackName || "";
  return {
    name,
    target: toTarget(values.target),
    content: {
      ...(text.trim() ? { text } : {}),
      attachments: (values.content?.attachments ?? []).map(toAttachment),
    },
    scheduledAt: values.when === "later" && values.scheduledAt ? values.scheduledAt.toISOString() : null,
    onQuota: values.onQuota,
  };
}

/** Whether a pre-flight would say anything useful: someone to send to and something to send. */
export function canPreflight(draft: MassSendDraft): boolean {
  const hasTarget =
    draft.target.kind === "segment" ? draft.target.segmentId !== "" : draft.target.chatIds.length > 0;
  const hasContent = (draft.content.text ?? "").trim() !== "" || draft.content.attachments.length > 0;
  return hasTarget && hasContent;
}

export type AttachmentLevel = "ok" | "warn" | "error";

export function attachmentLevel(count: number): AttachmentLevel {
  if (count > MAX_ATTACHMENTS) return "error";
  if (count > WARN_ATTACHMENTS_ABOVE) return "warn";
  return "ok";
}

/**
 * The API's issue paths the form has no field for, moved to the field that shows them: an empty message
 * (/content) onto the text, a target issue onto the picker of the chosen kind.
 */
export function formPath(path: string, targetKind: MassSendTarget["kind"]): string {
  const p = path.startsWith("/") ? path : `/${path.replaceAll(".", "/")}`;
  if (p === "/content") return "/content/text";
  if (p === "/target" || p === "/target/kind")
    return targetKind === "groups" ? "/target/chatIds" : "/target/segmentId";
  return p;
}

/** The same failure with its field issues' paths moved by formPath; anything else as it was. */
export function onFormFields(reason: unknown, targetKind: MassSendTarget["kind"]): unknown {
  if (!(reason instanceof ApiError) || reason.code !== "VALIDATION_FAILED" || !Array.isArray(reason.details))
    return reason;
  const details = reason.details.map((issue: unknown) => {
    if (typeof issue !== "object" || issue === null) return issue;
    const { path } = issue as { path?: unknown };
    return typeof path === "string" ? { ...issue, path: formPath(path, targetKind) } : issue;
  });
  return new ApiError(reason.status, reason.code, reason.message, details);
}
