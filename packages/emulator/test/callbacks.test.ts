import { createDecipheriv, createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { callbackTarget } from "./callback-target.ts";
import { boot, CORP, seedMembers } from "./helpers.ts";

const AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
const TOKEN = "Tok3n";

/** Independent of @siyu/wecom: WeCom's AES-256-CBC, IV = key[0:16], 32-byte PKCS#7, random‖len‖msg‖receiveid. */
function decryptIndependently(encodingAesKey: string, encrypted: string): { msg: string; receiveId: string } {
  const key = Buffer.from(`${encodingAesKey}=`, "base64");
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(encrypted, "base64"), decipher.final()]);
  const pad = padded[padded.length - 1]!;
  if (pad < 1 || pad > 32) throw new Error(`bad pad ${pad}`);
  const plain = padded.subarray(0, padded.length - pad);
  const len = plain.readUInt32BE(16);
  return {
    msg: plain.subarray(20, 20 + len).toString("utf8"),
    receiveId: plain.subarray(20 + len).toString("utf8"),
  };
}

const encryptOf = (body: string) => /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(body)?.[1] ?? "";

type Booted = Awaited<ReturnType<typeof boot>>;
let env: Booted;
let target: Awaited<ReturnType<typeof callbackTarget>> | undefined;
afterEach(async () => {
  await env?.emu.close();
  await target?.close();
  target = undefined;
});

