// The WeCom API surface under /cgi-bin/: every route gets the same pipeline — fault injection, access_token
// checks (41001/40014/42001), per-(IP, path) and per-(corp, path) rate limits and debug=1 caps (45009), the
// IP block after repeated wrong secrets, the app's customer-contact permission
// (48002), then the handler. Errors are HTTP 200 with `{errcode, errmsg}` in the official errmsg format.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Params } from "../api/params.ts";
import type { ApiContext, Route } from "../api/route.ts";
import { gettoken } from "../api/token.ts";
import { ApiError, formatErrmsg } from "../errors.ts";
import { normalizeApiPath } from "../faults.ts";
import type { CorpState } from "../world/types.ts";
import type { World } from "../world/world.ts";

export function registerCgi(app: FastifyInstance, world: World, routes: Route[]): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));

  const byPath = new Map<string, Route>();
  for (const r of routes) byPath.set(r.path, r);

  const handle = (req: FastifyRequest, reply: FastifyReply) => {
    const path = normalizeApiPath(req.url);
    const query = req.query as Record<string, string>;
    const requestId = world.requestId();
    const ip = req.ip;
    const fail = (errcode: number, text?: string, extra?: Record<string, unknown>) =>
      reply.send({ errcode, errmsg: formatErrmsg(errcode, requestId, ip, text), ...extra });

    const nowMs = world.clock.now();
    /** Per-(IP, API), per-(corp, API) and debug=1 limits; records the rule and returns true when over. */
    const overLimit = (corp: CorpState | undefined): boolean => {
      const { ipPerMinute, ipPerHour } = world.limits;
      let why = "";
      if (!world.rate.hit(`ip|${ip}|${path}`, nowMs, ipPerMinute, ipPerHour))
        why = "per-IP per-API frequency limit";
      else if (corp) {
        const { rateLimitPerMinute, rateLimitPerHour } = corp.settings;
        if (!world.rate.hit(`${corp.corpId}|${path}`, nowMs, rateLimitPerMinute, rateLimitPerHour)) {
          why = "per-corp per-API frequency limit";
        } else if (
          query.debug === "1" &&
          !world.rate.hit(`${corp.corpId}|${path}|debug`, nowMs, 5, Number.MAX_SAFE_INTEGER)
        ) {
          why = "debug=1 allows 5 calls per minute";
        }
      }
      if (why && corp) world.ruleHit(corp, "rate_limited", path, why);
      return why !== "";
    };

    if (path === "gettoken") {
      const corp = query.corpid ? world.corps.get(query.corpid) : undefined;
      if (corp) world.gettokenCalls.set(corp.corpId, (world.gettokenCalls.get(corp.corpId) ?? 0) + 1);
      const fault = world.faults.take(corp?.corpId, path);
      if (fault?.errcode !== undefined) return fail(fault.errcode);
      if ((world.ipBlocks.get(ip) ?? 0) > nowMs)
        return fail(45009, "ip blocked after repeated invalid credentials");
      if (overLimit(corp)) return fail(45009);
      try {
        return reply.send({ errcode: 0, errmsg: "ok", ...gettoken(world, query) });
      } catch (err) {
        if (err instanceof ApiError) {
          if (err.errcode === 40001 && corp) world.badSecret(ip, corp);
          return fail(err.errcode, undefined, err.extra);
        }
        throw err;
      }
    }

    const found = byPath.get(path);
    if (!found)
      return reply
        .code(404)
        .send({ errcode: 404, errmsg: formatErrmsg(404, requestId, ip, "api not found") });

    const route = found;
    const token = query.access_token;
    const rec = token ? world.tokens.get(token) : undefined;
    const corp = rec ? world.corps.get(rec.corpId) : undefined;
    const fault = world.faults.take(corp?.corpId, path);
    if (fault?.errcode !== undefined) return fail(fault.errcode);
    if (fault?.latencyMs === undefined) return call();
    // A slow WeCom: the call is carried out now, its answer leaves latencyMs later.
    const ms = fault.latencyMs;
    const send = reply.send.bind(reply);
    return new Promise<void>((resolve) => {
      reply.send = ((payload?: unknown) => {
        setTimeout(() => {
          send(payload);
          resolve();
        }, ms);
        return reply;
      }) as FastifyReply["send"];
      call();
    });

    function call() {
      if (!token) return fail(41001);
      if (!rec || !corp) return fail(40014);
      const app = corp.apps.find((a) => a.agentId === rec.agentId);
      if (!app) return fail(40014);
      if (rec.revokedErrcode) return fail(rec.revokedErrcode);
      if (rec.expiresAt * 1000 <= nowMs) return fail(corp.settings.expiredTokenErrcode);
      if (route.method === "POST" && req.method !== "POST")
        return fail(40058, "GET method not supported, use POST");
      if (overLimit(corp)) return fail(45009);
      if (route.customerContact && !app.customerContact) return fail(48002);

      const contentType = String(req.headers["content-type"] ?? "");
      const raw = req.body instanceof Buffer ? req.body : undefined;
      let input: Record<string, unknown> = query;
      if (route.method === "POST" && !route.raw) {
        if (raw && raw.length > 0) {
          try {
            const parsed: unknown = JSON.parse(raw.toString("utf8"));
            if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return fail(40058);
            input = parsed as Record<string, unknown>;
          } catch {
            return fail(40058, "invalid json");
          }
        } else input = {};
      }
      const ctx: ApiContext = {
        world,
        corp,
        idx: world.index(corp),
        app,
        now: Math.floor(nowMs / 1000),
        path,
        query,
        rawBody: raw,
        contentType,
      };
      try {
        const result = route.handler(ctx, new Params(input));
        if (result.__raw instanceof Buffer) {
          return reply
            .header("content-type", String(result.__contentType ?? "application/octet-stream"))
            .header(
              "content-disposition",
              `attachment; filename="${encodeURIComponent(String(result.__filename ?? ""))}"`,
            )
            .send(result.__raw);
        }
        return reply.send({ errcode: 0, errmsg: "ok", ...result });
      } catch (err) {
        if (err instanceof ApiError) return fail(err.errcode, detail(err), err.extra);
        req.log.error(err);
        return fail(-1);
      }
    }
  };

  app.route({ method: ["GET", "POST"], url: "/cgi-bin/*", handler: handle });
}

/** errmsg keeps the official text; only 40058 says which parameter was wrong, as WeCom's own hints do. */
function detail(err: ApiError): string | undefined {
  return err.errcode === 40058 && err.text ? `invalid parameter: ${err.text}` : undefined;
}
