// The WeCom server-API client core (contract §0, §1, §6): access_token in the query string from a shared
// per-(corp, secret) cache, one drop-and-retry on token errors, backoff on busy/limit errors, a client-side
// rate limiter, and a typed error for every non-zero errcode. Endpoint groups build on `request`.
import { ContactWayApi } from "../api/contact-way.ts";
import { CorpTagApi } from "../api/corp-tags.ts";
import { DirectoryApi } from "../api/directory.ts";
import { ExternalContactApi } from "../api/external-contact.ts";
import { GroupChatApi } from "../api/group-chat.ts";
import { KfApi } from "../api/kf.ts";
import { MassMessageApi } from "../api/mass-message.ts";
import { MediaApi } from "../api/media.ts";
import { MessageApi } from "../api/message.ts";
import { MomentApi } from "../api/moments.ts";
import { TransferApi } from "../api/transfer.ts";
import { type Clock, realSleep, type Sleep, systemClock } from "./clock.ts";
import { BUSY_ERRCODES, TOKEN_ERRCODES, WeComApiError, WeComNetworkError } from "./errors.ts";
import { RateLimiter, type RateLimits } from "./rate-limiter.ts";
import { type FetchedToken, TokenCache } from "./token-cache.ts";

export type HttpMethod = "GET" | "POST";
export type QueryParams = Record<string, string | number | undefined>;

export interface RequestOptions {
  query?: QueryParams;
  /** JSON, or a FormData for multipart uploads (media). */
  body?: unknown;
}

export interface RetryPolicy {
  /** Total tries for a call that keeps hitting errcode -1/45009 (or a network error on a GET). */
  attempts: number;
  /** First backoff delay; doubled per retry, with jitter. */
  baseDelayMs: number;
}

export interface WeComClientOptions {
  /** `https://qyapi.weixin.qq.com` in production, or an emulator's URL. */
  baseUrl: string;
  corpId: string;
  secret: string;
  clock?: Clock;
  /** Share one cache between clients of the same (corpId, secret) so they share one token. */
  tokenCache?: TokenCache;
  /** Limits of the built-in limiter, or false to disable it. Ignored when `rateLimiter` is given. */
  rateLimit?: RateLimits | false;
  /** A limiter shared between clients of the same corp. */
  rateLimiter?: RateLimiter;
  retry?: RetryPolicy;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Used for backoff and rate-limit waits; tests may pass one that advances a fake clock. */
  sleep?: Sleep;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 200 };
const MAX_BACKOFF_MS = 30_000;
const GETTOKEN_PATH = "/cgi-bin/gettoken";

interface GetTokenResponse {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}

export class WeComClient {
  readonly corpId: string;
  private readonly secret: string;
  private readonly baseUrl: string;
  private readonly clock: Clock;
  private readonly tokenCache: TokenCache;
  private readonly limiter: RateLimiter | undefined;
  private readonly retry: RetryPolicy;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;
  private readonly sleep: Sleep;
  private readonly random: () => number;

  /** 客户联系: follow users, customers, remark, welcome message. */
  readonly externalContact: ExternalContactApi;
  /** 企业客户标签 and mark_tag. */
  readonly corpTags: CorpTagApi;
  /** 联系我 contact ways. */
  readonly contactWay: ContactWayApi;
  /** 客户群 and join ways. */
  readonly groupChat: GroupChatApi;
  /** 通讯录 reads. */
  readonly directory: DirectoryApi;
  /** App messages to members. */
  readonly message: MessageApi;
  /** 群发: mass messages to customers and groups, confirmed by members. */
  readonly massMessage: MassMessageApi;
  /** Temporary media (3 days) for message attachments and moments. */
  readonly media: MediaApi;
  /** 客户朋友圈: moment tasks, per-member publish status, likes and comments. */
  readonly moments: MomentApi;
  /** 微信客服: accounts, sync_msg pulls, customers. */
  readonly kf: KfApi;
  /** 离职/在职继承: customer and group transfers, their results, the unassigned list. */
  readonly transfer: TransferApi;

  constructor(opts: WeComClientOptions) {
    this.corpId = opts.corpId;
    this.secret = opts.secret;
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.clock = opts.clock ?? systemClock;
    this.tokenCache = opts.tokenCache ?? new TokenCache();
    this.sleep = opts.sleep ?? realSleep;
    this.limiter =
      opts.rateLimiter ??
      (opts.rateLimit === false
        ? undefined
        : new RateLimiter({
            clock: this.clock,
            sleep: this.sleep,
            ...(opts.rateLimit === undefined ? {} : { limits: opts.rateLimit }),
          }));
    this.retry = opts.retry ?? DEFAULT_RETRY;
    this.fetchFn = opts.fetch ?? globalThis.fetch;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.random = opts.random ?? Math.random;
    this.externalContact = new ExternalContactApi(this);
    this.corpTags = new CorpTagApi(this);
    this.contactWay = new ContactWayApi(this);
    this.groupChat = new GroupChatApi(this);
    this.directory = new DirectoryApi(this);
    this.message = new MessageApi(this);
    this.massMessage = new MassMessageApi(this);
    this.media = new MediaApi(this);
    this.moments = new MomentApi(this);
    this.kf = new KfApi(this);
    this.transfer = new TransferApi(this);
  }

