// Fetch wrapper for the same-origin `/api`: JSON in and out, CSRF header on every write,
// and every failure turned into an ApiError carrying the server's error code.
import type { ErrorBody } from "./types.ts";

export const CSRF_COOKIE = "siyu_csrf";
export const CSRF_HEADER = "x-csrf-token";

/** Codes the console produces itself when there is no usable answer from the server. */
export const NETWORK_ERROR = "NETWORK_ERROR";
export const HTTP_ERROR = "HTTP_ERROR";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ApiClientOptions {
  /** Prefix put before every path; "" for same-origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Current value of the CSRF cookie, read at request time. */
  csrfToken: () => string | undefined;
  /** Called when any request answers 401 UNAUTHENTICATED (the session is gone). */
  onUnauthenticated?: () => void;
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
  /** Sends a file as the request body, with its own content type. */
  upload<T>(path: string, file: Blob): Promise<T>;
}

export function readCookie(cookieHeader: string, name: string): string | undefined {
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === "object" && error !== null && typeof (error as { code: unknown }).code === "string";
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? "";
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    const raw = body instanceof Blob;
    if (raw) headers["content-type"] = body.type || "application/octet-stream";
    else if (body !== undefined) headers["content-type"] = "application/json";
    if (method !== "GET") {
      const csrf = options.csrfToken();
      if (csrf) headers[CSRF_HEADER] = csrf;
    }
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        credentials: "same-origin",
        body: raw ? body : body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw new ApiError(0, NETWORK_ERROR, cause instanceof Error ? cause.message : String(cause));
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.ok) return parsed as T;
    if (isErrorBody(parsed)) {
      const { code, message, details } = parsed.error;
      if (response.status === 401 && code === "UNAUTHENTICATED") options.onUnauthenticated?.();
      throw new ApiError(response.status, code, message, details);
    }
    throw new ApiError(response.status, HTTP_ERROR, `HTTP ${response.status} ${response.statusText}`.trim());
  }

  return {
    get: (path) => request("GET", path),
    post: (path, body) => request("POST", path, body ?? {}),
    patch: (path, body) => request("PATCH", path, body),
    put: (path, body) => request("PUT", path, body),
    delete: (path) => request("DELETE", path),
    upload: (path, file) => request("POST", path, file),
  };
}
