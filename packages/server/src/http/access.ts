// Every route declares who may call it; requests are authenticated once, here.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Ctx } from "../context.ts";
import { type Principal, sessionPrincipal, tokenPrincipal } from "../domains/auth/auth.service.ts";
import { AppError } from "../lib/errors.ts";

/** public: anyone; user: any logged-in role; operator: any role but staff (configuration); admin: admins only. */
export type Access = "public" | "user" | "operator" | "admin";

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

export const SESSION_COOKIE = "siyu_session";
export const CSRF_COOKIE = "siyu_csrf";

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError("UNAUTHENTICATED", "log in or send an API token");
  return req.principal;
}

export function registerAccessControl(app: FastifyInstance, ctx: Ctx): void {
  app.addHook("onRoute", (route) => {
    const guarded = /^\/(api|wecom|healthz)/.test(route.url);
    if (guarded && !route.config?.access) {
      throw new Error(`route ${route.method} ${route.url} must declare config.access`);
    }
  });

  app.addHook("preHandler", async (req) => {
    const access = req.routeOptions.config?.access ?? "public";
    if (access === "public") return;
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (bearer) {
      req.principal = await tokenPrincipal(ctx, bearer);
      if (!req.principal) throw new AppError("UNAUTHENTICATED", "the API token is unknown or revoked");
    } else {
      const cookie = req.cookies[SESSION_COOKIE];
      req.principal = cookie ? await sessionPrincipal(ctx, cookie) : undefined;
      if (!req.principal) throw new AppError("UNAUTHENTICATED", "log in or send an API token");
      const safe = req.method === "GET" || req.method === "HEAD";
      if (!safe && req.headers["x-csrf-token"] !== req.principal.csrfToken) {
        throw new AppError(
          "CSRF_FAILED",
          "missing or wrong x-csrf-token header; reload the console and try again",
        );
      }
    }
    if (access === "admin" && req.principal.role !== "admin") {
      throw new AppError("FORBIDDEN", "this action needs the admin role");
    }
    if (access === "operator" && req.principal.role === "staff") {
      throw new AppError("FORBIDDEN", "staff may look at this but not change it; ask an operator");
    }
  });
}
