// API shapes for group live codes (群活码): a WeCom join way (scene 2, QR) over 1–5 customer groups with a
// unique state, optional auto-create of a new group when all are full, and per-day join/leave/new-group stats.
import { z } from "zod";

const state = z
  .string()
  .min(1)
  .max(30, "state is at most 30 characters (WeCom's limit)")
  .regex(/^[A-Za-z0-9_.-]+$/, "state may contain letters, digits, '_', '.' and '-'");

const chatIds = z
  .array(z.string().min(1).max(128))
  .min(1, "a group code needs at least one group")
  .max(5, "at most 5 groups per code (WeCom's limit)")
  .superRefine((ids, ctx) => {
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: "custom", path: [i], message: "group listed twice" });
    });
  })
  .describe("Customer group chat ids, filled in order");

const fields = {
  name: z.string().trim().min(1, "a name is required").max(60),
  remark: z.string().max(30, "remark is at most 30 characters").nullable().optional(),
  chatIds,
  autoCreateRoom: z.boolean().describe("Open a new group when every group is full"),
  roomBaseName: z.string().max(40, "room base name is at most 40 characters").nullable().optional(),
  roomBaseId: z.number().int().min(1).max(1_000_000).nullable().optional(),
};

export const groupCodeInput = z.object({
  ...fields,
  autoCreateRoom: fields.autoCreateRoom.default(true),
  state: state.optional().describe("Unique per corp; generated when absent"),
});
export type GroupCodeInput = z.input<typeof groupCodeInput>;

export const groupCodePatch = z.object({
  name: fields.name.optional(),
  remark: fields.remark,
  chatIds: chatIds.optional(),
  autoCreateRoom: fields.autoCreateRoom.optional(),
  roomBaseName: fields.roomBaseName,
  roomBaseId: fields.roomBaseId,
});
export type GroupCodePatch = z.input<typeof groupCodePatch>;

export const groupCodeChatView = z.object({
  chatId: z.string(),
  origin: z.enum(["configured", "auto"]),
  addedAt: z.string(),
});

export const groupCodeView = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  configId: z.string().nullable(),
  qrCode: z.string().nullable().describe("WeCom's QR image URL for the join way"),
  remark: z.string().nullable(),
  autoCreateRoom: z.boolean(),
  roomBaseName: z.string().nullable(),
  roomBaseId: z.number().nullable(),
  chats: z.array(groupCodeChatView),
  joinsTotal: z.number(),
  createdAt: z.string(),
});
export type GroupCodeView = z.infer<typeof groupCodeView>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a day is YYYY-MM-DD");
export const groupStatsQuery = z.object({ from: day.optional(), to: day.optional() });

export const groupStatsView = z.object({
  days: z.array(
    z.object({ day: z.string(), joins: z.number(), leaves: z.number(), groupsCreated: z.number() }),
  ),
  totals: z.object({ joins: z.number(), leaves: z.number(), groupsCreated: z.number() }),
  today: z.string().describe("Today in the code's time zone (YYYY-MM-DD), for choosing a range"),
});
export type GroupStatsView = z.infer<typeof groupStatsView>;
