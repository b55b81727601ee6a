// Result imports as the console shows them: counts and the rows reported (errors and skipped).
import type { Ctx } from "../../context.ts";
import { getCampaignRow } from "./call-campaigns.service.ts";

export async function listImports(ctx: Ctx, corpId: string, campaignId: string) {
  const c = await getCampaignRow(ctx, corpId, campaignId);
  const imports = await ctx.db
    .selectFrom("call_result_imports")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("campaign_id", "=", c.id)
    .orderBy("id", "desc")
    .limit(50)
    .execute();
  const ids = imports.map((i) => i.id);
  const issues =
    ids.length === 0
      ? []
      : await ctx.db
          .selectFrom("call_result_import_issues")
          .selectAll()
          .where("corp_id", "=", corpId)
          .where("import_id", "in", ids)
          .orderBy("row_number")
          .execute();
  return imports.map((i) => ({
    id: i.id,
    status: i.status,
    fileName: i.file_name,
    format: i.format,
    encoding: i.encoding,
    rowsTotal: i.rows_total,
    applied: i.applied,
    unchanged: i.unchanged,
    skipped: i.skipped,
    errors: i.errors,
    smsPlanned: i.sms_planned,
    createdAt: i.created_at.toISOString(),
    issues: issues
      .filter((x) => x.import_id === i.id)
      .slice(0, 200)
      .map((x) => ({
        row: x.row_number,
        severity: x.severity,
        code: x.code,
        message: x.message,
        value: x.value,
      })),
  }));
}
