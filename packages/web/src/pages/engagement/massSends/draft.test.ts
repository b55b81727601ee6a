// The compose form's values as the API receives them, when a pre-flight is worth asking for, the attachment
// count's warning and limit, and where the API's field issues land on the form.
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../api/client.ts";
import { fieldErrors } from "../../../api/errors.ts";
import en from "../../../i18n/en.ts";
import zhCN from "../../../i18n/zh-CN.ts";
import { translateIssue } from "../../../lib/formErrors.ts";
import {
  attachmentLevel,
  type ComposeValues,
  canPreflight,
  formPath,
  NEW_SEND,
  onFormFields,
  toDraft,
} from "./draft.ts";

const values = (patch: Partial<ComposeValues>): ComposeValues => ({ ...NEW_SEND, ...patch });

describe("mass send draft", () => {
  it("sends a segment target, the text, and attachments without their empty optional fields", () => {
    const draft = toDraft(
      values({
        name: "  双十一预热 ",
        target: { kind: "segment", segmentId: "seg-1", chatIds: ["ignored"] },
        content: {
          text: "你好",
          attachments: [
            { kind: "link", title: " 活动 ", url: "https://example.com/a", desc: "", picUrl: "  " },
            { kind: "material", materialId: "m-1", title: "stale field from another kind" },
            { kind: "miniprogram", title: "商城", appid: "wx1", page: "pages/index", materialId: "m-2" },
          ],
        },
      }),
    );
    expect(draft).toEqual({
      name: "双十一预热",
      target: { kind: "segment", segmentId: "seg-1" },
      content: {
        text: "你好",
        attachments: [
          { kind: "link", title: "活动", url: "https://example.com/a" },
          { kind: "material", materialId: "m-1" },
          { kind: "miniprogram", title: "商城", appid: "wx1", page: "pages/index", materialId: "m-2" },
        ],
      },
      scheduledAt: null,
      onQuota: "defer",
    });
  });

  it("sends groups, a scheduled time only when 'later' is chosen, and the quota choice", () => {
    const at = { toISOString: () => "2026-11-23T02:00:00.000Z" };
    const later = toDraft(
      values({
        target: { kind: "groups", segmentId: "seg-1", chatIds: ["wr1", "wr2"] },
        when: "later",
        scheduledAt: at,
        onQuota: "drop",
      }),
    );
    expect(later.target).toEqual({ kind: "groups", chatIds: ["wr1", "wr2"] });
    expect(later.scheduledAt).toBe("2026-11-23T02:00:00.000Z");
    expect(later.onQuota).toBe("drop");
    expect(toDraft(values({ when: "now", scheduledAt: at })).scheduledAt).toBeNull();
  });

  it("leaves out whitespace-only text and names an untitled draft only when asked", () => {
    const draft = toDraft(values({ content: { text: "   ", attachments: [] } }), "未命名");
    expect(draft.content).toEqual({ attachments: [] });
    expect(draft.name).toBe("未命名");
    expect(toDraft(values({ name: "" })).name).toBe("");
  });

  it("pre-flights only with someone to send to and something to send", () => {
    const segment = { kind: "segment" as const, segmentId: "seg-1" };
    expect(canPreflight(toDraft(values({ target: segment, content: { text: "hi" } })))).toBe(true);
    expect(canPreflight(toDraft(values({ target: segment, content: { text: " " } })))).toBe(false);
    expect(
      canPreflight(
        toDraft(
          values({ target: segment, content: { attachments: [{ kind: "material", materialId: "m" }] } }),
        ),
      ),
    ).toBe(true);
    expect(canPreflight(toDraft(values({ target: { kind: "segment" }, content: { text: "hi" } })))).toBe(
      false,
    );
    expect(
      canPreflight(toDraft(values({ target: { kind: "groups", chatIds: [] }, content: { text: "hi" } }))),
    ).toBe(false);
    expect(
      canPreflight(
        toDraft(values({ target: { kind: "groups", chatIds: ["wr1"] }, content: { text: "hi" } })),
      ),
    ).toBe(true);
  });

  it("warns above 4 attachments and refuses above 9", () => {
    expect([0, 4, 5, 9, 10].map(attachmentLevel)).toEqual(["ok", "ok", "warn", "warn", "error"]);
  });

  it("moves issues the form has no field for onto the field that shows them", () => {
    expect(formPath("/content", "segment")).toBe("/content/text");
    expect(formPath("/target", "groups")).toBe("/target/chatIds");
    expect(formPath("/target", "segment")).toBe("/target/segmentId");
    expect(formPath("/target/segmentId", "segment")).toBe("/target/segmentId");
    expect(formPath("content.attachments.3.url", "segment")).toBe("/content/attachments/3/url");

    const reason = new ApiError(422, "VALIDATION_FAILED", "invalid", [
      { path: "/content", message: "a message needs text or an attachment" },
      { path: "/scheduledAt", message: "the scheduled time is in the past" },
    ]);
    expect(fieldErrors(onFormFields(reason, "segment"))).toEqual([
      { field: "content.text", message: "a message needs text or an attachment" },
      { field: "scheduledAt", message: "the scheduled time is in the past" },
    ]);
    const other = new ApiError(404, "NOT_FOUND", "no route");
    expect(onFormFields(other, "segment")).toBe(other);
  });
});

describe("mass send field issues", () => {
  const translator =
    (messages: object) =>
    (key: string, options: Record<string, unknown> = {}) => {
      let node: unknown = messages;
      for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
      const text = typeof node === "string" ? node : key;
      return text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(options[name]));
    };
  const t = translator(zhCN);

  it("says the API's mass send rules in Chinese", () => {
    expect(translateIssue("a message needs text or at least one attachment", t)).toBe(
      "群发需要文字或至少一个附件",
    );
    expect(translateIssue("the segment no longer exists", t)).toBe("该人群已不存在，请重新选择");
    expect(translateIssue("the time is in the past", t)).toBe("发送时间已过，请选择将来的时间");
    expect(translateIssue("at most 9 attachments (WeCom refuses more)", t)).toBe(
      "最多 9 个附件（企业微信不接受更多）",
    );
    expect(translateIssue("at most 4,000 characters", t)).toBe("最多 4,000 个字符");
    expect(translateIssue("no material 12", t)).toBe("素材不存在或已删除，请重新选择");
  });

  it("says them in English too", () => {
    const t = translator(en);
    expect(translateIssue("the segment no longer exists", t)).toBe(
      "This segment no longer exists; choose another",
    );
    expect(translateIssue("the time is in the past", t)).toBe(
      "The send time has passed; choose a time in the future",
    );
  });
});