describe("callbacks (contract §2, §3)", () => {
  it("delivers add_external_contact encrypted and signed so that an independent decrypt reads it", async () => {
    target = await callbackTarget();
    env = await boot();
    await seedMembers(env);
    await env.control("PATCH", `/corps/${CORP}/apps/1000002`, { callbackUrl: target.url });
    const client = env.client();
    const way = await client.request<{ config_id: string }>(
      "POST",
      "/cgi-bin/externalcontact/add_contact_way",
      {
        body: { type: 1, scene: 2, user: ["alice"], state: "store-sh-01" },
      },
    );
    const added = await env.people<{ externalUserId: string; welcomeCode: string }>("scan-contact-way", {
      configId: way.config_id,
      customer: { name: "刘洋" },
    });
    await env.control("POST", "/callbacks/flush");
    expect(target.received).toHaveLength(1);
    const { query, body } = target.received[0]!;
    const encrypted = encryptOf(body);
    const expectedSig = createHash("sha1")
      .update([TOKEN, query.get("timestamp")!, query.get("nonce")!, encrypted].sort().join(""))
      .digest("hex");
    expect(query.get("msg_signature")).toBe(expectedSig);
    expect(body).toContain(`<ToUserName><![CDATA[${CORP}]]></ToUserName>`);
    expect(body).toContain("<AgentID><![CDATA[1000002]]></AgentID>");
    const { msg, receiveId } = decryptIndependently(AES_KEY, encrypted);
    expect(receiveId).toBe(CORP);
    expect(msg).toContain("<FromUserName><![CDATA[sys]]></FromUserName>");
    expect(msg).toContain("<Event><![CDATA[change_external_contact]]></Event>");
    expect(msg).toContain("<ChangeType><![CDATA[add_external_contact]]></ChangeType>");
    expect(msg).toContain("<UserID><![CDATA[alice]]></UserID>");
    expect(msg).toContain(`<ExternalUserID><![CDATA[${added.externalUserId}]]></ExternalUserID>`);
    expect(msg).toContain("<State><![CDATA[store-sh-01]]></State>");
    expect(msg).toContain(`<WelcomeCode><![CDATA[${added.welcomeCode}]]></WelcomeCode>`);
    expect(msg).toMatch(/<CreateTime>\d+<\/CreateTime>/);
  });

  it("a target answering 500, 500, 200 receives the event exactly 3 times, each delivery recorded", async () => {
    target = await callbackTarget([500, 500, 200]);
    env = await boot();
    await seedMembers(env);
    await env.control("PATCH", `/corps/${CORP}/apps/1000002`, { callbackUrl: target.url });
    await env.people("add-customer", { userid: "bob", customer: { name: "赵磊" } });
    await env.control("POST", "/callbacks/flush");
    expect(target.received).toHaveLength(3);
    expect(new Set(target.received.map((r) => encryptOf(r.body))).size).toBe(1);
    const deliveries = await env.control<{ attempt: number; status: number; ok: boolean }[]>(
      "GET",
      `/deliveries?corpId=${CORP}`,
    );
    expect(deliveries.map((d) => [d.attempt, d.status, d.ok])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
  });

  it("gives up after 3 deliveries when the target keeps failing", async () => {
    target = await callbackTarget([503]);
    env = await boot();
    await seedMembers(env);
    await env.control("PATCH", `/corps/${CORP}/apps/1000002`, { callbackUrl: target.url });
    await env.people("add-customer", { userid: "bob" });
    await env.control("POST", "/callbacks/flush");
    expect(target.received).toHaveLength(3);
  });

  it("API actions fire no callbacks; client-side actions do (half add, tag edits, group joins)", async () => {
    target = await callbackTarget();
    env = await boot();
    await seedMembers(env);
    await env.control("PATCH", `/corps/${CORP}/apps/1000002`, { callbackUrl: target.url });
    const client = env.client();
    const { externalUserId } = await env.people<{ externalUserId: string }>("add-customer", {
      userid: "alice",
      verify: true,
    });
    const tag = await client.request<{ tag_group: { tag: { id: string }[] } }>(
      "POST",
      "/cgi-bin/externalcontact/add_corp_tag",
      {
        body: { group_name: "兴趣", tag: [{ name: "美妆" }] },
      },
    );
    await env.people("accept-contact", { userid: "alice", externalUserId });
    await client.request("POST", "/cgi-bin/externalcontact/mark_tag", {
      body: { userid: "alice", external_userid: externalUserId, add_tag: [tag.tag_group.tag[0]!.id] },
    });
    await env.people("admin-create-tags", { groupName: "会员等级", tags: ["金卡"] });
    await env.control("POST", "/callbacks/flush");
    const changes = target.received.map((r) => {
      const msg = decryptIndependently(AES_KEY, encryptOf(r.body)).msg;
      return `${/<Event><!\[CDATA\[(.*?)\]\]>/.exec(msg)?.[1]}/${/<ChangeType><!\[CDATA\[(.*?)\]\]>/.exec(msg)?.[1]}`;
    });
    expect(changes).toEqual([
      "change_external_contact/add_half_external_contact",
      "change_external_contact/add_external_contact",
      "change_external_tag/create",
      "change_external_tag/create",
    ]);
  });

  it("URL verification sends a signed GET whose echostr decrypts to what the app must answer", async () => {
    env = await boot();
    const seen: string[] = [];
    const server = createServer((req, res) => {
      const q = new URL(req.url ?? "/", "http://x").searchParams;
      const echostr = q.get("echostr") ?? "";
      const sig = createHash("sha1")
        .update([TOKEN, q.get("timestamp")!, q.get("nonce")!, echostr].sort().join(""))
        .digest("hex");
      seen.push(sig === q.get("msg_signature") ? "signed" : "bad-signature");
      res.end(decryptIndependently(AES_KEY, echostr).msg);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
    try {
      const result = await env.control<{ ok: boolean; expected: string; received: string }>(
        "POST",
        `/corps/${CORP}/apps/1000002/verify-url`,
        { url },
      );
      expect(seen).toEqual(["signed"]);
      expect(result.ok).toBe(true);
      expect(result.received).toBe(result.expected);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("a target that does not answer in time counts as a failed delivery and gets the retry", async () => {
    let calls = 0;
    const server = createServer((_req, res) => {
      calls++;
      if (calls === 1) return; // never answers: the emulator gives up after its timeout
      res.end("");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    env = await boot({ callbacks: { timeoutMs: 150, retryDelayMs: 10 } });
    await seedMembers(env);
    await env.control("PATCH", `/corps/${CORP}/apps/1000002`, {
      callbackUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`,
    });
    try {
      await env.people("add-customer", { userid: "alice" });
      await env.control("POST", "/callbacks/flush");
      const deliveries = await env.control<{ attempt: number; ok: boolean; error: string }[]>(
        "GET",
        `/deliveries?corpId=${CORP}`,
      );
      expect(deliveries.map((d) => [d.attempt, d.ok, d.error])).toEqual([
        [1, false, "timeout"],
        [2, true, ""],
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
