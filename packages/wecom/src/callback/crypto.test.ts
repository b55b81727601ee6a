import { describe, expect, it } from "vitest";
import {
  CallbackCryptoError,
  encryptMessage,
  openEnvelope,
  sealEnvelope,
  signature,
  verifyUrl,
} from "./crypto.ts";

// Official vectors, contract §2.1.
const keys = {
  token: "QDG6eK",
  encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
  receiveId: "wx5823bf96d3bd56c7",
};
const postEncrypt =
  "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";

describe("callback crypto (official vectors)", () => {
  it("verifies the GET URL vector and returns the plaintext echostr", () => {
    const plain = verifyUrl(keys, {
      msg_signature: "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
      timestamp: "1409659589",
      nonce: "263014780",
      echostr: "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
    });
    expect(plain).toBe("1616140317555161061");
  });

  it("decrypts the POST vector to the text message 'hello'", () => {
    const xml = openEnvelope(
      keys,
      {
        msg_signature: "477715d11cdb4164915debcba66cb864d751f3e6",
        timestamp: "1409659813",
        nonce: "1372623149",
      },
      postEncrypt,
    );
    expect(xml).toContain("<Content><![CDATA[hello]]></Content>");
    expect(xml).toContain("<MsgId>4561255354251345929</MsgId>");
    expect(xml).toContain("<AgentID>218</AgentID>");
  });

  it("encrypts deterministically byte for byte", () => {
    const enc = encryptMessage(keys, "hello", Buffer.from("0123456789abcdef"));
    expect(enc).toBe(
      "sKqRbbiSUnDhFHOvPjtUMd2aKGsnO1wGUhhgmucZyOooAmp9WiC5uDkjoOv6eP1l5uh45DeEw9aco5AR3vyVtA==",
    );
    expect(signature(keys.token, "1409659813", "1372623149", enc)).toBe(
      "6963916188a9972dd57e779c6eb680b07cf4fa99",
    );
  });

  it("rejects a forged signature and a foreign receiveid", () => {
    const q = { msg_signature: "0".repeat(40), timestamp: "1409659813", nonce: "1372623149" };
    expect(() => openEnvelope(keys, q, postEncrypt)).toThrow(CallbackCryptoError);
    const sealed = sealEnvelope({ ...keys, receiveId: "otherCorp" }, "<xml/>", {
      timestamp: "1",
      nonce: "2",
    });
    const enc = /<Encrypt><!\[CDATA\[(.*)\]\]><\/Encrypt>/.exec(sealed.body)?.[1] ?? "";
    expect(() => openEnvelope(keys, sealed.query, enc)).toThrow(/receiveid/);
  });
});
