// Tags API: corp tag groups and tags mirrored to WeCom (list, create, rename/reorder, delete) and bulk tag jobs.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import { scopeOf } from "../customers/customers.scope.ts";
import { createTagJob, getTagJob, runTagJob } from "./tags.jobs.ts";
import {
  tagCreateBody,
  tagGroupView,
  tagIdParams,
  tagJobBody,
  tagJobView,
  tagPatchBody,
} from "./tags.schemas.ts";
import { createTags, deleteTag, editTag, listTagGroups } from "./tags.service.ts";

const corpParams = z.object({ corpId: z.string().min(1) });

export function tagsRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      "/api/corps/:corpId/tags",
      {
        config: { access: "user" },
        schema: {
          tags: ["tags"],
          summary: "Corp tag groups and their tags, as last mirrored from WeCom, with customer counts",
          params: corpParams,
          response: { 200: z.object({ groups: z.array(tagGroupView) }) },
        },
      },
      async (req) => ({ groups: await listTagGroups(ctx, req.params.corpId) }),
    );
    r.post(
      "/api/corps/:corpId/tags",
      {
        config: { access: "operator" },
        schema: {
          tags: ["tags"],
          summary: "Create tags (and their group) in WeCom (add_corp_tag), then in Siyu",
          params: corpParams,
          body: tagCreateBody,
          response: { 200: tagGroupView },
        },
      },
      async (req) => createTags(ctx, req.params.corpId, req.body),
    );
    r.patch(
      "/api/corps/:corpId/tags/:id",
      {
        config: { access: "operator" },
        schema: {
          tags: ["tags"],
          summary: "Rename or reorder a tag or a group in WeCom (edit_corp_tag; only tags this app created)",
          params: tagIdParams,
          body: tagPatchBody,
          response: { 200: z.object({ groups: z.array(tagGroupView) }) },
        },
      },
      async (req) => ({ groups: await editTag(ctx, req.params.corpId, req.params.id, req.body) }),
    );
    r.delete(
      "/api/corps/:corpId/tags/:id",
      {
        config: { access: "operator" },
        schema: {
          tags: ["tags"],
          summary: "Delete a tag or a whole group in WeCom (del_corp_tag); customers lose it too",
          params: tagIdParams,
          response: { 200: z.object({ ok: z.literal(true) }) },
        },
      },
      async (req) => {
        await deleteTag(ctx, req.params.corpId, req.params.id);
        return { ok: true as const };
      },
    );
    r.post(
      "/api/corps/:corpId/tag-jobs",
      {
        config: { access: "user" },
        schema: {
          tags: ["tags"],
          summary: "Bulk tag/untag a selection or every customer of a filter (mark_tag per follow relation)",
          description:
            "Runs in the background; poll GET …/tag-jobs/:id. A `staff` user tags only their own relations.",
          params: corpParams,
          body: tagJobBody,
          response: { 202: tagJobView },
        },
      },
      async (req, reply) => {
        const principal = principalOf(req);
        const scope = await scopeOf(ctx, principal, req.params.corpId);
        const id = await createTagJob(ctx, req.params.corpId, req.body, scope, principal.userId);
        void runTagJob(ctx, id);
        return reply.code(202).send(await getTagJob(ctx, req.params.corpId, id));
      },
    );
    r.get(
      "/api/corps/:corpId/tag-jobs/:id",
      {
        config: { access: "user" },
        schema: {
          tags: ["tags"],
          summary: "Progress of a bulk tag job",
          params: corpParams.extend({ id: z.string().regex(/^\d+$/) }),
          response: { 200: tagJobView },
        },
      },
      async (req) => getTagJob(ctx, req.params.corpId, req.params.id),
    );
    r.post(
      "/api/corps/:corpId/tag-jobs/:id/resume",
      {
        config: { access: "user" },
        schema: {
          tags: ["tags"],
          summary: "Resume a stopped bulk tag job with the items still pending",
          params: corpParams.extend({ id: z.string().regex(/^\d+$/) }),
          response: { 202: tagJobView },
        },
      },
      async (req, reply) => {
        await getTagJob(ctx, req.params.corpId, req.params.id);
        void runTagJob(ctx, req.params.id);
        return reply.code(202).send(await getTagJob(ctx, req.params.corpId, req.params.id));
      },
    );
  };
}
