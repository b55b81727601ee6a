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
  it("keeps asking while sending and once a scheduled send's time has come, not after it ends", () => {
    expect(isMoving({ status: "sending", scheduledAt: null }, NOW)).toBe(true);
    expect(isMoving({ status: "scheduled", scheduledAt: "2026-11-22T11:59:00Z" }, NOW)).toBe(true);
    expect(isMoving({ status: "scheduled", scheduledAt: "2026-11-22T18:00:00Z" }, NOW)).toBe(false);
    for (const status of ["sent", "cancelled", "paused", "failed"] as const) {
      expect(isMoving({ status, scheduledAt: null }, NOW), status).toBe(false);
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
    expect(canRemind({ status: "sent", senders: pending })).toBe(false);
  });

  it("can cancel what has not finished", () => {
    expect(["scheduled", "sending", "paused"].every((status) => canCancel({ status: status as never }))).toBe(
      true,
    );
    expect(["sent", "cancelled", "failed"].some((status) => canCancel({ status: status as never }))).toBe(
      false,
    );
  });

  it("says the share reached in whole percent", () => {
    expect(sentPercent({ recipients: 0, sent: 0 })).toBe(0);
    expect(sentPercent({ recipients: 3, sent: 1 })).toBe(33);
    expect(sentPercent({ recipients: 3, sent: 3 })).toBe(100);
  });
});
