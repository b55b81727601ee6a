// The browser side of member identity (addendum §2.1, §2.4): in-client OAuth2 (`/connect/oauth2/authorize`)
// and console web login (`/wwlogin/sso/login`). The member is the corp's acting member (control API),
// `emulator_userid` in the query, or picked from a small HTML list; a code is minted and the browser is
// redirected to `redirect_uri?code=&state=`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { World } from "../world/world.ts";

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function registerOAuth(app: FastifyInstance, world: World): void {
  const handler =
    (scopeOf: (q: Record<string, string>) => string) => (req: FastifyRequest, reply: FastifyReply) => {
      const q = req.query as Record<string, string>;
      const corp = world.corps.get(q.appid ?? "");
      if (!corp)
        return reply.code(400).type("text/html; charset=utf-8").send("<p>appid (CorpID) 参数错误</p>");
      const agentId = Number(q.agentid ?? corp.apps[0]?.agentId ?? 0);
      if (!corp.apps.some((a) => a.agentId === agentId))
        return reply.code(400).type("text/html; charset=utf-8").send("<p>agentid 参数错误</p>");
      let target: URL;
      try {
        target = new URL(q.redirect_uri ?? "");
      } catch {
        return reply.code(400).type("text/html; charset=utf-8").send("<p>redirect_uri需使用应用可信域名</p>");
      }
      const userid = q.emulator_userid ?? world.identity.actingMember(corp);
      const member = userid ? corp.members.get(userid) : undefined;
      if (member?.status !== 1) {
        const self = new URL(req.url, "http://emulator");
        const links = [...corp.members.values()]
          .filter((m) => m.status === 1)
          .map((m) => {
            self.searchParams.set("emulator_userid", m.userid);
            return `<li><a href="${escapeHtml(self.pathname + self.search)}">${escapeHtml(m.name)} (${escapeHtml(m.userid)})</a></li>`;
          })
          .join("");
        return reply
          .type("text/html; charset=utf-8")
          .send(
            `<!doctype html><meta charset="utf-8"><title>WeCom emulator login</title><h1>${escapeHtml(corp.name)}: 选择登录成员</h1><ul>${links}</ul>`,
          );
      }
      const code = world.identity.mintCode(corp, agentId, member.userid, scopeOf(q));
      target.searchParams.set("code", code);
      if (q.state !== undefined) target.searchParams.set("state", q.state);
      return reply.redirect(target.toString(), 302);
    };
  app.get(
    "/connect/oauth2/authorize",
    handler((q) => q.scope ?? "snsapi_base"),
  );
  app.get(
    "/wwlogin/sso/login",
    handler(() => "snsapi_base"),
  );
}
