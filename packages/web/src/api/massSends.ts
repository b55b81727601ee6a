// Shapes and calls of the mass sends (群发) API as the console consumes them (the contract shared with the
// server: packages/server/src/domains/mass-sends).
import type { ApiClient } from "./client.ts";
import type { ItemList } from "./types.ts";

export type MassSendTarget = { kind: "segment"; segmentId: string } | { kind: "groups"; chatIds: string[] };

export type MassAttachment =
  | { kind: "material"; materialId: string }
  | { kind: "link"; title: string; url: string; desc?: string; picUrl?: string }
  | { kind: "miniprogram"; title: string; appid: string; page: string; materialId: string };

export type MassAttachmentKind = MassAttachment["kind"];

export interface MassSendContent {
  text?: string;
  attachments: MassAttachment[];
}

export type OnQuota = "defer" | "drop";

export interface MassSendDraft {
  name: string;
  target: MassSendTarget;
  content: MassSendContent;
  /** ISO time, or null for "now". */
  scheduledAt: string | null;
  onQuota: OnQuota;
}

export interface Preflight {
  total: number;
  now: number;
  deferred: number;
  dropped: number;
  byReason: { action: "defer" | "drop"; rule: string; reason: string; count: number }[];
  bySender: { sender: string; name: string | null; now: number; deferred: number; dropped: number }[];
  /** add_msg_template calls the send will make. */
  tasks: number;
  warnings: { code: string; message: string }[];
  /** Planning time on the server. */
  ms: number;
}

export type MassSendStatus = "scheduled" | "sending" | "sent" | "cancelled" | "paused" | "failed";
export type SenderStatus = "planned" | "submitted" | "confirmed" | "failed" | "cancelled";

export interface MassSendReport {
  recipients: number;
  submitted: number;
  sent: number;
  notFriend: number;
  quotaHit: number;
  unconfirmed: number;
  deferred: number;
  dropped: number;
  failed: number;
  updatedAt: string | null;
}

export interface MassSendSender {
  sender: string;
  name: string | null;
  msgid: string | null;
  status: SenderStatus;
  recipients: number;
  sent: number;
  remindedTimes: number;
}

export interface MassSendView {
  id: string;
  name: string;
  status: MassSendStatus;
  target: MassSendTarget;
  content: MassSendContent;
  scheduledAt: string | null;
  onQuota: OnQuota;
  createdAt: string;
  createdBy: string | null;
  pausedReason: string | null;
  report: MassSendReport;
  senders: MassSendSender[];
}

export const RECIPIENT_STATUSES = [
  "planned",
  "deferred",
  "dropped",
  "submitted",
  "sent",
  "not_friend",
  "quota",
  "unconfirmed",
  "failed",
] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export interface MassRecipient {
  recipient: string;
  name: string | null;
  sender: string | null;
  status: RecipientStatus;
  reason: string | null;
  sentAt: string | null;
}

export interface MassRecipientPage {
  items: MassRecipient[];
  next: string | null;
}

const enc = encodeURIComponent;

export function createMassSendsApi(client: ApiClient) {
  const base = (corpId: string) => `/api/corps/${enc(corpId)}/mass-sends`;
  return {
    massSends: {
      preflight: (corpId: string, draft: MassSendDraft) =>
        client.post<Preflight>(`${base(corpId)}/preflight`, draft),
      create: (corpId: string, draft: MassSendDraft) => client.post<MassSendView>(base(corpId), draft),
      list: (corpId: string) => client.get<ItemList<MassSendView>>(base(corpId)),
      get: (corpId: string, id: string) => client.get<MassSendView>(`${base(corpId)}/${enc(id)}`),
      recipients: (
        corpId: string,
        id: string,
        page: { status?: RecipientStatus; after?: string; limit?: number } = {},
      ) => {
        const search = new URLSearchParams();
        for (const [key, value] of Object.entries(page)) {
          if (value !== undefined && value !== "") search.set(key, String(value));
        }
        const q = search.toString();
        return client.get<MassRecipientPage>(`${base(corpId)}/${enc(id)}/recipients${q ? `?${q}` : ""}`);
      },
      remind: (corpId: string, id: string) =>
        client.post<{ reminded: number }>(`${base(corpId)}/${enc(id)}/remind`),
      cancel: (corpId: string, id: string) => client.post<MassSendView>(`${base(corpId)}/${enc(id)}/cancel`),
      refresh: (corpId: string, id: string) =>
        client.post<MassSendView>(`${base(corpId)}/${enc(id)}/refresh`),
    },
  };
}
