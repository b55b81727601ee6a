// The one error type of callback XML reading, with a code the intake maps to HTTP 400.

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
