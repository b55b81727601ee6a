// The SMS channel: the log adapter by default, and the HTTP gateway adapter against a real local HTTP server
// standing in for a gateway — template rendering (Chinese, quotes, JSON-safe and form-encoded), success by
// status and by a JSON field, 4xx not retried, 5xx retried, a timeout after the request was sent never resent
// (no second copy), an unreachable gateway retried. SMS go through the send gate like any marketing message.
// A corp's own settings (secret headers sealed, never shown) win over the environment.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SmsHttpConfig } from "../src/config.ts";
import { ConfigError, loadConfig } from "../src/config.ts";
import type { Ctx } from "../src/context.ts";
import { putCorp } from "../src/domains/corps/corps.service.ts";
import { dispatchOnce } from "../src/domains/outbox/dispatcher.ts";
import { planMessage } from "../src/domains/outbox/outbox.service.ts";
import { normalisePhone, SMS_CHANNEL } from "../src/domains/outbox/sms.channel.ts";
import { renderForm, renderJson } from "../src/domains/outbox/sms.template.ts";
import { outboxChannels } from "../src/server.ts";
import { adminSession, startTestSiyu, type TestSiyu } from "./siyu.ts";

const CORP = "wwSmsTest0001";
// 11:00 in China: outside the default quiet hours.
const DAY_11H = Date.parse("2026-11-24T03:00:00Z");
let now = DAY_11H;
let siyu: TestSiyu;
const channels = outboxChannels();

type Reply = { status: number; body?: string } | "hang";
interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
let replies: Reply[] = [];
let received: Received[] = [];
let gateway: http.Server;
let gatewayUrl: string;

beforeAll(async () => {
  siyu = await startTestSiyu({ processor: false, clock: { now: () => now } });
  await putCorp(siyu.ctx, {
    corpId: CORP,
    name: "sms",
    secret: "s",
    token: "t",
    aesKey: "c2l5dURlbW9FbmNvZGluZ0FFU0tleUZvclRoZURlbW8",
    apiBase: "http://127.0.0.1:9",
  });
  gateway = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const r = replies.shift() ?? { status: 200, body: '{"code":0}' };
      if (r === "hang") return; // took the message and never answers
      res.writeHead(r.status, { "content-type": "application/json" }).end(r.body ?? "");
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});
afterAll(async () => {
  gateway.closeAllConnections();
  await new Promise((r) => gateway.close(r));
  await siyu.stop();
});
beforeEach(() => {
  now = DAY_11H;
  replies = [];
  received = [];
});

const TEXT = '双十二会员日："全场五折"\n回T退订';

function withHttp(over: Partial<SmsHttpConfig> = {}): Ctx {
  return {
    ...siyu.ctx,
    config: {
      ...siyu.ctx.config,
      sms: {
        adapter: "http",
        sign: "悦享生活",
        http: {
          url: `${gatewayUrl}/sms/send`,
          method: "POST",
          headers: { "x-api-key": "k1" },
          bodyTemplate: '{"mobile":"{{phone}}","content":"{{content}}","sign":"{{sign}}","ref":"{{id}}"}',
          encoding: "json",
          successPath: null,
          successValue: null,
          timeoutMs: 2_000,
          ...over,
        },
      },
    },
  };
}

let seq = 0;
async function plan(ctx: Ctx, phone: string, text = TEXT) {
  const key = `sms-test:${++seq}`;
  await planMessage(ctx, {
    corpId: CORP,
    idempotencyKey: key,
    planner: "test",
    channel: SMS_CHANNEL,
    recipient: phone,
    sender: null,
    payload: { text },
    notBefore: new Date(now),
    notAfter: null,
  });
  return key;
}

const phone = () => `1380013${String(++seq).padStart(4, "0")}`;
const outbox = (key: string) =>
  siyu.ctx.db.selectFrom("outbox").selectAll().where("idempotency_key", "=", key).executeTakeFirstOrThrow();

