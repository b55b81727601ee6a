// Customer moments (客户朋友圈): posts published as WeCom moment tasks, each member's status, and the customers'
// likes and comments pulled from WeCom.
export type MomentStatus = "scheduled" | "publishing" | "published" | "failed" | "cancelled";

export type MomentAttachmentInput =
  | { type: "image"; materialId: string }
  | { type: "video"; materialId: string }
  | { type: "link"; url: string; title: string; coverMaterialId: string };

export interface MomentInput {
  text?: string;
  attachments?: MomentAttachmentInput[];
  senders?: string[];
  visibleTags?: string[];
  /** ISO 8601; absent = now. */
  scheduledAt?: string;
}

export interface Moment {
  id: string;
  text: string;
  attachments: (MomentAttachmentInput & { name: string | null })[];
  senders: string[];
  visibleTags: { id: string; name: string | null }[];
  scheduled: boolean;
  publishAt: string;
  status: MomentStatus;
  error: string | null;
  wecomMomentId: string | null;
  invalidSenders: string[];
  invalidTags: string[];
  createdAt: string;
  publishedAt: string | null;
  cancelledAt: string | null;
  polledAt: string | null;
  counts: { members: number; membersPublished: number; likes: number; comments: number; customers: number };
}

export interface MomentDetail extends Moment {
  members: {
    userid: string;
    name: string | null;
    published: boolean;
    publishedSeenAt: string | null;
    likes: number;
    comments: number;
  }[];
  interactions: {
    externalUserId: string;
    customerId: string | null;
    customerName: string | null;
    userid: string;
    kind: "like" | "comment";
    at: string;
  }[];
}
