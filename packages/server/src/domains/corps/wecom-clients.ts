// One WeCom client per corp for this process, sharing one token cache and one rate limiter, so tokens are fetched
// once per (corp, secret) and the per-corp API limits hold across every caller.
import { RateLimiter, TokenCache, WeComClient } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";
import { getCorpCredentials } from "./corps.service.ts";

export interface WeComClients {
  /** The client for a corp, built from its stored credentials (throws CORP_NOT_FOUND). */
  forCorp(ctx: Ctx, corpId: string): Promise<WeComClient>;
  /** Forget a corp's client after its credentials or API base changed. */
  invalidate(corpId: string): void;
}

export function createWeComClients(): WeComClients {
  const tokenCache = new TokenCache();
  const rateLimiter = new RateLimiter();
  const clients = new Map<string, Promise<WeComClient>>();
  return {
    forCorp(ctx, corpId) {
      let client = clients.get(corpId);
      if (!client) {
        client = getCorpCredentials(ctx, corpId).then(
          (c) =>
            new WeComClient({
              baseUrl: c.apiBase,
              corpId: c.corpId,
              secret: c.secret,
              clock: ctx.clock,
              tokenCache,
              rateLimiter,
            }),
        );
        client.catch(() => clients.delete(corpId));
        clients.set(corpId, client);
      }
      return client;
    },
    invalidate: (corpId) => void clients.delete(corpId),
  };
}