describe("templates", () => {
  const fields = { phone: "13800138000", text: TEXT, sign: "悦享", content: `【悦享】${TEXT}`, id: "7" };
  it("fills a JSON body JSON-safely: quotes, newlines and Chinese survive as the same strings", () => {
    const body = renderJson('{"to":"{{phone}}","msg":"{{ content }}"}', fields);
    expect(JSON.parse(body)).toEqual({ to: "13800138000", msg: `【悦享】${TEXT}` });
  });
  it("URL-encodes a form body", () => {
    const body = renderForm("mobile={{phone}}&content={{content}}", fields);
    expect(new URLSearchParams(body).get("content")).toBe(`【悦享】${TEXT}`);
  });
  it("refuses an unknown placeholder and a template that is not JSON once filled", () => {
    expect(() => renderJson('{"a":"{{nope}}"}', fields)).toThrow(/unknown placeholder \{\{nope\}\}/);
    expect(() => renderJson('{"a":{{phone}}', fields)).toThrow(/not JSON once filled in/);
  });
  it("accepts E.164 and mainland mobile numbers only", () => {
    expect(normalisePhone("138 0013 8000")).toBe("13800138000");
    expect(normalisePhone("+8613800138000")).toBe("+8613800138000");
    expect(normalisePhone("+14155550123")).toBe("+14155550123");
    expect(normalisePhone("12345")).toBeUndefined();
    expect(normalisePhone("+8612345")).toBeUndefined();
    expect(normalisePhone("wmAbc")).toBeUndefined();
  });
  it("reads the gateway from the environment, refusing half a configuration", () => {
    const c = loadConfig({
      SIYU_SMS_ADAPTER: "http",
      SIYU_SMS_HTTP_URL: "https://sms.example.com/send",
      SIYU_SMS_HTTP_BODY: "mobile={{phone}}&content={{content}}",
      SIYU_SMS_HTTP_ENCODING: "form",
      SIYU_SMS_HTTP_HEADERS: '{"Authorization":"Bearer x"}',
      SIYU_SMS_HTTP_SUCCESS_PATH: "result.code",
      SIYU_SMS_HTTP_SUCCESS_VALUE: "OK",
    });
    expect(c.sms).toMatchObject({
      adapter: "http",
      http: { encoding: "form", headers: { Authorization: "Bearer x" }, successPath: "result.code" },
    });
    expect(loadConfig({}).sms).toEqual({ adapter: "log", sign: null, http: null });
    expect(() => loadConfig({ SIYU_SMS_ADAPTER: "http" })).toThrow(ConfigError);
    expect(() =>
      loadConfig({
        SIYU_SMS_HTTP_URL: "https://x.example",
        SIYU_SMS_HTTP_BODY: "a",
        SIYU_SMS_HTTP_HEADERS: "[1]",
      }),
    ).toThrow(/SIYU_SMS_HTTP_HEADERS/);
  });
});

describe("the log adapter (default)", () => {
  it("records the message where tests and the console see it", async () => {
    const p = phone();
    const key = await plan(siyu.ctx, p);
    await dispatchOnce(siyu.ctx, channels);
    const row = await outbox(key);
    expect(row).toMatchObject({ status: "sent", result: { adapter: "log" } });
    const sms = await siyu.ctx.db.selectFrom("sms_messages").selectAll().where("phone", "=", p).execute();
    expect(sms).toMatchObject([{ corp_id: CORP, outbox_id: row.id, text: TEXT, adapter: "log" }]);
  });

  it("refuses a recipient that is not a phone number, without retrying", async () => {
    const key = await plan(siyu.ctx, "wmNotAPhone");
    await dispatchOnce(siyu.ctx, channels);
    expect(await outbox(key)).toMatchObject({ status: "failed", attempts: 1 });
    expect((await outbox(key)).reason).toMatch(/is not a phone number/);
  });

  it("goes through the send gate: a sensitive word drops it, quiet hours defer it, the quota counts it", async () => {
    await siyu.ctx.db
      .insertInto("sensitive_words")
      .values({ corp_id: CORP, word: "加微信", category: "ads" })
      .execute();
    const dropped = await plan(siyu.ctx, phone(), "加微信领红包");
    now = Date.parse("2026-11-24T15:00:00Z"); // 23:00 in China
    const quiet = await plan(siyu.ctx, phone(), "晚安特惠");
    await dispatchOnce(siyu.ctx, channels);
    expect(await outbox(dropped)).toMatchObject({ status: "dropped" });
    expect((await outbox(dropped)).reason).toBe('sensitive_words: contains the sensitive word "加微信"');
    expect((await outbox(quiet)).reason).toMatch(/^quiet_hours: quiet hours 22:00–08:00/);
    now = DAY_11H;
    const p = phone();
    const first = await plan(siyu.ctx, p, "第一条");
    const second = await plan(siyu.ctx, p, "第二条");
    await dispatchOnce(siyu.ctx, channels);
    expect((await outbox(first)).status).toBe("sent");
    expect((await outbox(second)).reason).toMatch(/^receive_quota: /);
  });
});

