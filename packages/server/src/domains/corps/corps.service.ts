// Corps: the tenants of a deployment. Each has its WeCom app credentials, sealed at rest.
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import * as repo from "./corps.repository.ts";
import { type CorpInput, type CorpView, corpInput } from "./corps.schemas.ts";

export interface CorpKeys {
  corpId: string;
  token: string;
  aesKey: string;
}

export interface CorpCredentials extends CorpKeys {
  secret: string;
  apiBase: string;
}

function toView(row: {
  corp_id: string;
  name: string;
  api_base: string;
  agent_id: string | null;
  created_at: Date;
}): CorpView {
  return {
    corpId: row.corp_id,
    name: row.name,
    apiBase: row.api_base,
    agentId: row.agent_id,
    createdAt: row.created_at.toISOString(),
  };
}

function sealedRow(ctx: Ctx, input: CorpInput) {
  const c = corpInput.parse(input);
  return {
    corp_id: c.corpId,
    name: c.name,
    api_base: c.apiBase,
    agent_id: c.agentId ?? null,
    secret_enc: ctx.secrets.seal(c.secret),
    token_enc: ctx.secrets.seal(c.token),
    aes_key_enc: ctx.secrets.seal(c.aesKey),
  };
}

export async function addCorp(ctx: Ctx, input: CorpInput): Promise<CorpView> {
  const row = await repo.insertCorp(ctx.db, sealedRow(ctx, input));
  if (!row) throw new AppError("CORP_EXISTS", `corp ${input.corpId} already exists`);
  keyCacheOf(ctx).delete(row.corp_id);
  ctx.wecom.invalidate(row.corp_id);
  return toView(row);
}

/** Creates or updates a corp (start-up configuration from SIYU_WECOM_*). */
export async function putCorp(ctx: Ctx, input: CorpInput): Promise<CorpView> {
  const row = await repo.upsertCorp(ctx.db, sealedRow(ctx, input));
  keyCacheOf(ctx).delete(row.corp_id);
  ctx.wecom.invalidate(row.corp_id);
  return toView(row);
}

export async function listCorps(ctx: Ctx): Promise<CorpView[]> {
  return (await repo.listCorps(ctx.db)).map(toView);
}

export async function countCorps(ctx: Ctx): Promise<number> {
  return Number((await repo.countCorps(ctx.db)).n);
}

/** Throws CORP_NOT_FOUND unless the corp is configured. */
export async function requireCorp(ctx: Ctx, corpId: string): Promise<void> {
  if (!(await repo.findCorp(ctx.db, corpId)))
    throw new AppError("CORP_NOT_FOUND", `corp ${corpId} is not configured`);
}

export async function getCorpCredentials(ctx: Ctx, corpId: string): Promise<CorpCredentials> {
  const row = await repo.findCorp(ctx.db, corpId);
  if (!row) throw new AppError("CORP_NOT_FOUND", `corp ${corpId} is not configured`);
  return {
    corpId: row.corp_id,
    apiBase: row.api_base,
    secret: ctx.secrets.open(row.secret_enc),
    token: ctx.secrets.open(row.token_enc),
    aesKey: ctx.secrets.open(row.aes_key_enc),
  };
}

// Callback keys are read on every callback; keep them briefly in memory (the callback hot path).
const KEY_TTL_MS = 30_000;
// Keyed by database so two deployments in one process (tests) never share entries.
const keyCaches = new WeakMap<object, Map<string, { keys: CorpKeys | undefined; at: number }>>();
function keyCacheOf(ctx: Ctx) {
  let cache = keyCaches.get(ctx.db);
  if (!cache) {
    cache = new Map();
    keyCaches.set(ctx.db, cache);
  }
  return cache;
}

/** The callback token and AES key of a corp, or undefined when the corp is unknown. */
export async function getCallbackKeys(ctx: Ctx, corpId: string): Promise<CorpKeys | undefined> {
  const now = ctx.clock.now();
  const keyCache = keyCacheOf(ctx);
  const hit = keyCache.get(corpId);
  if (hit && now - hit.at < KEY_TTL_MS) return hit.keys;
  const row = await repo.findCorp(ctx.db, corpId);
  const keys = row
    ? {
        corpId: row.corp_id,
        token: ctx.secrets.open(row.token_enc),
        aesKey: ctx.secrets.open(row.aes_key_enc),
      }
    : undefined;
  if (keyCache.size > 10_000) keyCache.clear();
  keyCache.set(corpId, { keys, at: now });
  return keys;
}
