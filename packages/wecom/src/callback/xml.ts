// Safe XML reading for callbacks: the outer envelope `<xml><ToUserName/><Encrypt/><AgentID/></xml>` and the
// decrypted inner XML, both as plain string fields. WeCom never sends a DOCTYPE, so one is refused outright:
// no entity of any kind can expand. Malformed XML is a typed error, never a partial result.
import { XMLParser, XMLValidator } from "fast-xml-parser";

export type CallbackXmlErrorCode = "MALFORMED_XML" | "DOCTYPE_FORBIDDEN" | "MISSING_FIELD";

export class CallbackXmlError extends Error {
  constructor(
    readonly code: CallbackXmlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "CallbackXmlError";
  }
}

/** A parsed element: text, a nested element, or repeated elements (only `Item` lists are arrays). */
export type RawValue = string | RawFields | RawValue[];
export interface RawFields {
  [name: string]: RawValue;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === "Item",
});

/** Parses `<xml>…</xml>` into its child fields, all values kept as strings. */
export function parseXmlFields(xml: string): RawFields {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new CallbackXmlError(
      "DOCTYPE_FORBIDDEN",
      "callback XML must not contain a DOCTYPE or ENTITY declaration",
    );
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new CallbackXmlError("MALFORMED_XML", `malformed callback XML: ${valid.err.msg}`);
  }
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (err) {
    throw new CallbackXmlError("MALFORMED_XML", `malformed callback XML: ${(err as Error).message}`);
  }
  const root = (doc as Record<string, unknown> | null)?.xml;
  if (root === "") return {};
  if (root === undefined || root === null || typeof root !== "object" || Array.isArray(root)) {
    throw new CallbackXmlError("MALFORMED_XML", "callback XML must have a single <xml> root element");
  }
  return root as RawFields;
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
  const fields = parseXmlFields(xml);
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
