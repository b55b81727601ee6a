import { afterEach, describe, expect, it } from "vitest";
import { boot, CORP, errcodeOf, newCustomer, seedMembers } from "./helpers.ts";

type Booted = Awaited<ReturnType<typeof boot>>;
let env: Booted;
afterEach(async () => env?.emu.close());

const SEND = "/cgi-bin/externalcontact/send_welcome_msg";

describe("welcome messages (contract §4.4)", () => {
  it("delivers a welcome within 20 s once; a second use answers 41051", async () => {
    env = await boot();
    await seedMembers(env);
    const { externalUserId, welcomeCode } = await newCustomer(env, "alice");
    const client = env.client();
    env.clock.advance(19_000);
    await client.request("POST", SEND, {
      body: {
        welcome_code: welcomeCode,
        text: { content: "您好，欢迎光临" },
        attachments: [{ msgtype: "link", link: { title: "新人礼", url: "https://example.com/gift" } }],
      },
    });
    expect(
      await errcodeOf(
        client.request("POST", SEND, { body: { welcome_code: welcomeCode, text: { content: "again" } } }),
      ),
    ).toBe(41051);
    const inbox = await env.control<{ received: { sender: string; kind: string; text: string }[] }>(
      "GET",
      `/corps/${CORP}/customers/${externalUserId}/messages`,
    );
    expect(inbox.received).toMatchObject([{ sender: "alice", kind: "welcome", text: "您好，欢迎光临" }]);
  });

  it("a code older than 20 s answers 41050 (clock jump), and the rule is recorded", async () => {
    env = await boot();
    await seedMembers(env);
    const { welcomeCode } = await newCustomer(env, "bob");
    env.clock.advance(21_000);
    const client = env.client();
    expect(
      await errcodeOf(
        client.request("POST", SEND, { body: { welcome_code: welcomeCode, text: { content: "hi" } } }),
      ),
    ).toBe(41050);
    const rules = await env.control<{ rule: string }[]>("GET", `/corps/${CORP}/rules`);
    expect(rules.map((r) => r.rule)).toContain("welcome_code_expired");
  });

  it("answers 41049 without a code, 41050 for an unknown one, 41051 once the customer chatted, 41064 over 9 attachments", async () => {
    env = await boot();
    await seedMembers(env);
    const client = env.client();
    const send = (body: Record<string, unknown>) => errcodeOf(client.request("POST", SEND, { body }));
    expect(await send({ text: { content: "x" } })).toBe(41049);
    expect(await send({ welcome_code: "nope", text: { content: "x" } })).toBe(41050);
    const a = await newCustomer(env, "alice");
    const link = { msgtype: "link", link: { title: "t", url: "https://example.com" } };
    expect(await send({ welcome_code: a.welcomeCode, attachments: Array(10).fill(link) })).toBe(41064);
    expect(await send({ welcome_code: a.welcomeCode, attachments: [{ msgtype: "voice", voice: {} }] })).toBe(
      41065,
    );
    await env.people("customer-message", { userid: "alice", externalUserId: a.externalUserId, text: "在吗" });
    expect(await send({ welcome_code: a.welcomeCode, text: { content: "x" } })).toBe(41051);
  });
});
