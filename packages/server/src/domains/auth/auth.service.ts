// Console authentication: the first admin, password login with sessions, and API tokens for integrations.
import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import * as repo from "./auth.repository.ts";
import type { LoginLimiter } from "./login-limiter.ts";

export const SESSION_TTL_MS = 7 * 24 * 3600_000;

export interface Principal {
  userId: string;
  username: string;
  role: "admin" | "operator" | "team_lead" | "staff";
  via: "session" | "token";
  csrfToken?: string;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
// argon2id with OWASP's minimum parameters (19 MiB, 2 passes).
const argonOpts = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Creates the admin account on first start. Returns the generated password, or undefined when none was generated. */
export async function ensureAdmin(
  ctx: Ctx,
  password?: string,
): Promise<{ created: boolean; password?: string }> {
  if (Number((await repo.countUsers(ctx.db)).n) > 0) return { created: false };
  const generated = password ? undefined : randomBytes(12).toString("base64url");
  const created = await repo.insertUser(ctx.db, {
    username: "admin",
    password_hash: await hash(password ?? generated!, argonOpts),
    role: "admin",
  });
  return created ? { created: true, password: generated } : { created: false };
}

export async function login(
  ctx: Ctx,
  limiter: LoginLimiter,
  input: { username: string; password: string; ip: string },
): Promise<{ sessionToken: string; csrfToken: string; principal: Principal }> {
  if (await limiter.blocked(input.username, input.ip)) {
    throw new AppError("LOGIN_RATE_LIMITED", "too many failed logins; wait 15 minutes and try again");
  }
  const user = await repo.findUserByName(ctx.db, input.username);
  const ok = user ? await verify(user.password_hash, input.password) : false;
  if (!user || !ok) {
    await limiter.fail(input.username, input.ip);
    throw new AppError("INVALID_CREDENTIALS", "wrong username or password");
  }
  await limiter.succeed(input.username);
  const sessionToken = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  await repo.insertSession(ctx.db, {
    id_hash: sha256(sessionToken),
    user_id: user.id,
    csrf_token: csrfToken,
    expires_at: new Date(ctx.clock.now() + SESSION_TTL_MS),
  });
  return {
    sessionToken,
    csrfToken,
    principal: { userId: user.id, username: user.username, role: user.role, via: "session", csrfToken },
  };
}

export async function logout(ctx: Ctx, sessionToken: string): Promise<void> {
  await repo.deleteSession(ctx.db, sha256(sessionToken));
}

export async function sessionPrincipal(ctx: Ctx, sessionToken: string): Promise<Principal | undefined> {
  const s = await repo.findSession(ctx.db, sha256(sessionToken), nowDate(ctx.clock));
  return s && { userId: s.id, username: s.username, role: s.role, via: "session", csrfToken: s.csrf_token };
}

export async function tokenPrincipal(ctx: Ctx, token: string): Promise<Principal | undefined> {
  const t = await repo.findApiToken(ctx.db, sha256(token));
  if (!t) return undefined;
  const now = nowDate(ctx.clock);
  // Record use at most once a minute per token to keep the hot path write-free.
  if (!t.last_used_at || now.getTime() - t.last_used_at.getTime() > 60_000)
    await repo.touchApiToken(ctx.db, t.token_id, now);
  return { userId: t.id, username: t.username, role: t.role, via: "token" };
}

export async function createApiToken(ctx: Ctx, userId: string, name: string) {
  const token = `siyu_${randomBytes(24).toString("base64url")}`;
  const row = await repo.insertApiToken(ctx.db, { name, token_hash: sha256(token), user_id: userId });
  return { id: row.id, name: row.name, token, createdAt: row.created_at.toISOString() };
}

export async function listApiTokens(ctx: Ctx) {
  return (await repo.listApiTokens(ctx.db)).map((t) => ({
    id: t.id,
    name: t.name,
    createdAt: t.created_at.toISOString(),
    lastUsedAt: t.last_used_at?.toISOString() ?? null,
  }));
}

export async function revokeApiToken(ctx: Ctx, id: string): Promise<void> {
  const r = await repo.revokeApiToken(ctx.db, id, nowDate(ctx.clock));
  if (Number(r.numUpdatedRows) === 0) throw new AppError("TOKEN_NOT_FOUND", `API token ${id} does not exist`);
}
