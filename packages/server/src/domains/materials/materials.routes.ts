// Materials API: /api/corps/:corpId/materials — upload (the file is the request body; its content type decides
// image, video or file), list, download, delete.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import * as service from "./materials.service.ts";

const tags = ["materials"];
const corpParams = z.object({ corpId: z.string().min(1).max(64) });
const idParams = corpParams.extend({ id: z.string().regex(/^\d+$/, "an id is a number") });
const kind = z.enum(["image", "video", "file"]);
const materialView = z.object({
  id: z.string(),
  kind,
  name: z.string(),
  contentType: z.string(),
  size: z.number(),
  createdAt: z.string(),
});
const UPLOAD_LIMIT = 20 * 1024 * 1024 + 1;

export function materialsRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    // Uploads carry the file itself as the body (scoped to this plugin).
    app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: UPLOAD_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/materials";
    r.post(
      base,
      {
        config: { access: "user" },
        bodyLimit: UPLOAD_LIMIT,
        schema: {
          tags,
          summary: "Upload a material (JPG/PNG image ≤ 10 MB, MP4 video ≤ 10 MB, other file ≤ 20 MB)",
          description:
            "Send the file as the request body with its Content-Type; `name` is what recipients see. The same file uploaded twice is kept once.",
          params: corpParams,
          querystring: z.object({ name: z.string().trim().min(1, "a material needs a name").max(128) }),
          response: { 200: materialView.extend({ existing: z.boolean() }) },
        },
      },
      async (req) =>
        service.createMaterial(ctx, req.params.corpId, {
          name: req.query.name,
          contentType: req.headers["content-type"] ?? "application/octet-stream",
          data: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          createdBy: req.principal?.userId ?? null,
        }),
    );
    r.get(
      base,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "List materials, newest first",
          params: corpParams,
          querystring: z.object({
            kind: kind.optional(),
            q: z.string().max(64).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.object({ items: z.array(materialView) }) },
        },
      },
      async (req) => ({ items: await service.listMaterials(ctx, req.params.corpId, req.query) }),
    );
    r.get(
      `${base}/:id/content`,
      { config: { access: "user" }, schema: { tags, summary: "The material's file", params: idParams } },
      async (req, reply) => {
        const m = await service.materialContent(ctx, req.params.corpId, req.params.id);
        // Only images and videos are shown inline; anything else downloads, so an uploaded page never runs here.
        const inline = service.kindOf(m.content_type) !== "file";
        return reply
          .header("content-type", inline ? m.content_type : "application/octet-stream")
          .header(
            "content-disposition",
            `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(m.name)}`,
          )
          .header("x-content-type-options", "nosniff")
          .send(m.data);
      },
    );
    r.delete(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Delete a material",
          params: idParams,
          response: { 200: z.object({ deleted: z.literal(true) }) },
        },
      },
      async (req) => {
        await service.deleteMaterial(ctx, req.params.corpId, req.params.id);
        return { deleted: true as const };
      },
    );
  };
}
