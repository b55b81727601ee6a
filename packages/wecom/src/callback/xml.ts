// Callback XML for the intake: the outer envelope `<xml><ToUserName/><Encrypt/><AgentID/></xml>` and the
// decrypted inner XML, both as plain string fields, read by the strict reader in xml-reader.ts. WeCom never
// sends a DOCTYPE, so one is refused outright: no entity of any kind can expand. Malformed XML is a typed
// error, never a partial result.
import { CallbackXmlError } from "./xml-error.ts";
import { type RawFields, readXmlFields } from "./xml-reader.ts";

export { CallbackXmlError, type CallbackXmlErrorCode } from "./xml-error.ts";
export type { RawFields, RawValue } from "./xml-reader.ts";

/** Parses `<xml>…</xml>` into its child fields, all values kept as strings. */
export function parseXmlFields(xml: string): RawFields {
  return readXmlFields(xml);
}

export interface CallbackEnvelope {
  /** The CorpID for a self-built app (the suite id for third-party suites). */
  toUserName: string;
  /** msg_encrypt: the value the signature covers. */
  encrypt: string;
  agentId: string | undefined;
}

/** Reads the outer POST body of a callback (contract §2). */
export function parseEnvelope(xml: string): CallbackEnvelope {
  const fields = readXmlFields(xml);
  const encrypt = fields.Encrypt;
  if (typeof encrypt !== "string" || encrypt === "") {
    throw new CallbackXmlError("MISSING_FIELD", "callback envelope has no <Encrypt>");
  }
  const to = fields.ToUserName;
  const agent = fields.AgentID;
  return {
    toUserName: typeof to === "string" ? to : "",
    encrypt,
    agentId: typeof agent === "string" && agent !== "" ? agent : undefined,
  };
}
