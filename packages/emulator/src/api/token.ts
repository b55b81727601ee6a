// GET /cgi-bin/gettoken (contract §1): corpid + corpsecret → access_token, same token while valid unless the
// corp asks for a fresh one each time. Counts every call per corp for the inspection view.
import { ApiError } from "../errors.ts";
import type { World } from "../world/world.ts";

export function gettoken(world: World, query: Record<string, string>): Record<string, unknown> {
  const corpId = query.corpid;
  const secret = query.corpsecret;
  if (!corpId) throw new ApiError(41002);
  if (!secret) throw new ApiError(41004);
  const corp = world.corps.get(corpId);
  if (!corp) throw new ApiError(40013);
  const app = corp.apps.find((a) => a.secret === secret);
  if (!app) throw new ApiError(40001);
  const { token, expiresIn } = world.issueToken(corp, app);
  return { access_token: token, expires_in: expiresIn };
}
