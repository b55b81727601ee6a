// Typed errors of the WeCom client. A non-zero errcode is a WeComApiError carrying the code (errmsg is
// informational only and never parsed); transport failures are a WeComNetworkError with a closed code set.

/** errcodes meaning the access_token is bad: drop the cached token and retry once (contract §1). */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40014, 42001, 40001]);
/** errcodes meaning "busy / over the limit": back off and retry (contract §0, §6). */
export const BUSY_ERRCODES: ReadonlySet<number> = new Set([-1, 45009]);

export class WeComApiError extends Error {
  readonly errcode: number;
  readonly errmsg: string;
  /** The API path, e.g. `/cgi-bin/externalcontact/get`; never the query string (it carries the token). */
  readonly path: string;

  constructor(errcode: number, errmsg: string, path: string) {
    super(`WeCom ${path} failed with errcode ${errcode}`);
    this.name = "WeComApiError";
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.path = path;
  }
}

export type WeComNetworkErrorCode = "NETWORK" | "TIMEOUT" | "BAD_RESPONSE";

export class WeComNetworkError extends Error {
  readonly code: WeComNetworkErrorCode;
  readonly path: string;
  /** HTTP status when a response arrived but was unusable. */
  readonly status: number | undefined;

  constructor(
    code: WeComNetworkErrorCode,
    path: string,
    detail: string,
    opts?: { status?: number; cause?: unknown },
  ) {
    super(`WeCom ${path}: ${detail}`, opts?.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "WeComNetworkError";
    this.code = code;
    this.path = path;
    this.status = opts?.status;
  }
}
