// The shape of an emulated WeCom endpoint: path under /cgi-bin/, method, and a handler over the caller's
// corp and app. The router (../server/cgi.ts) does tokens, faults, rate limits and the error envelope.

import { ApiError } from "../errors.ts";
import type { CorpIndex } from "../world/corp-index.ts";
import type { AppState, CorpState, Member } from "../world/types.ts";
import type { World } from "../world/world.ts";
import type { Params } from "./params.ts";

export interface ApiContext {
  world: World;
  corp: CorpState;
  idx: CorpIndex;
  app: AppState;
  /** Emulated time, Unix seconds. */
  now: number;
  path: string;
  query: Record<string, string>;
  /** Raw body for multipart uploads. */
  rawBody: Buffer | undefined;
  contentType: string;
}

export type Handler = (ctx: ApiContext, p: Params) => Record<string, unknown>;

export interface Route {
  method: "GET" | "POST";
  /** Path after /cgi-bin/, e.g. "externalcontact/get". */
  path: string;
  handler: Handler;
  /** Needs the app to be in 「客户联系 → 可调用接口的应用」 (48002 otherwise). */
  customerContact?: boolean;
  /** Parameters come from the query string even for POST (media uploads). */
  raw?: boolean;
}

export const post = (path: string, handler: Handler, customerContact = true): Route => ({
  method: "POST",
  path,
  handler,
  customerContact,
});
export const get = (path: string, handler: Handler, customerContact = true): Route => ({
  method: "GET",
  path,
  handler,
  customerContact,
});

/** A member the app may act on: 60111 unknown, 60011 outside the app's visible range. */
export function requireMember(ctx: ApiContext, userid: string): Member {
  const member = ctx.corp.members.get(userid);
  if (!member) throw new ApiError(60111, `userid not found: ${userid}`);
  if (!ctx.world.visible(ctx.corp, ctx.app, member)) throw new ApiError(60011);
  return member;
}
