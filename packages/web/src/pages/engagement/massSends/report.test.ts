// What the detail and list pages read off a mass send: whether to keep asking, which actions to offer, and
// the share reached.
import { describe, expect, it } from "vitest";
import type { MassSendSender } from "../../../api/massSends.ts";
import { canCancel, canRemind, isMoving, sentPercent, unconfirmedSenders } from "./report.ts";

const NOW = Date.parse("2026-11-22T12:00:00Z");

const sender = (patch: Partial<MassSendSender>): MassSendSender => ({
  sender: "zhangsan",
  name: null,
  msgid: "msg1",
  status: "submitted",
  recipients: 10,
  sent: 0,
  remindedTimes: 0,
  ...patch,
});

describe("mass send report", () => {
  it("keeps asking while sending, once a scheduled send's time has come, and while members have yet to send", () => {
    expect(isMoving({ status: "sending", scheduledAt: null }, NOW)).toBe(true);
    expect(isMoving({ status: "scheduled", scheduledAt: "2026-11-22T11:59:00Z" }, NOW)).toBe(true);
    expect(isMoving({ status: "scheduled", scheduledAt: "2026-11-22T18:00:00Z" }, NOW)).toBe(false);
    expect(isMoving({ status: "sent", scheduledAt: null, senders: [sender({})] }, NOW)).toBe(true);
    expect(
      isMoving({ status: "sent", scheduledAt: null, senders: [sender({ status: "confirmed" })] }, NOW),
    ).toBe(false);
    // A list row carries no senders; its report says whether members have yet to send.
    expect(
      isMoving({ status: "sent", scheduledAt: null, senders: [], report: { unconfirmed: 3 } }, NOW),
    ).toBe(true);
    expect(
      isMoving({ status: "sent", scheduledAt: null, senders: [], report: { unconfirmed: 0 } }, NOW),
    ).toBe(false);
    for (const status of ["cancelled", "paused", "failed"] as const) {
      expect(isMoving({ status, scheduledAt: null, senders: [sender({})] }, NOW), status).toBe(false);
    }
  });

  it("offers a reminder only while a member who has not sent still has reminders left", () => {
    const pending = [sender({ sender: "a", remindedTimes: 3 }), sender({ sender: "b", remindedTimes: 1 })];
    expect(
      unconfirmedSenders([...pending, sender({ sender: "c", status: "confirmed" })]).map((s) => s.sender),
    ).toEqual(["a", "b"]);
    expect(canRemind({ status: "sending", senders: pending })).toBe(true);
    expect(canRemind({ status: "sending", senders: [sender({ remindedTimes: 3 })] })).toBe(false);
    expect(canRemind({ status: "sending", senders: [sender({ status: "confirmed" })] })).toBe(false);
    expect(canRemind({ status: "sent", senders: pending })).toBe(true);
    expect(canRemind({ status: "cancelled", senders: pending })).toBe(false);
  });

  it("can cancel what has not started or a member has not sent yet", () => {
    const none: MassSendSender[] = [];
    for (const status of ["scheduled", "sending", "paused"] as const)
      expect(canCancel({ status, senders: none }), status).toBe(true);
    expect(canCancel({ status: "sent", senders: [sender({})] })).toBe(true);
    expect(canCancel({ status: "sent", senders: [sender({ status: "confirmed" })] })).toBe(false);
    for (const status of ["cancelled", "failed"] as const)
      expect(canCancel({ status, senders: [sender({})] }), status).toBe(false);
  });

  it("says the share reached in whole percent", () => {
    expect(sentPercent({ recipients: 0, sent: 0 })).toBe(0);
    expect(sentPercent({ recipients: 3, sent: 1 })).toBe(33);
    expect(sentPercent({ recipients: 3, sent: 3 })).toBe(100);
  });
});
