// The control API under /_emulator/ (not part of WeCom's contract): create corps/apps/members, play the
// people (customers, members, admins), move the clock, expire tokens, inject faults, and inspect what the
// platform did. Documented in packages/emulator/README.md.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { inspectCorp } from "../control/inspect.ts";
import { PEOPLE_ACTIONS } from "../control/people-actions.ts";
import { verifyCallbackUrl } from "../control/verify-url.ts";
import { ControlError } from "../errors.ts";
import type { CorpSettings, CorpState, Member } from "../world/types.ts";
import type { AppSeed, CorpSeed, MemberSeed, World } from "../world/world.ts";

type Body = Record<string, unknown>;

export interface ControlHooks {
  saveSnapshot(): Promise<string | undefined>;
  /** The world as snapshot JSON text (Maps encoded as {"$map": [...]}). */
  snapshot(): string;
}

export function registerControl(app: FastifyInstance, world: World, hooks: ControlHooks): void {
  const route = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    fn: (body: Body, params: Record<string, string>, query: Record<string, string>) => unknown,
  ) => {
    app.route({
      method,
      url: `/_emulator${url}`,
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        try {
          const body = (req.body ?? {}) as Body;
          const result = await fn(
            body,
            req.params as Record<string, string>,
            req.query as Record<string, string>,
          );
          return reply.send(result ?? { ok: true });
        } catch (err) {
          if (err instanceof ControlError) {
            const status = err.code === "NOT_FOUND" ? 404 : err.code === "CONFLICT" ? 409 : 400;
            return reply.code(status).send({ error: err.code, message: err.message });
          }
          throw err;
        }
      },
    });
  };
  const corpOf = (params: Record<string, string>) => world.corp(params.corpId ?? "");

  route("GET", "/health", () => ({ ok: true, now: world.now(), frozen: world.clock.frozen }));

  // corps, apps, directory
  route("GET", "/corps", () => [...world.corps.values()].map((c) => corpSummary(world, c)));
  route("POST", "/corps", (body) => {
    if (typeof body.corpId !== "string" || typeof body.secret !== "string") {
      throw new ControlError("BAD_REQUEST", "corpId and secret are required");
    }
    return corpSummary(world, world.createCorp(body as unknown as CorpSeed));
  });
  route("GET", "/corps/:corpId", (_b, params) => corpSummary(world, corpOf(params)));
  route("POST", "/corps/:corpId/apps", (body, params) => {
    if (typeof body.secret !== "string") throw new ControlError("BAD_REQUEST", "secret is required");
    return world.addApp(corpOf(params), body as unknown as AppSeed);
  });
  route("PATCH", "/corps/:corpId/apps/:agentId", (body, params) => {
    const app = corpOf(params).apps.find((a) => a.agentId === Number(params.agentId));
    if (!app) throw new ControlError("NOT_FOUND", "unknown app");
    if (typeof body.secret === "string" && body.secret !== app.secret) {
      world.revokeAppTokens(corpOf(params).corpId, app.agentId);
    }
    for (const k of [
      "name",
      "secret",
      "token",
      "aesKey",
      "callbackUrl",
      "customerContact",
      "visibleDepartments",
      "contactEvents",
    ] as const) {
      if (body[k] !== undefined) (app as unknown as Body)[k] = body[k];
    }
    return app;
  });
  route("POST", "/corps/:corpId/apps/:agentId/verify-url", (body, params) => {
    const corp = corpOf(params);
    const app = corp.apps.find((a) => a.agentId === Number(params.agentId));
    if (!app) throw new ControlError("NOT_FOUND", "unknown app");
    const url = typeof body.url === "string" ? body.url : app.callbackUrl;
    if (!url) throw new ControlError("BAD_REQUEST", "the app has no callback URL");
    return verifyCallbackUrl(world, corp, app, url);
  });
  route("PATCH", "/corps/:corpId/settings", (body, params) => {
    const corp = corpOf(params);
    for (const [k, v] of Object.entries(body)) {
      if (!(k in corp.settings)) throw new ControlError("BAD_REQUEST", `unknown setting ${k}`);
      (corp.settings as unknown as Body)[k] = v;
    }
    return corp.settings satisfies CorpSettings;
  });
  route("POST", "/corps/:corpId/departments", (body, params) => {
    if (typeof body.name !== "string") throw new ControlError("BAD_REQUEST", "name is required");
    return world.addDepartment(corpOf(params), body as { name: string });
  });
  route("POST", "/corps/:corpId/members", (body, params) => {
    if (typeof body.userid !== "string") throw new ControlError("BAD_REQUEST", "userid is required");
    return world.addMember(corpOf(params), body as unknown as MemberSeed);
  });
  route("PATCH", "/corps/:corpId/members/:userid", (body, params) => {
    const member = corpOf(params).members.get(params.userid ?? "");
    if (!member) throw new ControlError("NOT_FOUND", "unknown member");
    Object.assign(member, body as Partial<Member>, { userid: member.userid });
    return member;
  });
  route("POST", "/corps/:corpId/customers", (body, params) => world.addCustomer(corpOf(params), body));
  route("GET", "/corps/:corpId/customers/:externalUserId", (_b, params) => {
    const corp = corpOf(params);
    const customer = corp.customers.get(params.externalUserId ?? "");
    if (!customer) throw new ControlError("NOT_FOUND", "unknown customer");
    return { customer, follows: world.index(corp).ofCustomer(customer.externalUserId) };
  });

  // identity (OAuth / web login / JS-SDK)
  route("POST", "/corps/:corpId/acting-member", (body, params) => {
    const corp = corpOf(params);
    const userid = String(body.userid ?? "");
    if (!corp.members.has(userid)) throw new ControlError("NOT_FOUND", `unknown member ${userid}`);
    world.identity.setActingMember(corp, userid);
    return { userid };
  });
  route("POST", "/corps/:corpId/jssdk/verify", (body, params) => {
    const corp = corpOf(params);
    const agentId = Number(body.agentId ?? corp.apps[0]?.agentId ?? 0);
    const kind = body.kind === "agent" ? "agent" : "corp";
    return world.identity.verifySignature(corp, agentId, kind, {
      url: String(body.url ?? ""),
      noncestr: String(body.noncestr ?? ""),
      timestamp: String(body.timestamp ?? ""),
      signature: String(body.signature ?? ""),
    });
  });

  // limits that are not per corp
  route("GET", "/limits", () => world.limits);
  route("PATCH", "/limits", (body) => {
    for (const [k, v] of Object.entries(body)) {
      if (!(k in world.limits) || typeof v !== "number")
        throw new ControlError("BAD_REQUEST", `bad limit ${k}`);
      (world.limits as Record<string, number>)[k] = v;
    }
    return world.limits;
  });
  route("DELETE", "/limits/ip-blocks", () => {
    world.ipBlocks.clear();
    world.rate.reset("ip|");
    return { ok: true };
  });

  // tokens, faults, clock
  route("POST", "/corps/:corpId/tokens/expire", (_b, params) => ({
    expired: world.expireTokens(corpOf(params).corpId),
  }));
  route("GET", "/faults", () => world.faults.faults);
  route("POST", "/faults", (body) => {
    const latency = body.latencyMs;
    if (
      typeof body.path !== "string" ||
      (typeof body.errcode !== "number") === (typeof latency !== "number") ||
      (typeof latency === "number" && (latency < 0 || latency > 600_000))
    ) {
      throw new ControlError(
        "BAD_REQUEST",
        "path and one of errcode or latencyMs (0–600000 ms) are required",
      );
    }
    return world.faults.add(
      body as { path: string; errcode?: number; latencyMs?: number; corpId?: string; count?: number },
    );
  });
  route("DELETE", "/faults", () => {
    world.faults.clear();
    return { ok: true };
  });
  route("GET", "/clock", () => clockView(world));
  route("POST", "/clock/freeze", (body) => {
    world.clock.freeze(typeof body.at === "number" ? body.at : undefined);
    return clockView(world);
  });
  route("POST", "/clock/unfreeze", () => {
    world.clock.unfreeze();
    return clockView(world);
  });
  route("POST", "/clock/advance", (body) => {
    const n = (k: string) => (typeof body[k] === "number" ? (body[k] as number) : 0);
    const ms = (n("seconds") + n("minutes") * 60 + n("hours") * 3600 + n("days") * 86400) * 1000 + n("ms");
    if (ms < 0) throw new ControlError("BAD_REQUEST", "the clock only moves forward");
    world.clock.advance(ms);
    world.tick();
    return clockView(world);
  });
  route("POST", "/clock/set", (body) => {
    const at = typeof body.at === "string" ? Date.parse(body.at) : Number(body.at);
    if (!Number.isFinite(at)) throw new ControlError("BAD_REQUEST", "at must be epoch ms or an ISO date");
    world.clock.set(at);
    world.tick();
    return clockView(world);
  });

  // people
  route("POST", "/corps/:corpId/people/:action", (body, params) => {
    const action = PEOPLE_ACTIONS[params.action ?? ""];
    if (!action) throw new ControlError("NOT_FOUND", `unknown action ${params.action}`);
    const result = action(world, corpOf(params), body);
    world.tick();
    return result;
  });

  // inspection
  route("GET", "/corps/:corpId/inspect", (_b, params, query) => inspectCorp(world, corpOf(params), query));
  route("GET", "/corps/:corpId/customers/:externalUserId/messages", (_b, params) => {
    const corp = corpOf(params);
    return {
      received: corp.customerInbox.filter((m) => m.externalUserId === params.externalUserId),
      sent: corp.customerSaid.filter((m) => m.externalUserId === params.externalUserId),
    };
  });
  route("GET", "/corps/:corpId/members/:userid/app-messages", (_b, params) =>
    corpOf(params).appMessages.filter((m) => m.userid === params.userid),
  );
  route("GET", "/corps/:corpId/rules", (_b, params) => corpOf(params).rules);
  route("GET", "/corps/:corpId/archive", (_b, params, query) => {
    const corp = corpOf(params);
    const after = Number(query.seq ?? 0);
    const limit = Math.min(Number(query.limit ?? 1000), 10_000);
    const start = corp.archive.findIndex((m) => m.seq > after);
    return { messages: start < 0 ? [] : corp.archive.slice(start, start + limit) };
  });
  route("GET", "/corps/:corpId/orders", (_b, params, query) => {
    const corp = corpOf(params);
    const list = query.externalUserId
      ? corp.orders.filter((o) => o.externalUserId === query.externalUserId)
      : corp.orders;
    const offset = Number(query.offset ?? 0);
    const limit = Math.min(Number(query.limit ?? 1000), 10_000);
    return { total: list.length, orders: list.slice(offset, offset + limit) };
  });
  route("GET", "/deliveries", (_b, _p, query) =>
    world.callbacks.deliveries.filter(
      (d) =>
        (!query.corpId || d.corpId === query.corpId) &&
        (!query.event || d.event === query.event) &&
        (!query.changeType || d.changeType === query.changeType),
    ),
  );
  route("POST", "/callbacks/flush", async () => {
    await world.callbacks.idle();
    return { ok: true };
  });
  route("GET", "/stats", () => ({ gettokenCalls: Object.fromEntries(world.gettokenCalls) }));

  // snapshot
  app.get("/_emulator/snapshot", (_req, reply) => reply.type("application/json").send(hooks.snapshot()));
  route("POST", "/snapshot", async () => ({ file: (await hooks.saveSnapshot()) ?? null }));
}

function clockView(world: World) {
  const ms = world.clock.now();
  return { now: Math.floor(ms / 1000), iso: new Date(ms).toISOString(), frozen: world.clock.frozen };
}

export function corpSummary(world: World, corp: CorpState) {
  return {
    corpId: corp.corpId,
    name: corp.name,
    settings: corp.settings,
    apps: corp.apps,
    counts: {
      departments: corp.departments.size,
      members: corp.members.size,
      customers: corp.customers.size,
      follows: corp.follows.length,
      tags: corp.tags.size,
      groups: corp.groups.size,
      orders: corp.orders.length,
    },
    gettokenCalls: world.gettokenCalls.get(corp.corpId) ?? 0,
  };
}
