// Welcome messages: field-level refusals, one message per scope target, and which message a new customer
// gets (the live code's, else the member's, else the corp default), checked in the emulator's inbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LcWorld, startLcWorld, waitFor } from "./live-codes-world.ts";

let w: LcWorld;
beforeAll(async () => {
  w = await startLcWorld({ members: ["w1", "w2"] });
});
afterAll(() => w.stop());

const base = () => `/api/corps/${w.corpId}/welcome-messages`;

describe("refuses invalid welcome messages with field-level errors", () => {
  it("10 attachments", async () => {
    const res = await w.api("POST", base(), {
      scope: "default",
      text: "hi",
      attachments: Array.from({ length: 10 }, (_, i) => ({ type: "file", mediaId: `m${i}` })),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual({
      path: "/attachments",
      message: "at most 9 attachments (WeCom refuses more)",
    });
  });

  it("nothing to say, a staff message without a member, a bad attachment", async () => {
    const empty = await w.api("POST", base(), { scope: "default", text: "  " });
    expect(empty.body.error.details).toEqual([
      { path: "/text", message: "a welcome message needs text or an attachment" },
    ]);
    const noUser = await w.api("POST", base(), { scope: "staff", text: "hi" });
    expect(noUser.body.error.details).toEqual([{ path: "/userid", message: "a staff welcome needs userid" }]);
    const badLink = await w.api("POST", base(), {
      scope: "default",
      text: "hi",
      attachments: [{ type: "link", title: "t", url: "not a url" }],
    });
    expect(badLink.status).toBe(400);
    expect(badLink.body.error.details[0].path).toBe("/attachments/0/url");
    const unknownCode = await w.api("POST", base(), { scope: "code", liveCodeId: "999", text: "hi" });
    expect(unknownCode.body.error.details).toEqual([{ path: "/liveCodeId", message: "no live code 999" }]);
  });
});

async function welcomeOf(action: "add-customer" | "scan-contact-way", body: Record<string, unknown>) {
  const r = await w.people<{ externalUserId: string }>(action, { customer: { name: "新客" }, ...body });
  return waitFor(async () => {
    const m = await w.control<{ received: { kind: string; text: string }[] }>(
      "GET",
      `/_emulator/corps/${w.corpId}/customers/${r.externalUserId}/messages`,
    );
    return m.received.length > 0 && m.received;
  });
}

describe("which welcome a new customer gets", () => {
  let staffWelcomeId: string;

  it("the corp default, one per corp", async () => {
    const res = await w.api("POST", base(), { scope: "default", text: "默认欢迎语" });
    expect(res.status).toBe(200);
    const again = await w.api("POST", base(), { scope: "default", text: "再来一个" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("WELCOME_EXISTS");
    expect(await welcomeOf("add-customer", { userid: "w2" })).toMatchObject([
      { kind: "welcome", text: "默认欢迎语" },
    ]);
  });

  it("the member's own message over the default", async () => {
    const res = await w.api("POST", base(), { scope: "staff", userid: "w1", text: "我是{staff_name}" });
    staffWelcomeId = res.body.id;
    expect(await welcomeOf("add-customer", { userid: "w1" })).toMatchObject([{ text: "我是员工w1" }]);
    expect(await welcomeOf("add-customer", { userid: "w2" })).toMatchObject([{ text: "默认欢迎语" }]);
  });

  it("the live code's message over the member's; a code without one falls back to the member's", async () => {
    const withOwn = await w.api("POST", `/api/corps/${w.corpId}/live-codes`, {
      name: "有欢迎语",
      staff: [{ userid: "w1" }],
      welcome: { text: "来自活码的问候" },
    });
    const without = await w.api("POST", `/api/corps/${w.corpId}/live-codes`, {
      name: "无欢迎语",
      staff: [{ userid: "w1" }],
    });
    expect(await welcomeOf("scan-contact-way", { configId: withOwn.body.configId })).toMatchObject([
      { text: "来自活码的问候" },
    ]);
    expect(await welcomeOf("scan-contact-way", { configId: without.body.configId })).toMatchObject([
      { text: "我是员工w1" },
    ]);
    const listed = await w.api("GET", `${base()}?scope=code`);
    expect(listed.body.items).toMatchObject([
      { scope: "code", liveCodeId: withOwn.body.id, text: "来自活码的问候" },
    ]);
  });

  it("a disabled message is skipped; an edited one is used as edited", async () => {
    const off = await w.api("PATCH", `${base()}/${staffWelcomeId}`, { enabled: false });
    expect(off.body.enabled).toBe(false);
    expect(await welcomeOf("add-customer", { userid: "w1" })).toMatchObject([{ text: "默认欢迎语" }]);
    await w.api("PATCH", `${base()}/${staffWelcomeId}`, { enabled: true, text: "新版：{staff_name}" });
    expect(await welcomeOf("add-customer", { userid: "w1" })).toMatchObject([{ text: "新版：员工w1" }]);
    expect((await w.api("DELETE", `${base()}/${staffWelcomeId}`)).status).toBe(200);
    expect((await w.api("GET", `${base()}/${staffWelcomeId}`)).status).toBe(404);
  });
});
