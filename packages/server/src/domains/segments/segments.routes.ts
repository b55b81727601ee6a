// Segments API: POST /api/segments/preview, and saved segments under /api/corps/:corpId/segments (CRUD, preview,
// count history, member pages).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import { scopeOf } from "../customers/customers.scope.ts";
import { corpParams, idParams } from "../welcome/welcome.schemas.ts";
import { pickerOptions } from "./segments.catalog.ts";
import {
  countPoint,
  historyQuery,
  langQuery,
  membersPage,
  membersQuery,
  pickerView,
  previewBody,
  previewView,
  segmentInput,
  segmentView,
} from "./segments.schemas.ts";
import * as service from "./segments.service.ts";

const tags = ["segments"];
const errorsDoc =
  "A bad segment is `SEGMENT_INVALID` with `details`: `{path, kind, message, from?, to?, expected?, found?, candidates?}` — `path` `/text` with the character range for the text form, else the JSON Pointer of the offending part of `expr`.";

export function segmentsRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      "/api/segments/preview",
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Count a segment and show a sample of up to 20 customers",
          description: `Send \`expr\` (the JSON AST) or \`text\` (the text form). Returns the normalised text and AST. A staff user's sample holds only their own customers. ${errorsDoc}`,
          body: previewBody,
          response: { 200: previewView },
        },
      },
      async (req) => service.preview(ctx, req.body, await scopeOf(ctx, principalOf(req), req.body.corpId)),
    );
    const base = "/api/corps/:corpId/segments";
    r.get(
      `${base}/catalog`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Names the segment language resolves and the editor's pickers offer",
          description:
            "tags (detail: group), stages (id: key), channels (id: state; live codes and store contact ways), staff (id: userid), stores (detail: city), plus known cities, order categories and activities.",
          params: corpParams,
          response: { 200: pickerView },
        },
      },
      async (req) => pickerOptions(ctx.db, req.params.corpId),
    );
    r.get(
      base,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Saved segments with their last count",
          params: corpParams,
          querystring: langQuery,
          response: { 200: z.object({ items: z.array(segmentView) }) },
        },
      },
      async (req) => ({ items: await service.listSegments(ctx, req.params.corpId, req.query.lang) }),
    );
    r.post(
      base,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Save a segment (name, description, expr or text); it is counted at once",
          description: errorsDoc,
          params: corpParams,
          querystring: langQuery,
          body: segmentInput,
          response: { 200: segmentView },
        },
      },
      async (req) =>
        service.createSegment(
          ctx,
          req.params.corpId,
          req.body,
          principalOf(req).userId ?? null,
          req.query.lang,
        ),
    );
    r.get(
      `${base}/:id`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "One saved segment",
          params: idParams,
          querystring: langQuery,
          response: { 200: segmentView },
        },
      },
      async (req) => service.getSegment(ctx, req.params.corpId, req.params.id, req.query.lang),
    );
    r.patch(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Change a saved segment; it is counted at once",
          description: errorsDoc,
          params: idParams,
          querystring: langQuery,
          body: segmentInput,
          response: { 200: segmentView },
        },
      },
      async (req) => service.updateSegment(ctx, req.params.corpId, req.params.id, req.body, req.query.lang),
    );
    r.delete(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Delete a saved segment and its count history",
          params: idParams,
          response: { 200: z.object({ deleted: z.literal(true) }) },
        },
      },
      async (req) => {
        await service.deleteSegment(ctx, req.params.corpId, req.params.id);
        return { deleted: true as const };
      },
    );
    r.post(
      `${base}/:id/preview`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Count a saved segment (recorded in its history) and show a sample",
          params: idParams,
          querystring: langQuery,
          response: { 200: previewView },
        },
      },
      async (req) =>
        service.previewSaved(
          ctx,
          req.params.corpId,
          req.params.id,
          await scopeOf(ctx, principalOf(req), req.params.corpId),
          req.query.lang,
        ),
    );
    r.get(
      `${base}/:id/counts`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "A saved segment's count history, oldest first (on save, on preview, and periodically)",
          params: idParams,
          querystring: historyQuery,
          response: { 200: z.object({ items: z.array(countPoint) }) },
        },
      },
      async (req) => ({
        items: await service.segmentHistory(ctx, req.params.corpId, req.params.id, req.query.limit),
      }),
    );
    r.get(
      `${base}/:id/members`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary:
            "A page of a saved segment's members by ascending customer id (keyset: pass nextAfter as after)",
          description: "A staff user sees only their own customers.",
          params: idParams,
          querystring: membersQuery,
          response: { 200: membersPage },
        },
      },
      async (req) =>
        service.segmentMembers(
          ctx,
          req.params.corpId,
          req.params.id,
          await scopeOf(ctx, principalOf(req), req.params.corpId),
          req.query,
        ),
    );
  };
}
