// Typed application errors. Every code maps once to an HTTP status (http/errors.ts) and to console messages.
export const errorStatus = {
  VALIDATION_FAILED: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CORP_NOT_FOUND: 404,
  EVENT_NOT_FOUND: 404,
  TOKEN_NOT_FOUND: 404,
  LIVE_CODE_NOT_FOUND: 404,
  GROUP_CODE_NOT_FOUND: 404,
  WELCOME_NOT_FOUND: 404,
  CORP_EXISTS: 409,
  EVENT_NOT_DEAD: 409,
  LIVE_CODE_STATE_TAKEN: 409,
  GROUP_CODE_STATE_TAKEN: 409,
  WELCOME_EXISTS: 409,
  WECOM_REJECTED: 422,
  SYNC_NOT_RESUMABLE: 409,
  TAG_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  TAG_JOB_NOT_FOUND: 404,
  WECOM_REFUSED: 502,
  LOGIN_RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }
}
