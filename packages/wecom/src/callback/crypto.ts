// WeCom callback crypto (contract §2): SHA1 signature over the sorted four strings, AES-256-CBC with
// 32-byte PKCS#7 done by @wecom/crypto, and the receiveid check the library leaves to its caller.
import { createHash, timingSafeEqual } from "node:crypto";
import { decrypt as wecomDecrypt, encrypt as wecomEncrypt } from "@wecom/crypto";

export class CallbackCryptoError extends Error {
  constructor(
    readonly code: "BAD_SIGNATURE" | "BAD_AES_KEY" | "DECRYPT_FAILED" | "RECEIVEID_MISMATCH",
    message: string,
  ) {
    super(message);
    this.name = "CallbackCryptoError";
  }
}

export interface CallbackKeys {
  token: string;
  encodingAesKey: string;
  /** The expected receiveid: the CorpID for a self-built app. */
  receiveId: string;
}

export function signature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  const joined = [token, timestamp, nonce, encrypted].sort().join("");
  return createHash("sha1").update(joined).digest("hex");
}

export function verifySignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypted: string,
  given: string,
): boolean {
  const expected = Buffer.from(signature(token, timestamp, nonce, encrypted));
  const actual = Buffer.from(given.toLowerCase());
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function assertAesKey(encodingAesKey: string): void {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) {
    throw new CallbackCryptoError("BAD_AES_KEY", "EncodingAESKey must be 43 base64 characters");
  }
}

/** Decrypts msg_encrypt and checks that its receiveid is the expected one. Does not check the signature. */
export function decryptMessage(keys: CallbackKeys, encrypted: string): string {
  assertAesKey(keys.encodingAesKey);
  let result: { message: string; id: string };
  try {
    result = wecomDecrypt(keys.encodingAesKey, encrypted);
  } catch (err) {
    throw new CallbackCryptoError("DECRYPT_FAILED", `cannot decrypt: ${(err as Error).message}`);
  }
  if (result.id !== keys.receiveId) {
    throw new CallbackCryptoError("RECEIVEID_MISMATCH", "receiveid does not match the corp id");
  }
  return result.message;
}

export function encryptMessage(keys: CallbackKeys, message: string, random?: Buffer): string {
  assertAesKey(keys.encodingAesKey);
  return random
    ? wecomEncrypt(keys.encodingAesKey, message, keys.receiveId, random)
    : wecomEncrypt(keys.encodingAesKey, message, keys.receiveId);
}

export interface SignedQuery {
  msg_signature: string;
  timestamp: string;
  nonce: string;
}

/** Verifies and decrypts a GET URL-verification echostr; returns the plaintext to answer with. */
export function verifyUrl(keys: CallbackKeys, query: SignedQuery & { echostr: string }): string {
  if (!verifySignature(keys.token, query.timestamp, query.nonce, query.echostr, query.msg_signature)) {
    throw new CallbackCryptoError("BAD_SIGNATURE", "msg_signature does not match");
  }
  return decryptMessage(keys, query.echostr);
}

/** Verifies the signature over an Encrypt value and decrypts it. */
export function openEnvelope(keys: CallbackKeys, query: SignedQuery, encrypted: string): string {
  if (!verifySignature(keys.token, query.timestamp, query.nonce, encrypted, query.msg_signature)) {
    throw new CallbackCryptoError("BAD_SIGNATURE", "msg_signature does not match");
  }
  return decryptMessage(keys, encrypted);
}

/** Builds a signed, encrypted callback body as WeCom sends it (used by the emulator and tests). */
export function sealEnvelope(
  keys: CallbackKeys,
  plaintextXml: string,
  opts: { timestamp: string; nonce: string; agentId?: string | number; random?: Buffer },
): { body: string; query: SignedQuery } {
  const encrypted = encryptMessage(keys, plaintextXml, opts.random);
  const msg_signature = signature(keys.token, opts.timestamp, opts.nonce, encrypted);
  const agent = opts.agentId === undefined ? "" : `<AgentID><![CDATA[${opts.agentId}]]></AgentID>`;
  const body = `<xml><ToUserName><![CDATA[${keys.receiveId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt>${agent}</xml>`;
  return { body, query: { msg_signature, timestamp: opts.timestamp, nonce: opts.nonce } };
}
