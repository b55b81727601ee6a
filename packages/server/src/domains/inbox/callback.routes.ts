// WeCom callback intake, contract §2: GET answers URL verification; POST verifies, decrypts, stores the raw event in
// the inbox under its event key, and answers 200 only after the write commits. Nothing is stored for a request that
// fails any check.
import {
  CallbackCryptoError,
  CallbackXmlError,
  eventKey,
  eventType,
  openEnvelope,
  parseCallbackEvent,
  parseEnvelope,
  verifyUrl,
} from "@siyu/wecom";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { getCallbackKeys } from "../corps/corps.service.ts";
import type { InboxWriter } from "./inbox.writer.ts";

export const CALLBACK_BODY_LIMIT = 64 * 1024;

// Optional here so that a missing signature is answered like a wrong one (401), not as a malformed request.
const signedQuery = z.object({
  msg_signature: z.string().optional(),
  timestamp: z.string().optional(),
  nonce: z.string().optional(),
});

function signed(q: z.infer<typeof signedQuery>) {
  return q.msg_signature && q.timestamp && q.nonce
    ? { msg_signature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce }
    : undefined;
}

const MISSING = "msg_signature, timestamp and nonce are required";

function reject(reply: FastifyReply, status: 400 | 401, code: string, message: string) {
  return reply.status(status).send({ error: { code, message } });
}

function cryptoFailure(reply: FastifyReply, err: unknown) {
  if (err instanceof CallbackCryptoError) {
    const status = err.code === "DECRYPT_FAILED" || err.code === "BAD_AES_KEY" ? 400 : 401;
    return reject(reply, status, err.code, err.message);
  }
  throw err;
}

export function callbackRoutes(ctx: Ctx, writer: InboxWriter) {
  return async (app: FastifyInstance) => {
    app.addContentTypeParser("*", { parseAs: "string", bodyLimit: CALLBACK_BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
    app.setErrorHandler((err: { code?: string; statusCode?: number }, _req, reply) => {
      if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
        return reject(
          reply,
          400,
          "BODY_TOO_LARGE",
          `a callback body may be at most ${CALLBACK_BODY_LIMIT} bytes`,
        );
      }
      if (err.statusCode === 400) return reject(reply, 400, "BAD_REQUEST", "bad callback request");
      throw err;
    });
    const r = app.withTypeProvider<ZodTypeProvider>();
    const params = z.object({ corpId: z.string().min(1).max(64) });

    r.get(
      "/wecom/callback/:corpId",
      {
        config: { access: "public" },
        schema: {
          tags: ["callback"],
          params,
          querystring: signedQuery.extend({ echostr: z.string().min(1) }),
        },
      },
      async (req, reply) => {
        const keys = await getCallbackKeys(ctx, req.params.corpId);
        if (!keys) return reject(reply, 401, "UNKNOWN_CORP", "no corp is configured with this id");
        const query = signed(req.query);
        if (!query || !req.query.echostr)
          return reject(reply, 401, "MISSING_SIGNATURE", `${MISSING}, with echostr`);
        try {
          const plain = verifyUrl(
            { token: keys.token, encodingAesKey: keys.aesKey, receiveId: keys.corpId },
            { ...query, echostr: req.query.echostr },
          );
          return reply.type("text/plain; charset=utf-8").send(plain);
        } catch (err) {
          return cryptoFailure(reply, err);
        }
      },
    );

    r.post(
      "/wecom/callback/:corpId",
      {
        config: { access: "public" },
        bodyLimit: CALLBACK_BODY_LIMIT,
        schema: { tags: ["callback"], params, querystring: signedQuery },
      },
      async (req, reply) => {
        const keys = await getCallbackKeys(ctx, req.params.corpId);
        if (!keys) return reject(reply, 401, "UNKNOWN_CORP", "no corp is configured with this id");
        const query = signed(req.query);
        if (!query) return reject(reply, 401, "MISSING_SIGNATURE", MISSING);
        const body = typeof req.body === "string" ? req.body : "";
        let inner: string;
        try {
          const envelope = parseEnvelope(body);
          if (envelope.toUserName && envelope.toUserName !== keys.corpId) {
            return reject(reply, 401, "RECEIVEID_MISMATCH", "ToUserName is not this corp");
          }
          inner = openEnvelope(
            { token: keys.token, encodingAesKey: keys.aesKey, receiveId: keys.corpId },
            query,
            envelope.encrypt,
          );
        } catch (err) {
          if (err instanceof CallbackXmlError) return reject(reply, 400, "MALFORMED_XML", err.message);
          return cryptoFailure(reply, err);
        }
        let event: ReturnType<typeof parseCallbackEvent>;
        try {
          event = parseCallbackEvent(inner);
        } catch (err) {
          if (err instanceof CallbackXmlError) return reject(reply, 400, "MALFORMED_XML", err.message);
          throw err;
        }
        await writer.write({
          corpId: keys.corpId,
          eventKey: eventKey(event),
          eventType: eventType(event),
          payload: inner,
          receivedAt: new Date(ctx.clock.now()),
        });
        return reply.status(200).type("text/plain").send("");
      },
    );
  };
}
