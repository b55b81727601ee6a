// API shapes for sync and reconcile runs.
import { z } from "zod";

export const syncRunView = z.object({
  id: z.string(),
  corpId: z.string(),
  kind: z
    .enum(["full", "reconcile"])
    .describe("full: first/initial sync; reconcile: nightly or manual repair pass."),
  trigger: z.string().describe("manual, nightly, cli, …"),
  status: z.enum(["pending", "running", "done", "failed"]),
  phase: z.string().describe("directory → tags → customers → groups → sweep → done"),
  progress: z
    .record(z.string(), z.number())
    .describe("Counts so far: departments, members, tags, customers, relations, pages, groups."),
  repairs: z
    .record(z.string(), z.number())
    .describe(
      "Differences found between WeCom and Siyu, by kind: customer.added, relation.added, relation.updated, relation.removed, follow_tag.added, follow_tag.removed, tag.renamed, tag.added, tag.deleted, member.removed, group.dismissed.",
    ),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export const syncStartBody = z
  .object({
    kind: z.enum(["full", "reconcile"]).default("full"),
    resume: z.boolean().default(false).describe("Resume the latest failed run from its checkpoint instead."),
  })
  .default({ kind: "full", resume: false });

export const syncStatus = z.object({
  current: syncRunView.nullable().describe("The pending or running run, if any."),
  runs: z.array(syncRunView).describe("The latest runs, newest first."),
});

export const repairItem = z.object({
  kind: z.string(),
  ref: z
    .record(z.string(), z.unknown())
    .describe("What was repaired: ids such as externalUserId, userid, tagId."),
  at: z.string(),
});
