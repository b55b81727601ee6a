// SMS API: a corp's SMS settings (adapter, signature, gateway template; secret headers write-only) and the
// messages the log adapter recorded.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import {
  deleteSmsSettings,
  getSmsSettings,
  listSmsMessages,
  putSmsSettings,
  smsSettingsInput,
} from "./sms.settings.ts";

const tags = ["sms"];
const corpParams = z.object({ corpId: z.string().min(1).max(64) });

const settingsView = z.object({
  source: z.enum(["corp", "environment"]),
  adapter: z.enum(["log", "http"]),
  sign: z.string().nullable(),
  http: z
    .object({
      url: z.string(),
      method: z.enum(["POST", "PUT", "GET"]),
      headers: z.record(z.string(), z.string()),
      secretHeaderNames: z.array(z.string()).describe("their values are sealed and never shown"),
      bodyTemplate: z.string().nullable(),
      encoding: z.enum(["json", "form"]),
      successPath: z.string().nullable(),
      successValue: z.string().nullable(),
      timeoutMs: z.number(),
    })
    .nullable(),
});

export function smsRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/sms";
    r.get(
      `${base}/settings`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "The corp's SMS settings (or the environment's), secret header values left out",
          params: corpParams,
          response: { 200: settingsView },
        },
      },
      async (req) => getSmsSettings(ctx, req.params.corpId),
    );
    r.put(
      `${base}/settings`,
      {
        config: { access: "admin" },
        schema: {
          tags,
          summary:
            "Set the corp's SMS adapter, signature and gateway ({{phone}} {{text}} {{sign}} {{content}} {{id}} in the URL and body)",
          params: corpParams,
          body: smsSettingsInput,
          response: { 200: settingsView },
        },
      },
      async (req) => putSmsSettings(ctx, req.params.corpId, req.body),
    );
    r.delete(
      `${base}/settings`,
      {
        config: { access: "admin" },
        schema: {
          tags,
          summary: "Forget the corp's SMS settings: the environment's apply again",
          params: corpParams,
          response: { 200: settingsView },
        },
      },
      async (req) => deleteSmsSettings(ctx, req.params.corpId),
    );
    r.get(
      `${base}/messages`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "SMS the log adapter recorded, newest first",
          params: corpParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.string(),
                  outboxId: z.string().nullable(),
                  phone: z.string(),
                  text: z.string(),
                  sign: z.string().nullable(),
                  adapter: z.string(),
                  createdAt: z.string(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => ({ items: await listSmsMessages(ctx, req.params.corpId, req.query.limit) }),
    );
  };
}
