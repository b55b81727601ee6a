// Every rule of the server's send gate has console words in both languages, and the reasons those rules
// really produce are said in the console's language (with times formatted), not left in the server's English.
import { describe, expect, it } from "vitest";
import type { GateFacts } from "../../../../server/src/domains/send-gate/gate-facts.ts";
import { defaultRules, type OutgoingMessage } from "../../../../server/src/domains/send-gate/gate-rules.ts";
import { defaultGateSettings } from "../../../../server/src/domains/send-gate/gate-settings.ts";
import { createI18n } from "../../i18n/index.ts";
import { gateReasonText } from "./gateReason.ts";

// Tuesday 2026-11-24 23:30 in China: inside the default quiet hours.
const NOW = new Date("2026-11-24T15:30:00Z");
const HOUR = 3_600_000;

function facts(over: Partial<GateFacts> = {}): GateFacts {
  return {
    settings: () => defaultGateSettings,
    sensitiveWords: () => ["刷单"],
    optOut: () => ({ source: "chat", at: new Date(NOW.getTime() - 48 * HOUR) }),
    restriction: () => ({ state: "limited", until: new Date(NOW.getTime() + 24 * HOUR), note: "投诉多" }),
    activeWindow: () => ({ startMinute: 19 * 60, endMinute: 22 * 60 }),
    touches: () => [
      new Date(NOW.getTime() - 2 * HOUR),
      new Date(NOW.getTime() - 30 * HOUR),
      new Date(NOW.getTime() - 50 * HOUR),
    ],
    addTouch: () => undefined,
    paused: () => undefined,
    ...over,
  };
}

const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  corpId: "c1",
  outboxId: null,
  idempotencyKey: "k",
  planner: "test",
  channel: "test",
  purpose: "marketing",
  recipient: "wm1",
  sender: "m1",
  content: { text: "你好" },
  notBefore: NOW,
  notAfter: null,
  ...over,
});

/** One message per rule that the rule stops, and the facts it sees. */
const cases: Record<string, [OutgoingMessage, GateFacts]> = {
  empty: [message({ content: {} }), facts()],
  attachments: [message({ content: { attachments: Array.from({ length: 12 }, () => ({})) } }), facts()],
  latest_time: [message({ notAfter: new Date(NOW.getTime() - 5000), notAfterWhy: "codes expire" }), facts()],
  paused_planner: [
    message({ planner: "mass-send:7" }),
    facts({
      paused: () => ({
        reason: "campaign paused: 31 deletions of 1,000 sends in 24 h (3.1% > 2%)",
        pausedAt: new Date(NOW.getTime() - HOUR),
        onPause: "defer",
      }),
    }),
  ],
  sensitive_words: [message({ content: { text: "帮忙刷单有返现" } }), facts()],
  opt_out: [message(), facts()],
  sender_health: [message(), facts()],
  earliest_time: [message({ notBefore: new Date(NOW.getTime() + HOUR) }), facts()],
  quiet_hours: [message(), facts()],
  active_window: [message(), facts({ settings: () => ({ ...defaultGateSettings, quietHours: null }) })],
  receive_quota: [message(), facts({ settings: () => ({ ...defaultGateSettings, quietHours: null }) })],
  touch_cap: [
    message(),
    facts({
      settings: () => ({
        ...defaultGateSettings,
        quietHours: null,
        quota: { policy: "week7", onHit: "drop" },
      }),
    }),
  ],
};

const time = (iso: string) => `<${iso.slice(11, 16)}>`;

describe("send gate reasons in the console", () => {
  for (const language of ["zh-CN", "en"] as const) {
    const i18n = createI18n(language);
    const t = (key: string, options?: Record<string, unknown>) => i18n.t(key, options ?? {});

    it(`names and explains every server rule in ${language}`, () => {
      for (const rule of defaultRules) {
        expect(i18n.exists(`sendGate.rules.${rule.name}.title`), rule.name).toBe(true);
        expect(i18n.exists(`sendGate.rules.${rule.name}.text`), rule.name).toBe(true);
      }
    });

    it(`says every rule's real reason in ${language}`, () => {
      for (const rule of defaultRules) {
        const [msg, f] = cases[rule.name] ?? [];
        expect(msg, `a case for ${rule.name}`).toBeDefined();
        const verdict = rule.check(msg as OutgoingMessage, NOW, f as GateFacts);
        expect(verdict, rule.name).toBeDefined();
        const reason = verdict?.reason as string;
        // Recognised: said through the console's own words, not passed through as the server wrote it.
        const keys = gateReasonText(reason, (key) => `[${key}]`, time);
        expect(keys, `${rule.name}: ${reason}`).toMatch(/^\[sendGate\.reasons\./);
        const said = gateReasonText(reason, t, time);
        expect(said).not.toMatch(/\d{4}-\d\d-\d\dT/);
        expect(said).not.toContain("sendGate.");
      }
    });
  }

  it("says the details in Chinese", () => {
    const i18n = createI18n("zh-CN");
    const t = (key: string, options?: Record<string, unknown>) => i18n.t(key, options ?? {});
    expect(gateReasonText('contains the sensitive word "刷单"', t, time)).toBe("包含敏感词“刷单”");
    expect(gateReasonText("m1 is restricted until 2026-11-25T15:30:00.000Z (投诉多)", t, time)).toBe(
      "m1 受限至 <15:30>（投诉多）",
    );
    expect(gateReasonText("m1 is corp banned", t, time)).toBe("m1：企业被封禁");
    expect(
      gateReasonText(
        "the customer already received 1 of 1 (1 per day); next period starts 2026-11-24T16:00:00.000Z",
        t,
        time,
      ),
    ).toBe("客户已收到 1/1 条（每位客户每天 1 条）；下个周期从 <16:00> 开始");
    expect(
      gateReasonText(
        "campaign paused: 31 deletions of 1,000 sends in 24 h (3.1% > 2%); paused since 2026-11-24T14:30:00.000Z, resumes only by hand",
        t,
        time,
      ),
    ).toBe(
      "群发已自动暂停：24 小时内 1,000 次发送后有 31 人删除（3.1% > 2%）；自 <14:30> 起暂停，只能手动恢复",
    );
    expect(
      gateReasonText(
        "m2 is restricted until 2026-11-25T15:30:00.000Z (cooling down: 2 deletions of 4 sends in 24 h (50% > 20%))",
        t,
        time,
      ),
    ).toBe("m2 受限至 <15:30>（冷却中：24 小时内 4 次发送后有 2 人删除（50% > 20%））");
    // A reason the console does not know stays as the server wrote it.
    expect(gateReasonText("something new", t, time)).toBe("something new");
  });
});
