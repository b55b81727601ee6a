// Journey rules API shapes: what ends or branches a customer's line (ordered, replied, tagged, stage reached),
// a per-line cap on messages, and where enrolments come from (live codes, a saved segment once or continuously).
// References (tags, stages, lines, codes, segments, pools) are checked against the corp in journey-rules.check.ts.
import { z } from "zod";

const idString = z.string().regex(/^\d+$/, "an id (digits)");

/** exit: the line ends; move: it ends and the customer starts another line; task: it ends and staff take over. */
export const ruleAction = z.enum(["exit", "move", "task"]);

export const journeyRule = z
  .object({
    when: z.enum(["ordered", "replied", "tagged", "stage"]),
    /** For "tagged": the WeCom tag id added to the customer after enrolment. */
    tagId: z.string().min(1).optional(),
    /** For "stage": the stage (stages.id) the customer entered after enrolment. */
    stageId: idString.optional(),
    action: ruleAction,
    /** For "move": the line to start. */
    journeyId: idString.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const need = (ok: boolean, path: string, message: string) => {
      if (!ok) ctx.addIssue({ code: "custom", path: [path], message });
    };
    need(r.when !== "tagged" || !!r.tagId, "tagId", "a tagged rule needs the tag (tagId)");
    need(r.when === "tagged" || !r.tagId, "tagId", "tagId belongs to a tagged rule only");
    need(r.when !== "stage" || !!r.stageId, "stageId", "a stage rule needs the stage (stageId)");
    need(r.when === "stage" || !r.stageId, "stageId", "stageId belongs to a stage rule only");
    need(
      r.action !== "move" || !!r.journeyId,
      "journeyId",
      "moving to another line needs that line (journeyId)",
    );
    need(r.action === "move" || !r.journeyId, "journeyId", "journeyId belongs to a move only");
  });
export type JourneyRule = z.infer<typeof journeyRule>;

export const lineCap = z
  .object({
    messages: z.number().int().min(1).max(100),
    days: z.number().int().min(1).max(90),
  })
  .strict();
export type LineCap = z.infer<typeof lineCap>;

export const segmentSource = z.object({ segmentId: idString, mode: z.enum(["once", "continuous"]) }).strict();

/** Rules, cap and sources: part of a new line, or replaced on an existing one. */
export const journeySettings = z
  .object({
    exitOnOrder: z.boolean().default(true),
    rules: z
      .array(journeyRule)
      .max(20)
      .default([])
      .superRefine((rules, ctx) => {
        const seen = new Set<string>();
        rules.forEach((r, i) => {
          const key = `${r.when}:${r.tagId ?? r.stageId ?? ""}`;
          if (seen.has(key))
            ctx.addIssue({ code: "custom", path: [i], message: "the same condition is already a rule" });
          seen.add(key);
        });
      }),
    cap: lineCap.nullable().default(null),
    liveCodeIds: z.array(idString).max(50).default([]),
    segment: segmentSource.nullable().default(null),
  })
  .strict();
export type JourneySettings = z.infer<typeof journeySettings>;
