// Group-code effects of customer-group callbacks, inside the inbox transaction (no WeCom call here): a customer
// joining by QR (JoinScene 3) into a code's group is a join for that code; a join into a group no code lists yet,
// or a new group, may be WeCom's auto-create, so codes with auto-create are marked for a join-way refresh (done by
// the read models) and the join is attributed then; members leaving close their joins. Blacklisted customers
// (anti-harassment) are not counted.
import { blacklisted } from "../group-guard/blacklist.ts";
import type { HandlerRegistry } from "../inbox/handlers.ts";
import * as repo from "./group-codes.repository.ts";

export function registerGroupCodeHandlers(registry: HandlerRegistry): void {
  registry
    .on("change_external_chat/create", async (ctx, e, m) => {
      if (e.type !== "change_external_chat/create") return;
      if (!(await repo.codeOfChat(ctx.db, m.corpId, e.chatId)))
        await repo.markAutoCreateCodes(ctx.db, m.corpId);
    })
    .on("change_external_chat/update", async (ctx, e, m) => {
      if (e.type !== "change_external_chat/update") return;
      const at = new Date(e.createTime * 1000);
      if (e.updateDetail === "del_member") {
        await repo.recordLeaves(ctx.db, m.corpId, e.chatId, e.memChangeList, at);
        return;
      }
      if (e.updateDetail !== "add_member" || e.joinScene !== 3) return;
      const owner = await repo.codeOfChat(ctx.db, m.corpId, e.chatId);
      if (!owner) await repo.markAutoCreateCodes(ctx.db, m.corpId);
      // A customer an anti-harassment rule blacklisted is refused (group-guard), not counted as a join.
      const banned = await blacklisted(ctx.db, m.corpId, e.memChangeList);
      for (const externalUserId of e.memChangeList.filter((id) => !banned.has(id))) {
        await repo.recordJoin(ctx.db, {
          corpId: m.corpId,
          codeId: owner ? String(owner.group_code_id) : null,
          chatId: e.chatId,
          externalUserId,
          at,
          inboxId: m.inboxId,
        });
      }
    });
}
