// What the console reads off a mass send: whether its numbers are still moving (so the page keeps asking),
// which actions make sense now, the report's figures in display order, and colours for statuses.
import type {
  MassSendReport,
  MassSendSender,
  MassSendStatus,
  MassSendView,
  RecipientStatus,
  SenderStatus,
} from "../../../api/massSends.ts";

/** How often an open page asks again while a send is moving. */
export const POLL_MS = 3000;
/** WeCom allows remind_groupmsg_send 3 times per message per day. */
export const REMIND_LIMIT = 3;

/**
 * Whether the send's numbers can still change without anyone acting: it is sending, it is scheduled and its
 * time has come (the server is about to start it), or its tasks are out ("sent") and members have yet to
 * send theirs (the server pulls their results).
 */
export function isMoving(
  view: Pick<MassSendView, "status" | "scheduledAt"> & {
    senders?: MassSendSender[];
    report?: Pick<MassSendReport, "unconfirmed">;
  },
  now: number,
): boolean {
  if (view.status === "sending") return true;
  if (view.status === "sent") {
    // The list carries no senders: the report's unconfirmed recipients say the same.
    if (view.senders && view.senders.length > 0) return unconfirmedSenders(view.senders).length > 0;
    return (view.report?.unconfirmed ?? 0) > 0;
  }
  if (view.status === "scheduled") {
    if (!view.scheduledAt) return true;
    const at = Date.parse(view.scheduledAt);
    return Number.isNaN(at) || at <= now;
  }
  return false;
}

const OPEN: MassSendStatus[] = ["scheduled", "sending", "paused"];
const OUT: MassSendStatus[] = ["sending", "sent"];

/** Senders whose members have not sent their task yet. */
export function unconfirmedSenders(senders: MassSendSender[]): MassSendSender[] {
  return senders.filter((s) => s.status === "submitted");
}

/** Something is left to stop: the send has not started, or a member has not sent their part. */
export function canCancel(view: Pick<MassSendView, "status" | "senders">): boolean {
  if (OPEN.includes(view.status)) return true;
  return view.status === "sent" && unconfirmedSenders(view.senders).length > 0;
}

/** A reminder can reach someone: the send is out and a member still has reminders left. */
export function canRemind(view: Pick<MassSendView, "status" | "senders">): boolean {
  return (
    OUT.includes(view.status) && unconfirmedSenders(view.senders).some((s) => s.remindedTimes < REMIND_LIMIT)
  );
}

export type ReportKey = Exclude<keyof MassSendReport, "updatedAt">;

/** The report's figures as the detail page shows them, first the outcome, then what did not go. */
export const REPORT_KEYS: ReportKey[] = [
  "recipients",
  "sent",
  "notFriend",
  "quotaHit",
  "unconfirmed",
  "deferred",
  "dropped",
  "failed",
];

/** Share of recipients reached, 0–100 with no decimals; 0 when there is nobody. */
export function sentPercent(report: Pick<MassSendReport, "recipients" | "sent">): number {
  if (report.recipients <= 0) return 0;
  return Math.min(100, Math.round((report.sent / report.recipients) * 100));
}

export const STATUS_COLOR: Record<MassSendStatus, string> = {
  scheduled: "blue",
  sending: "processing",
  sent: "green",
  cancelled: "default",
  paused: "orange",
  failed: "red",
};

export const SENDER_STATUS_COLOR: Record<SenderStatus, string> = {
  planned: "default",
  submitted: "gold",
  confirmed: "green",
  failed: "red",
  cancelled: "default",
};

export const RECIPIENT_STATUS_COLOR: Record<RecipientStatus, string> = {
  planned: "default",
  deferred: "orange",
  dropped: "red",
  submitted: "blue",
  sent: "green",
  not_friend: "volcano",
  quota: "magenta",
  unconfirmed: "gold",
  failed: "red",
};
