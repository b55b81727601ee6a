// change_external_tag callbacks: tags and groups created, renamed, reordered or deleted in WeCom's admin console.
// create/update/shuffle read the changed tags back with get_corp_tag_list (one short call: tag edits are rare and
// the inbox retries the event if WeCom fails); delete needs no call. A group delete arrives only for the group,
// so its tags are deleted with it.
import type { Ctx } from "../../context.ts";
import type { HandlerRegistry } from "../inbox/handlers.ts";
import { markGroupsDeleted, markTagsDeleted, mirrorTagGroups } from "./tags.mirror.ts";

async function refetch(
  ctx: Ctx,
  corpId: string,
  query: { tag_id?: string[]; group_id?: string[] },
  at: Date,
) {
  const client = await ctx.wecom.forCorp(ctx, corpId);
  const { tag_group } = await client.corpTags.list(query);
  const complete = !query.tag_id && !query.group_id;
  await mirrorTagGroups(ctx.db, corpId, tag_group, at, { complete });
}

export function registerTagHandlers(registry: HandlerRegistry): void {
  const upsert = async (ctx: Ctx, e: Parameters<Parameters<HandlerRegistry["on"]>[1]>[1], corpId: string) => {
    if (e.type !== "change_external_tag/create" && e.type !== "change_external_tag/update") return;
    if (e.strategyId) return; // rule-group (strategy) tags are not mirrored
    const at = new Date(e.createTime * 1000);
    await refetch(ctx, corpId, e.tagType === "tag_group" ? { group_id: [e.id] } : { tag_id: [e.id] }, at);
  };
  registry
    .on("change_external_tag/create", (ctx, e, m) => upsert(ctx, e, m.corpId))
    .on("change_external_tag/update", (ctx, e, m) => upsert(ctx, e, m.corpId))
    .on("change_external_tag/delete", async (ctx, e, m) => {
      if (e.type !== "change_external_tag/delete" || e.strategyId) return;
      const at = new Date(e.createTime * 1000);
      if (e.tagType === "tag_group") await markGroupsDeleted(ctx.db, m.corpId, [e.id], at);
      else await markTagsDeleted(ctx.db, m.corpId, [e.id], at);
    })
    .on("change_external_tag/shuffle", async (ctx, e, m) => {
      if (e.type !== "change_external_tag/shuffle" || e.strategyId) return;
      const at = new Date(e.createTime * 1000);
      await refetch(ctx, m.corpId, e.id ? { group_id: [e.id] } : {}, at);
    });
}
