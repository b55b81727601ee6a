// The plan as a call centre takes it: one row per call in dialling order, with the script, the incentive, the
// window, the suggested time and the redial time, and empty 结果代码 / 通话备注 columns to fill in and import back.
// CSV is UTF-8 with a BOM (Excel opens it in Chinese); XLSX has one sheet.
import ExcelJS from "exceljs";
import type { Ctx } from "../../context.ts";
import { corpUtcOffset } from "../send-gate/gate-settings.ts";
import { getCampaignRow } from "./call-campaigns.service.ts";

export const EXPORT_HEADER = [
  "计划ID",
  "手机号",
  "姓名",
  "分组",
  "消费层级",
  "品类",
  "最近下单",
  "常购金额",
  "利益点",
  "话术",
  "外呼日期",
  "时段",
  "建议外呼时间",
  "未接重拨时间",
  "负责员工",
  "结果代码",
  "通话备注",
];

const pad = (n: number) => String(n).padStart(2, "0");
function local(d: Date | null, offset: number): string {
  if (!d) return "";
  const t = new Date(d.getTime() + offset * 60_000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

async function rows(ctx: Ctx, corpId: string, id: string): Promise<string[][]> {
  const c = await getCampaignRow(ctx, corpId, id);
  const offset = await corpUtcOffset(ctx.db, corpId);
  const calls = await ctx.db
    .selectFrom("call_campaign_calls")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("campaign_id", "=", c.id)
    .orderBy("planned_at")
    .orderBy("rank")
    .execute();
  return calls.map((k) => [
    k.id,
    k.phone,
    k.name ?? "",
    k.bucket,
    k.tier,
    k.category,
    local(k.last_order_at, offset),
    (Number(k.usual_amount_cents) / 100).toFixed(2),
    (k.incentive?.name as string | undefined) ?? "",
    k.script.map((s) => s.text).join(" → "),
    k.day,
    k.call_window,
    local(k.planned_at, offset),
    local(k.redial_at, offset),
    k.userid,
    "",
    "",
  ]);
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export async function exportCsv(ctx: Ctx, corpId: string, id: string): Promise<Buffer> {
  const body = [EXPORT_HEADER, ...(await rows(ctx, corpId, id))]
    .map((r) => r.map(csvCell).join(","))
    .join("\r\n");
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${body}\r\n`, "utf8")]);
}

export async function exportXlsx(ctx: Ctx, corpId: string, id: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("外呼计划");
  sheet.addRow(EXPORT_HEADER);
  for (const r of await rows(ctx, corpId, id)) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
