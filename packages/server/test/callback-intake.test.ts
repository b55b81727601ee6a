// Callback intake over real HTTP into the durable inbox (contract §2).
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCorp } from "../src/domains/corps/corps.service.ts";
import { contactEventXml, postCallback, sealedCallback, type TestCorp } from "./callbacks.ts";
import { startTestSiyu, type TestSiyu } from "./siyu.ts";

// The official sample corp of contract §2.1.
const official: TestCorp = {
  corpId: "wx5823bf96d3bd56c7",
  secret: "official-secret",
  token: "QDG6eK",
  aesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
};
const other: TestCorp = {
  corpId: "wwOtherCorp",
  secret: "other-secret",
  token: "OtherToken1",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};

let siyu: TestSiyu;
const inboxCount = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from inbox_events`.execute(siyu.ctx.db)).rows[0]!.n);

beforeAll(async () => {
  siyu = await startTestSiyu({ processor: false });
  for (const c of [official, other]) {
    await addCorp(siyu.ctx, {
      corpId: c.corpId,
      name: c.corpId,
      secret: c.secret,
      token: c.token,
      aesKey: c.aesKey,
    });
  }
});
afterAll(() => siyu.stop());

describe("GET URL verification", () => {
  it("answers the official vector's plaintext echostr, nothing else", async () => {
    const qs = new URLSearchParams({
      msg_signature: "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
      timestamp: "1409659589",
      nonce: "263014780",
      echostr: "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
    });
    const res = await fetch(`${siyu.url}/wecom/callback/${official.corpId}?${qs}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("1616140317555161061");
  });

  it("rejects a forged signature with 401", async () => {
    const qs = new URLSearchParams({
      msg_signature: "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4",
      timestamp: "1409659589",
      nonce: "263014780",
      echostr: "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
    });
    expect((await fetch(`${siyu.url}/wecom/callback/${official.corpId}?${qs}`)).status).toBe(401);
  });
});

describe("POST events", () => {
  it("stores the official POST vector and answers 200 with an empty body", async () => {
    const before = await inboxCount();
    const qs = new URLSearchParams({
      msg_signature: "477715d11cdb4164915debcba66cb864d751f3e6",
      timestamp: "1409659813",
      nonce: "1372623149",
    });
    const encrypt =
      "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
    const body = `<xml><ToUserName><![CDATA[${official.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`;
    const res = await fetch(`${siyu.url}/wecom/callback/${official.corpId}?${qs}`, { method: "POST", body });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(await inboxCount()).toBe(before + 1);
    const row = await siyu.ctx.db
      .selectFrom("inbox_events")
      .selectAll()
      .where("corp_id", "=", official.corpId)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(row.payload).toContain("<Content><![CDATA[hello]]></Content>");
    expect(row.status).toBe("pending");
    expect(row.event_type).toBe("message/text");
  });

  it("stores a replayed event once and still answers 200", async () => {
    const xml = contactEventXml(other.corpId, {
      changeType: "add_external_contact",
      userId: "zhangsan",
      externalUserId: "wmReplay",
      createTime: 1_700_000_000,
    });
    const before = await inboxCount();
    for (let i = 0; i < 3; i++) expect((await postCallback(siyu.url, other, xml)).status).toBe(200);
    expect(await inboxCount()).toBe(before + 1);
  });

  const event = contactEventXml(other.corpId, {
    changeType: "add_external_contact",
    userId: "lisi",
    externalUserId: "wmRejected",
    createTime: 1_700_000_001,
  });

  it.each([
    [
      "forged signature",
      () => {
        const { body, qs } = sealedCallback(other, event);
        const forged = qs.replace(
          /msg_signature=([0-9a-f])/,
          (_m, c) => `msg_signature=${c === "0" ? "1" : "0"}`,
        );
        return fetch(`${siyu.url}/wecom/callback/${other.corpId}?${forged}`, { method: "POST", body });
      },
      401,
    ],
    [
      "missing signature",
      () => {
        const { body } = sealedCallback(other, event);
        return fetch(`${siyu.url}/wecom/callback/${other.corpId}?timestamp=1&nonce=2`, {
          method: "POST",
          body,
        });
      },
      401,
    ],
    ["unknown corp in the URL", () => postCallback(siyu.url, { ...other, corpId: "wwNobody" }, event), 401],
    [
      "another corp's event sent to this corp's URL",
      // Sealed with the official corp's keys and corp id, posted to `other`'s URL.
      () => postCallback(siyu.url, official, event, other.corpId),
      401,
    ],
    [
      "a valid signature over a receiveid of another corp",
      () => postCallback(siyu.url, { ...other, corpId: "wwImpostor" }, event, other.corpId),
      401,
    ],
    [
      "malformed XML",
      () => {
        const { qs } = sealedCallback(other, event);
        return fetch(`${siyu.url}/wecom/callback/${other.corpId}?${qs}`, {
          method: "POST",
          body: "<xml><Encrypt>",
        });
      },
      400,
    ],
    [
      "body over 64 KB",
      () => {
        const { qs, body } = sealedCallback(other, event);
        const padded = body.replace("</xml>", `<Pad>${"x".repeat(70 * 1024)}</Pad></xml>`);
        return fetch(`${siyu.url}/wecom/callback/${other.corpId}?${qs}`, { method: "POST", body: padded });
      },
      400,
    ],
    [
      "a DOCTYPE entity expansion attempt",
      () => {
        const { qs } = sealedCallback(other, event);
        const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><xml><Encrypt>&b;</Encrypt></xml>`;
        return fetch(`${siyu.url}/wecom/callback/${other.corpId}?${qs}`, { method: "POST", body: bomb });
      },
      400,
    ],
  ])("rejects %s with its status and stores nothing", async (_name, send, status) => {
    const before = await inboxCount();
    const res = await send();
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^[A-Z_]+$/);
    expect(await inboxCount()).toBe(before);
  });
});
