// SMS adapters: `log` writes the message to the log and sms_messages (the default: tests and the console see
// what would have been sent); `http` calls a gateway with a configurable request template. An adapter throws
// SmsSendError saying whether a retry is safe: only when the gateway certainly did not take the message (refused
// before the request was fully written, answered 5xx or 429). Once the request was written, a timeout or a
// dropped connection is ambiguous and is never retried, so a customer never gets a second copy.
import http from "node:http";
import https from "node:https";
import type { SmsConfig, SmsHttpConfig } from "../../config.ts";
import type { Ctx } from "../../context.ts";
import { renderForm, renderJson, type SmsFields, TemplateError } from "./sms.template.ts";

export interface SmsMessage {
  corpId: string;
  outboxId: string;
  phone: string;
  text: string;
  sign: string | null;
  content: string;
}

export class SmsSendError extends Error {
  constructor(
    readonly retry: boolean,
    message: string,
  ) {
    super(message);
  }
}

export interface SmsAdapter {
  name: string;
  send(ctx: Ctx, msg: SmsMessage): Promise<Record<string, unknown>>;
}

export const logAdapter: SmsAdapter = {
  name: "log",
  async send(ctx, msg) {
    ctx.log.info({ corpId: msg.corpId, phone: msg.phone, content: msg.content }, "sms (log adapter)");
    const row = await ctx.db
      .insertInto("sms_messages")
      .values({
        corp_id: msg.corpId,
        outbox_id: msg.outboxId,
        phone: msg.phone,
        text: msg.text,
        sign: msg.sign,
        adapter: "log",
        created_at: new Date(ctx.clock.now()),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { adapter: "log", smsId: row.id };
  },
};

interface Answer {
  status: number;
  body: string;
}

/** One HTTP request; `written` tells whether the whole request had left when it failed. */
function request(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | null,
  timeoutMs: number,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let written = false;
    const lib = url.protocol === "https:" ? https : http;
    const req = lib.request(url, { method, headers });
    const timer = setTimeout(() => {
      req.destroy(
        new SmsSendError(
          !written,
          written
            ? `no answer from the SMS gateway within ${timeoutMs} ms after the request was sent; it may have been delivered, so it is not resent`
            : `the SMS gateway did not take the request within ${timeoutMs} ms; retrying later`,
        ),
      );
    }, timeoutMs);
    req.on("finish", () => {
      written = true;
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", (err) => {
        clearTimeout(timer);
        reject(ambiguous(err));
      });
    });
    req.on("error", (err) => {
      clearTimeout(timer);
      if (err instanceof SmsSendError) return reject(err);
      const code = (err as NodeJS.ErrnoException).code ?? err.message;
      reject(
        written
          ? ambiguous(err)
          : new SmsSendError(true, `could not reach the SMS gateway (${code}); retrying later`),
      );
    });
    if (body !== null) req.write(body);
    req.end();
  });
}

const ambiguous = (err: Error) =>
  new SmsSendError(
    false,
    `the connection to the SMS gateway broke after the request was sent (${(err as NodeJS.ErrnoException).code ?? err.message}); it may have been delivered, so it is not resent`,
  );

function pick(value: unknown, path: string): unknown {
  let v = value;
  for (const part of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const snippet = (body: string) => (body.length > 200 ? `${body.slice(0, 200)}…` : body);

export function httpAdapter(config: SmsHttpConfig): SmsAdapter {
  return {
    name: "http",
    async send(_ctx, msg) {
      const fields: SmsFields = {
        phone: msg.phone,
        text: msg.text,
        sign: msg.sign ?? "",
        content: msg.content,
        id: msg.outboxId,
      };
      let url: URL;
      let body: string | null = null;
      try {
        url = new URL(renderForm(config.url, fields));
        if (config.bodyTemplate !== null && config.method !== "GET")
          body =
            config.encoding === "json"
              ? renderJson(config.bodyTemplate, fields)
              : renderForm(config.bodyTemplate, fields);
      } catch (err) {
        if (err instanceof TemplateError)
          throw new SmsSendError(false, `SMS gateway template: ${err.message}`);
        throw new SmsSendError(false, `SMS gateway URL: ${(err as Error).message}`);
      }
      const headers: Record<string, string> = {
        ...(body !== null
          ? {
              "content-type":
                config.encoding === "json"
                  ? "application/json; charset=utf-8"
                  : "application/x-www-form-urlencoded; charset=utf-8",
              "content-length": String(Buffer.byteLength(body)),
            }
          : {}),
        ...config.headers,
      };
      const answer = await request(url, config.method, headers, body, config.timeoutMs);
      if (answer.status >= 500 || answer.status === 429)
        throw new SmsSendError(true, `the SMS gateway answered ${answer.status}; retrying later`);
      if (answer.status < 200 || answer.status >= 300)
        throw new SmsSendError(
          false,
          `the SMS gateway refused it (${answer.status}): ${snippet(answer.body)}`,
        );
      if (config.successPath !== null) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(answer.body);
        } catch {
          parsed = undefined;
        }
        const got = pick(parsed, config.successPath);
        if (got === undefined || String(got) !== config.successValue)
          throw new SmsSendError(
            false,
            `the SMS gateway answered ${config.successPath}=${got === undefined ? "(missing)" : JSON.stringify(got)}, not ${config.successValue}: ${snippet(answer.body)}`,
          );
      }
      return { adapter: "http", status: answer.status, answer: snippet(answer.body) };
    },
  };
}

/** The adapter the configuration chooses. */
export function smsAdapter(sms: SmsConfig): SmsAdapter {
  if (sms.adapter === "http" && sms.http) return httpAdapter(sms.http);
  return logAdapter;
}