describe("the HTTP gateway adapter", () => {
  it("sends the rendered request and records the answer", async () => {
    const ctx = withHttp();
    const p = phone();
    const key = await plan(ctx, p);
    await dispatchOnce(ctx, channels);
    expect(received).toHaveLength(1);
    const req = received[0] as Received;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/sms/send");
    expect(req.headers["x-api-key"]).toBe("k1");
    expect(req.headers["content-type"]).toMatch(/^application\/json/);
    const row = await outbox(key);
    expect(JSON.parse(req.body)).toEqual({
      mobile: p,
      content: `【悦享生活】${TEXT}`,
      sign: "悦享生活",
      ref: row.id,
    });
    expect(row).toMatchObject({ status: "sent", result: { adapter: "http", status: 200 } });
  });

  it("form-encodes when configured, and decides success by a JSON field", async () => {
    const ctx = withHttp({
      bodyTemplate: "mobile={{phone}}&content={{content}}",
      encoding: "form",
      successPath: "result.code",
      successValue: "0",
    });
    replies = [
      { status: 200, body: '{"result":{"code":0}}' },
      { status: 200, body: '{"result":{"code":1021,"msg":"签名未报备"}}' },
    ];
    const ok = await plan(ctx, phone());
    const refused = await plan(ctx, phone());
    await dispatchOnce(ctx, channels, { concurrency: 1 });
    expect(new URLSearchParams(received[0]?.body).get("content")).toBe(`【悦享生活】${TEXT}`);
    expect((await outbox(ok)).status).toBe("sent");
    expect(await outbox(refused)).toMatchObject({ status: "failed", attempts: 1 });
    expect((await outbox(refused)).reason).toMatch(/answered result\.code=1021, not 0/);
  });

  it("does not retry a 4xx", async () => {
    const ctx = withHttp();
    replies = [{ status: 400, body: '{"error":"bad mobile"}' }];
    const key = await plan(ctx, phone());
    await dispatchOnce(ctx, channels);
    now += 3_600_000;
    await dispatchOnce(ctx, channels);
    expect(received).toHaveLength(1);
    expect(await outbox(key)).toMatchObject({ status: "failed", attempts: 1 });
    expect((await outbox(key)).reason).toMatch(/refused it \(400\): \{"error":"bad mobile"\}/);
  });

  it("retries a 5xx later and sends once it succeeds", async () => {
    const ctx = withHttp();
    replies = [{ status: 503, body: "busy" }];
    const key = await plan(ctx, phone());
    await dispatchOnce(ctx, channels);
    expect(await outbox(key)).toMatchObject({ status: "pending", attempts: 1 });
    expect((await outbox(key)).reason).toMatch(/answered 503; retrying later/);
    now += 60_000;
    await dispatchOnce(ctx, channels);
    expect(await outbox(key)).toMatchObject({ status: "sent", attempts: 2 });
    expect(received).toHaveLength(2);
  });

  it("never resends after a timeout once the request was sent: no second copy", async () => {
    const ctx = withHttp({ timeoutMs: 300 });
    replies = ["hang"];
    const key = await plan(ctx, phone());
    await dispatchOnce(ctx, channels);
    expect(received).toHaveLength(1);
    expect(await outbox(key)).toMatchObject({ status: "failed", attempts: 1 });
    expect((await outbox(key)).reason).toMatch(
      /after the request was sent; it may have been delivered, so it is not resent/,
    );
    now += 3_600_000;
    expect(await dispatchOnce(ctx, channels)).toBe(0);
    expect(received).toHaveLength(1);
    // Nor does the timed-out message count against the customer's quota.
    const touches = await siyu.ctx.db
      .selectFrom("recipient_touches")
      .select("recipient")
      .where("outbox_id", "=", (await outbox(key)).id)
      .execute();
    expect(touches).toEqual([]);
  });

  it("retries when the gateway could not be reached at all", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const ctx = withHttp({ url: `http://127.0.0.1:${port}/send` });
    const key = await plan(ctx, phone());
    await dispatchOnce(ctx, channels);
    expect(await outbox(key)).toMatchObject({ status: "pending", attempts: 1 });
    expect((await outbox(key)).reason).toMatch(
      /could not reach the SMS gateway \(ECONNREFUSED\); retrying later/,
    );
  });
});