  /** A valid access_token, from the cache or from one shared gettoken call. */
  getToken(): Promise<string> {
    return this.tokenCache.get(this.corpId, this.secret, this.clock, () => this.fetchToken());
  }

  /**
   * Calls a business API and returns its JSON body (errcode 0). Throws WeComApiError for any other errcode
   * after the token and busy retries, and WeComNetworkError for transport failures.
   */
  async request<T = Record<string, unknown>>(
    method: HttpMethod,
    path: string,
    opts?: RequestOptions,
  ): Promise<T> {
    let tokenRetried = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.getToken();
      let data: Record<string, unknown>;
      try {
        data = await this.send(method, path, { ...opts?.query, access_token: token }, opts?.body);
      } catch (err) {
        if (err instanceof WeComNetworkError && method === "GET" && attempt < this.retry.attempts) {
          await this.backoff(attempt);
          continue;
        }
        throw err;
      }
      const errcode = errcodeOf(data);
      if (errcode === 0) return data as T;
      if (TOKEN_ERRCODES.has(errcode) && !tokenRetried) {
        tokenRetried = true;
        this.tokenCache.invalidate(this.corpId, this.secret, token);
        attempt -= 1; // a token refresh is not a busy retry
        continue;
      }
      if (BUSY_ERRCODES.has(errcode) && attempt < this.retry.attempts) {
        await this.backoff(attempt);
        continue;
      }
      throw new WeComApiError(errcode, errmsgOf(data), path);
    }
  }

  private async fetchToken(): Promise<FetchedToken> {
    for (let attempt = 1; ; attempt++) {
      let data: GetTokenResponse;
      try {
        data = await this.send(
          "GET",
          GETTOKEN_PATH,
          { corpid: this.corpId, corpsecret: this.secret },
          undefined,
        );
      } catch (err) {
        if (err instanceof WeComNetworkError && attempt < this.retry.attempts) {
          await this.backoff(attempt);
          continue;
        }
        throw err;
      }
      const errcode = errcodeOf(data as Record<string, unknown>);
      if (errcode === 0) {
        if (typeof data.access_token !== "string" || data.access_token === "") {
          throw new WeComNetworkError("BAD_RESPONSE", GETTOKEN_PATH, "gettoken returned no access_token");
        }
        return {
          accessToken: data.access_token,
          expiresIn: typeof data.expires_in === "number" ? data.expires_in : 7200,
        };
      }
      if (BUSY_ERRCODES.has(errcode) && attempt < this.retry.attempts) {
        await this.backoff(attempt);
        continue;
      }
      throw new WeComApiError(errcode, errmsgOf(data as Record<string, unknown>), GETTOKEN_PATH);
    }
  }

  private async backoff(attempt: number): Promise<void> {
    const ceiling = Math.min(MAX_BACKOFF_MS, this.retry.baseDelayMs * 2 ** (attempt - 1));
    await this.sleep(ceiling / 2 + (ceiling / 2) * this.random());
  }

  /** One HTTP exchange; never logs or reports the URL, since it carries the secret or the token. */
  private async send(
    method: HttpMethod,
    path: string,
    query: QueryParams,
    body: unknown,
  ): Promise<Record<string, unknown>> {
    if (this.limiter !== undefined) await this.limiter.acquire(this.corpId, path);
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method,
        signal: AbortSignal.timeout(this.timeoutMs),
        ...(method !== "POST"
          ? {}
          : body instanceof FormData
            ? { body }
            : {
                headers: { "content-type": "application/json; charset=utf-8" },
                body: JSON.stringify(body ?? {}),
              }),
      });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      throw new WeComNetworkError(
        timedOut ? "TIMEOUT" : "NETWORK",
        path,
        timedOut ? `no response within ${this.timeoutMs} ms` : "request failed",
        { cause: err },
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      throw new WeComNetworkError("NETWORK", path, "response body could not be read", { cause: err });
    }
    if (response.status !== 200) {
      throw new WeComNetworkError("BAD_RESPONSE", path, `HTTP ${response.status}`, {
        status: response.status,
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new WeComNetworkError("BAD_RESPONSE", path, "response is not JSON", { status: 200, cause: err });
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new WeComNetworkError("BAD_RESPONSE", path, "response is not a JSON object", { status: 200 });
    }
    return parsed as Record<string, unknown>;
  }
}

function errcodeOf(data: Record<string, unknown>): number {
  const code = data.errcode;
  if (code === undefined) return 0;
  return typeof code === "number" ? code : Number(code);
}

function errmsgOf(data: Record<string, unknown>): string {
  return typeof data.errmsg === "string" ? data.errmsg : "";
}
