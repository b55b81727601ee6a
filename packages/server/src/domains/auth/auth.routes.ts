// Login, logout, the current user, and API token management.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { CSRF_COOKIE, principalOf, SESSION_COOKIE } from "../../http/access.ts";
import * as auth from "./auth.service.ts";
import type { LoginLimiter } from "./login-limiter.ts";

const userView = z.object({ id: z.string(), username: z.string(), role: z.string() });

export function authRoutes(ctx: Ctx, limiter: LoginLimiter) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      "/api/auth/login",
      {
        config: { access: "public" },
        schema: {
          tags: ["auth"],
          body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
          response: { 200: z.object({ user: userView }) },
        },
      },
      async (req, reply) => {
        const { sessionToken, csrfToken, principal } = await auth.login(ctx, limiter, {
          ...req.body,
          ip: req.ip,
        });
        const secure = req.protocol === "https";
        const maxAge = Math.floor(auth.SESSION_TTL_MS / 1000);
        reply.setCookie(SESSION_COOKIE, sessionToken, {
          httpOnly: true,
          sameSite: "lax",
          secure,
          path: "/",
          maxAge,
        });
        reply.setCookie(CSRF_COOKIE, csrfToken, {
          httpOnly: false,
          sameSite: "lax",
          secure,
          path: "/",
          maxAge,
        });
        return { user: { id: principal.userId, username: principal.username, role: principal.role } };
      },
    );
    r.post(
      "/api/auth/logout",
      { config: { access: "user" }, schema: { tags: ["auth"] } },
      async (req, reply) => {
        const token = req.cookies[SESSION_COOKIE];
        if (token) await auth.logout(ctx, token);
        reply.clearCookie(SESSION_COOKIE, { path: "/" }).clearCookie(CSRF_COOKIE, { path: "/" });
        return { ok: true };
      },
    );
    r.get(
      "/api/auth/me",
      {
        config: { access: "user" },
        schema: { tags: ["auth"], response: { 200: z.object({ user: userView }) } },
      },
      async (req) => {
        const p = principalOf(req);
        return { user: { id: p.userId, username: p.username, role: p.role } };
      },
    );

    const tokenView = z.object({
      id: z.string(),
      name: z.string(),
      createdAt: z.string(),
      lastUsedAt: z.string().nullable(),
    });
    r.get(
      "/api/tokens",
      {
        config: { access: "admin" },
        schema: { tags: ["tokens"], response: { 200: z.object({ items: z.array(tokenView) }) } },
      },
      async () => ({ items: await auth.listApiTokens(ctx) }),
    );
    r.post(
      "/api/tokens",
      {
        config: { access: "admin" },
        schema: {
          tags: ["tokens"],
          body: z.object({ name: z.string().min(1).max(100) }),
          response: {
            200: z.object({ id: z.string(), name: z.string(), token: z.string(), createdAt: z.string() }),
          },
        },
      },
      async (req) => auth.createApiToken(ctx, principalOf(req).userId, req.body.name),
    );
    r.delete(
      "/api/tokens/:id",
      {
        config: { access: "admin" },
        schema: { tags: ["tokens"], params: z.object({ id: z.string().regex(/^\d+$/) }) },
      },
      async (req) => {
        await auth.revokeApiToken(ctx, req.params.id);
        return { ok: true };
      },
    );
  };
}
