// Maps every error to one response shape: { error: { code, message, details? } }.
import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { ZodError } from "zod";
import { AppError, errorStatus } from "../lib/errors.ts";

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      return reply
        .status(errorStatus[err.code])
        .send({ error: { code: err.code, message: err.message, details: err.details } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({ path: v.instancePath || "/", message: v.message }));
      return reply
        .status(400)
        .send({ error: { code: "VALIDATION_FAILED", message: "the request is invalid", details } });
    }
    if (err instanceof ZodError) {
      const details = err.issues.map((i) => ({ path: `/${i.path.join("/")}`, message: i.message }));
      return reply
        .status(400)
        .send({ error: { code: "VALIDATION_FAILED", message: "the request is invalid", details } });
    }
    if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return reply
        .status(413)
        .send({ error: { code: "PAYLOAD_TOO_LARGE", message: "the request body is too large" } });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply
        .status(err.statusCode)
        .send({ error: { code: "VALIDATION_FAILED", message: err.message } });
    }
    req.log.error({ err }, "unhandled error");
    return reply
      .status(500)
      .send({ error: { code: "INTERNAL", message: "internal error; see the server log" } });
  });
}
