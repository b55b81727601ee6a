// A corp's SMS settings: its own adapter, signature and gateway (else the SIYU_SMS_* environment applies).
// Secret headers (API keys) are sealed with the secret box and never shown again, only their names.
import { z } from "zod";
import type { SmsConfig, SmsHttpConfig } from "../../config.ts";
import type { Ctx } from "../../context.ts";
import { requireCorp } from "../corps/corps.service.ts";
import { renderForm, renderJson, TemplateError } from "./sms.template.ts";

const headers = z
  .record(
    z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "a header name (letters, digits, -)"),
    z.string().max(2000),
  )
  .refine((h) => Object.keys(h).length <= 20, "at most 20 headers");

const SAMPLE = { phone: "13800138000", text: '示例 "text"', sign: "签名", content: "【签名】示例", id: "1" };

export const smsHttpInput = z
  .object({
    url: z.string().min(1).max(2000),
    method: z.enum(["POST", "PUT", "GET"]).default("POST"),
    headers: headers.default({}),
    /** Sealed at rest and never shown again; omit to keep the stored ones, {} to remove them. */
    secretHeaders: headers.optional(),
    bodyTemplate: z.string().max(10_000).nullable().default(null),
    encoding: z.enum(["json", "form"]).default("json"),
    successPath: z.string().min(1).max(200).nullable().default(null),
    successValue: z.string().max(200).nullable().default(null),
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  })
  .strict()
  .superRefine((h, issue) => {
    try {
      const url = new URL(renderForm(h.url, SAMPLE));
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError("not http(s)");
    } catch (err) {
      issue.addIssue({
        code: "custom",
        path: ["url"],
        message: err instanceof TemplateError ? err.message : "an http(s) URL",
      });
    }
    if (h.method !== "GET" && !h.bodyTemplate)
      issue.addIssue({
        code: "custom",
        path: ["bodyTemplate"],
        message: `a ${h.method} request needs a body template`,
      });
    if (h.bodyTemplate) {
      try {
        if (h.encoding === "json") renderJson(h.bodyTemplate, SAMPLE);
        else renderForm(h.bodyTemplate, SAMPLE);
      } catch (err) {
        issue.addIssue({ code: "custom", path: ["bodyTemplate"], message: (err as Error).message });
      }
    }
    if ((h.successPath === null) !== (h.successValue === null))
      issue.addIssue({
        code: "custom",
        path: [h.successPath === null ? "successPath" : "successValue"],
        message: "set both the JSON path and the value meaning success, or neither",
      });
  });

export const smsSettingsInput = z
  .object({
    adapter: z.enum(["log", "http"]),
    sign: z.string().trim().min(1).max(20).nullable().default(null),
    http: smsHttpInput.nullable().default(null),
  })
  .strict()
  .superRefine((s, issue) => {
    if (s.adapter === "http" && !s.http)
      issue.addIssue({ code: "custom", path: ["http"], message: "the http adapter needs a gateway" });
  });

export type SmsSettingsInput = z.infer<typeof smsSettingsInput>;

export interface SmsSettingsView {
  /** corp: this corp's own settings; environment: the SIYU_SMS_* defaults. */
  source: "corp" | "environment";
  adapter: "log" | "http";
  sign: string | null;
  http:
    | (Omit<SmsHttpConfig, "headers"> & { headers: Record<string, string>; secretHeaderNames: string[] })
    | null;
}

type StoredHttp = Omit<SmsHttpConfig, never>;

export async function getSmsSettings(ctx: Ctx, corpId: string): Promise<SmsSettingsView> {
  await requireCorp(ctx, corpId);
  const row = await ctx.db
    .selectFrom("sms_settings")
    .selectAll()
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  if (!row) {
    const env = ctx.config.sms;
    return {
      source: "environment",
      adapter: env.adapter,
      sign: env.sign,
      // Headers from the environment may hold keys: only their names are shown.
      http: env.http ? { ...env.http, headers: {}, secretHeaderNames: Object.keys(env.http.headers) } : null,
    };
  }
  const http = row.http as StoredHttp | null;
  return {
    source: "corp",
    adapter: row.adapter,
    sign: row.sign,
    http: http ? { ...http, secretHeaderNames: Object.keys(openSecrets(ctx, row.secret_headers)) } : null,
  };
}

function openSecrets(ctx: Ctx, sealed: string | null): Record<string, string> {
  return sealed ? (JSON.parse(ctx.secrets.open(sealed)) as Record<string, string>) : {};
}

export async function putSmsSettings(
  ctx: Ctx,
  corpId: string,
  input: SmsSettingsInput,
): Promise<SmsSettingsView> {
  await requireCorp(ctx, corpId);
  const existing = await ctx.db
    .selectFrom("sms_settings")
    .select("secret_headers")
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  let sealed: string | null = null;
  let http: StoredHttp | null = null;
  if (input.http) {
    const { secretHeaders, ...rest } = input.http;
    http = rest;
    if (secretHeaders === undefined) sealed = existing?.secret_headers ?? null;
    else if (Object.keys(secretHeaders).length > 0) sealed = ctx.secrets.seal(JSON.stringify(secretHeaders));
  }
  const values = {
    adapter: input.adapter,
    sign: input.sign,
    http: http ? JSON.stringify(http) : null,
    secret_headers: sealed,
    updated_at: new Date(ctx.clock.now()),
  };
  await ctx.db
    .insertInto("sms_settings")
    .values({ corp_id: corpId, ...values })
    .onConflict((oc) => oc.column("corp_id").doUpdateSet(values))
    .execute();
  return getSmsSettings(ctx, corpId);
}

export async function deleteSmsSettings(ctx: Ctx, corpId: string): Promise<SmsSettingsView> {
  await ctx.db.deleteFrom("sms_settings").where("corp_id", "=", corpId).execute();
  return getSmsSettings(ctx, corpId);
}

/** What the SMS channel uses for a corp: its own settings (secret headers opened), else the environment's. */
export async function resolveSmsConfig(ctx: Ctx, corpId: string): Promise<SmsConfig> {
  const row = await ctx.db
    .selectFrom("sms_settings")
    .selectAll()
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  if (!row) return ctx.config.sms;
  const http = row.http as StoredHttp | null;
  return {
    adapter: row.adapter,
    sign: row.sign ?? ctx.config.sms.sign,
    http: http ? { ...http, headers: { ...http.headers, ...openSecrets(ctx, row.secret_headers) } } : null,
  };
}

export async function listSmsMessages(ctx: Ctx, corpId: string, limit: number) {
  const rows = await ctx.db
    .selectFrom("sms_messages")
    .selectAll()
    .where("corp_id", "=", corpId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    outboxId: r.outbox_id,
    phone: r.phone,
    text: r.text,
    sign: r.sign,
    adapter: r.adapter,
    createdAt: r.created_at.toISOString(),
  }));
}
