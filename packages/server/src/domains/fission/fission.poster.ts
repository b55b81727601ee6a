// A participant's poster and landing page. The poster is an SVG drawn here: the campaign's background image (an
// image material, embedded), title and subtitle, "<name> 邀请你", and a QR of the participant's landing page. Siyu
// has no raster image library, so the poster is SVG (browsers and WeChat's web view show it; saving it as a
// photo needs a screenshot). The landing page (/f/:token) is what the QR opens: it counts the scan — WeCom reports
// adds, never scans — and shows the participant's own WeCom contact QR (long-press to add). The contact way is
// created with the participant's state when first needed.
import QRCode from "qrcode";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { wecomFailure } from "../live-codes/live-codes.service.ts";

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export async function participantByToken(ctx: Ctx, token: string) {
  const row = await ctx.db
    .selectFrom("fission_participants as p")
    .innerJoin("fission_campaigns as f", "f.id", "p.campaign_id")
    .leftJoin("customers as c", (j) =>
      j.onRef("c.corp_id", "=", "p.corp_id").onRef("c.external_userid", "=", "p.external_userid"),
    )
    .select([
      "p.id",
      "p.corp_id",
      "p.state",
      "p.config_id",
      "p.qr_code",
      "p.token",
      "f.name as campaign_name",
      "f.staff",
      "f.poster",
      "f.status",
      "c.name",
    ])
    .where("p.token", "=", token)
    .executeTakeFirst();
  if (!row) throw new AppError("FISSION_PARTICIPANT_NOT_FOUND", "this poster link is unknown");
  return row;
}

type Participant = Awaited<ReturnType<typeof participantByToken>>;

/** The participant's contact way (created on first use); returns its QR URL. */
export async function ensureWay(ctx: Ctx, p: Participant): Promise<string> {
  if (p.qr_code) return p.qr_code;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("fission_participants")
      .select(["config_id", "qr_code"])
      .where("id", "=", p.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.qr_code) return row.qr_code;
    const client = await ctx.wecom.forCorp(ctx, p.corp_id);
    let way: { config_id: string; qr_code?: string };
    try {
      way = await client.contactWay.add({
        type: p.staff.length === 1 ? 1 : 2,
        scene: 2,
        state: p.state,
        user: p.staff,
        skip_verify: true,
        remark: `任务宝 ${p.campaign_name}`.slice(0, 30),
      });
    } catch (err) {
      wecomFailure(err);
    }
    const qr = way.qr_code ?? "";
    await trx
      .updateTable("fission_participants")
      .set({ config_id: way.config_id, qr_code: qr })
      .where("id", "=", p.id)
      .execute();
    return qr;
  });
}

/** Counts one open of the landing page (the funnel's scans). */
export async function countScan(ctx: Ctx, id: string): Promise<void> {
  await ctx.db
    .updateTable("fission_participants")
    .set((eb) => ({ poster_views: eb("poster_views", "+", 1) }))
    .where("id", "=", id)
    .execute();
}

const W = 750;
const H = 1200;

export async function posterSvg(ctx: Ctx, p: Participant, landingUrl: string): Promise<string> {
  let background = `<rect width="${W}" height="${H}" fill="url(#bg)"/>`;
  if (p.poster.materialId) {
    const m = await ctx.db
      .selectFrom("materials")
      .select(["content_type", "data"])
      .where("corp_id", "=", p.corp_id)
      .where("id", "=", p.poster.materialId)
      .executeTakeFirst();
    if (m)
      background += `<image href="data:${esc(m.content_type)};base64,${m.data.toString("base64")}" width="${W}" height="${H}" preserveAspectRatio="xMidYMid slice"/>`;
  }
  const qr = await QRCode.toDataURL(landingUrl, { errorCorrectionLevel: "M", width: 320, margin: 1 });
  const who = p.name ? `${p.name} 邀请你` : "好友邀请你";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#ff7a45"/><stop offset="1" stop-color="#fa541c"/></linearGradient></defs>
${background}
<text x="${W / 2}" y="170" text-anchor="middle" font-size="64" font-weight="700" fill="#fff" font-family="PingFang SC, Microsoft YaHei, sans-serif">${esc(p.poster.title)}</text>
<text x="${W / 2}" y="240" text-anchor="middle" font-size="30" fill="#fff" font-family="PingFang SC, Microsoft YaHei, sans-serif">${esc(p.poster.subtitle)}</text>
<rect x="155" y="640" width="440" height="500" rx="24" fill="#fff"/>
<text x="${W / 2}" y="700" text-anchor="middle" font-size="32" fill="#1f2329" font-family="PingFang SC, Microsoft YaHei, sans-serif">${esc(who)}</text>
<image href="${qr}" x="215" y="730" width="320" height="320"/>
<text x="${W / 2}" y="1100" text-anchor="middle" font-size="24" fill="#8f959e" font-family="PingFang SC, Microsoft YaHei, sans-serif">长按识别二维码，添加顾问助力</text>
</svg>`;
}

const page = (title: string, body: string) => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">
<title>${esc(title)}</title>
<style>
  body { margin: 0; font-family: -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; background: #f5f6f8; color: #1f2329; }
  main { max-width: 480px; margin: 0 auto; padding: 20px 16px 40px; text-align: center; }
  img { width: 100%; border-radius: 12px; }
  .qr { max-width: 260px; border: 1px solid #eee; background: #fff; }
  .muted { color: #8f959e; font-size: 14px; }
</style>
</head>
<body><main>${body}</main></body>
</html>`;

/** The page the poster's QR opens: the participant's WeCom contact QR. */
export function landingHtml(p: Participant, token: string): string {
  const who = p.name ? `${p.name} 邀请您添加顾问` : "好友邀请您添加顾问";
  return page(
    p.campaign_name,
    `<h1>${esc(p.poster.title)}</h1><p>${esc(who)}</p>
<img class="qr" src="/api/public/fission/${esc(token)}/qr.png" alt="添加顾问二维码">
<p class="muted">长按识别二维码添加顾问，为好友助力</p>`,
  );
}

/** The participant's own poster page, to save and share. */
export function posterHtml(p: Participant, token: string): string {
  return page(
    p.campaign_name,
    `<img src="/api/public/fission/${esc(token)}/poster.svg" alt="${esc(p.poster.title)}">
<p class="muted">截图或长按保存海报，分享给好友；好友扫码添加顾问即为您助力</p>`,
  );
}