describe("a corp's own SMS settings", () => {
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of several shapes
  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const headers = await adminSession(siyu.url);
    const res = await fetch(`${siyu.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  const path = `/api/corps/${CORP}/sms/settings`;

  it("sends through the corp's gateway with its sealed key, which is never shown again", async () => {
    const put = await api("PUT", path, {
      adapter: "http",
      sign: "品牌A",
      http: {
        url: `${gatewayUrl}/v2/send?to={{phone}}`,
        headers: { "x-client": "siyu" },
        secretHeaders: { authorization: "Bearer sk-live-123" },
        bodyTemplate: '{"msg":"{{content}}"}',
      },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      source: "corp",
      adapter: "http",
      http: { headers: { "x-client": "siyu" }, secretHeaderNames: ["authorization"] },
    });
    expect(JSON.stringify(put.body)).not.toContain("sk-live-123");
    const stored = await siyu.ctx.db
      .selectFrom("sms_settings")
      .selectAll()
      .where("corp_id", "=", CORP)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain("sk-live-123");

    const p = phone();
    const key = await plan(siyu.ctx, p, "新品上市");
    await dispatchOnce(siyu.ctx, channels);
    expect((await outbox(key)).status).toBe("sent");
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ url: `/v2/send?to=${p}`, body: '{"msg":"【品牌A】新品上市"}' });
    expect(received[0]?.headers.authorization).toBe("Bearer sk-live-123");
    expect(received[0]?.headers["x-client"]).toBe("siyu");

    // Changing the template without resending the key keeps it.
    const again = await api("PUT", path, {
      adapter: "http",
      http: { url: `${gatewayUrl}/v2/send`, bodyTemplate: "to={{phone}}&msg={{text}}", encoding: "form" },
    });
    expect(again.body.http.secretHeaderNames).toEqual(["authorization"]);

    // Forgotten: the environment's log adapter applies again.
    const gone = await api("DELETE", path);
    expect(gone.body).toMatchObject({ source: "environment", adapter: "log" });
    const logged = await plan(siyu.ctx, phone(), "回到日志");
    await dispatchOnce(siyu.ctx, channels);
    expect(await outbox(logged)).toMatchObject({ status: "sent", result: { adapter: "log" } });
    const listed = await api("GET", `/api/corps/${CORP}/sms/messages?limit=5`);
    expect(listed.body.items[0]).toMatchObject({ text: "回到日志", adapter: "log" });
  });

  it("refuses a gateway that cannot work, field by field", async () => {
    const bad = await api("PUT", path, {
      adapter: "http",
      http: {
        url: "ftp://example.com/{{phone}}",
        bodyTemplate: '{"to":{{phone}}',
        successPath: "code",
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["/http/url", "/http/bodyTemplate", "/http/successValue"]));
    const none = await api("PUT", path, { adapter: "http" });
    expect(none.body.error.details).toEqual([expect.objectContaining({ path: "/http" })]);
  });
});
