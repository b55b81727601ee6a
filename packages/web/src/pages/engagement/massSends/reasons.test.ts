// A mass send's reasons in the console's language: planning, the gate's reasons (with the rule name a
// recipient's reason carries in front dropped) and WeCom's results; unknown ones as the server wrote them.
import { describe, expect, it } from "vitest";
import en from "../../../i18n/en.ts";
import zhCN from "../../../i18n/zh-CN.ts";
import { massReasonText } from "./reasons.ts";

function translator(messages: object) {
  return (key: string, options: Record<string, unknown> = {}) => {
    let node: unknown = messages;
    for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
    const text = typeof node === "string" ? node : key;
    return text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(options[name]));
  };
}
const zh = (reason: string) => massReasonText(reason, translator(zhCN), (iso) => `<${iso}>`);
const english = (reason: string) => massReasonText(reason, translator(en), (iso) => `<${iso}>`);

describe("mass send reasons", () => {
  it("says WeCom's results and the planner's reasons in Chinese, naming the sender", () => {
    expect(zh("waiting for zhangsan to send it in WeCom")).toBe("等待 zhangsan 在企业微信中确认发送");
    expect(zh("no longer lisi's customer when it was sent")).toBe("发送时已不是 lisi 的客户");
    expect(zh("WeCom: the recipient had already received its quota of mass messages")).toBe(
      "企业微信：该客户本期的群发接收次数已用完",
    );
    expect(zh("not any member's customer now (no active follow relation)")).toBe("当前不是任何员工的客户");
    expect(english("cancelled before wangwu sent it")).toBe("Cancelled before wangwu sent it");
    // The gate's decision for the recipients of a task it let through (one row per task in the decision log).
    expect(zh("every rule passed for 1,200 recipients; submitted to WeCom as one task of zhangsan")).toBe(
      "1,200 个接收人全部规则通过，已作为 zhangsan 的一条群发任务提交企业微信",
    );
    expect(english("every rule passed for 1 recipient; submitted to WeCom as one task of lisi")).toBe(
      "Every rule passed for 1 recipient(s); handed to WeCom as one task of lisi",
    );
  });

  it("drops the rule name in front and translates the gate's reason behind it", () => {
    expect(zh("quiet_hours: quiet hours 22:00–08:00")).toBe(zh("quiet hours 22:00–08:00"));
    expect(zh("quiet hours 22:00–08:00")).not.toBe("quiet hours 22:00–08:00");
    expect(
      zh("quota: the customer already received 1 of 1 (1 per day); this send does not wait past its day"),
    ).toMatch(/；本次群发不顺延到次日$/);
  });

  it("keeps what it does not know", () => {
    expect(zh("something new")).toBe("something new");
    expect(zh("rule_x: something new")).toBe("something new");
  });
});
