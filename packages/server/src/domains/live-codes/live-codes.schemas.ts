// API shapes for channel live codes (渠道活码): a WeCom contact way with a unique state, a staff pool with a
// routing strategy, daily caps, online schedules and backups, channel tags and an inline welcome message.
import { z } from "zod";
import { welcomeContent, welcomeView } from "../welcome/welcome.schemas.ts";
import { overlappingRanges, parseHm } from "./routing.ts";

const hm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time is "HH:MM" (00:00–24:00)');

export const scheduleRange = z
  .object({
    weekday: z.number().int().min(1).max(7).describe("1 Monday … 7 Sunday"),
    start: hm,
    end: hm,
  })
  .superRefine((r, ctx) => {
    if (parseHm(r.end) <= parseHm(r.start))
      ctx.addIssue({ code: "custom", path: ["end"], message: "end must be after start" });
  });

export const schedule = z
  .array(scheduleRange)
  .max(70)
  .default([])
  .superRefine((ranges, ctx) => {
    for (const [i, j] of overlappingRanges(ranges)) {
      ctx.addIssue({
        code: "custom",
        path: [j],
        message: `overlaps range ${i} on weekday ${ranges[j]!.weekday}`,
      });
    }
  })
  .describe(
    "Online ranges in the code's local time (utcOffsetMinutes, UTC+8 by default); empty = always online",
  );

export const staffInput = z.object({
  userid: z.string().min(1).max(64),
  weight: z.number().int().min(1).max(100).default(1).describe("Used by the weighted strategy"),
  dailyCap: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .nullable()
    .default(null)
    .describe("Adds per local day through this code; null = the code's dailyCap"),
  schedule,
});
export type StaffInput = z.input<typeof staffInput>;

const state = z
  .string()
  .min(1)
  .max(30, "state is at most 30 characters (WeCom's limit)")
  .regex(/^[A-Za-z0-9_.-]+$/, "state may contain letters, digits, '_', '.' and '-'");

function uniqueStaff(
  v: { staff?: { userid: string }[] | undefined; backupStaff?: { userid: string }[] | undefined },
  ctx: z.RefinementCtx,
) {
  const seen = new Set<string>();
  for (const [key, list] of [
    ["staff", v.staff],
    ["backupStaff", v.backupStaff],
  ] as const) {
    list?.forEach((s, i) => {
      if (seen.has(s.userid))
        ctx.addIssue({ code: "custom", path: [key, i, "userid"], message: `${s.userid} is listed twice` });
      seen.add(s.userid);
    });
  }
}

const codeFields = {
  name: z.string().trim().min(1).max(60),
  staff: z
    .array(staffInput)
    .min(1, "a live code needs at least one staff member")
    .max(100, "a contact way holds at most 100 people"),
  backupStaff: z
    .array(staffInput)
    .max(20)
    .default([])
    .describe("Take customers when every staff member is capped or off schedule"),
  strategy: z
    .enum(["rotation", "least_load", "weighted"])
    .default("rotation")
    .describe("rotation: in turn; least_load: fewest adds today; weighted: adds follow the weights"),
  dailyCap: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .nullable()
    .default(null)
    .describe("Default per-staff daily cap"),
  tagIds: z
    .array(z.string().min(1).max(64))
    .max(20)
    .default([])
    .describe("WeCom corp tag ids applied on add"),
  skipVerify: z.boolean().default(true).describe("Add without the member confirming"),
  storeName: z.string().max(60).nullable().default(null).describe("Fills {store_name} in welcome messages"),
  remark: z.string().max(30).nullable().default(null),
  utcOffsetMinutes: z
    .number()
    .int()
    .min(-720)
    .max(840)
    .default(480)
    .describe("The code's local time for schedules, daily caps and stats days (480 = UTC+8, China)"),
  enabled: z.boolean().default(true),
  welcome: welcomeContent.nullable().default(null).describe("This code's welcome message (null = none)"),
};

export const liveCodeInput = z
  .object({
    ...codeFields,
    state: state
      .optional()
      .describe("The contact way's state (≤30 chars, unique per corp); generated if absent"),
  })
  .superRefine(uniqueStaff);
export type LiveCodeInput = z.input<typeof liveCodeInput>;

export const liveCodePatch = z
  .object({
    name: codeFields.name.optional(),
    staff: codeFields.staff.optional(),
    backupStaff: z.array(staffInput).max(20).optional(),
    strategy: z.enum(["rotation", "least_load", "weighted"]).optional(),
    dailyCap: z.number().int().min(1).max(10_000).nullable().optional(),
    tagIds: z.array(z.string().min(1).max(64)).max(20).optional(),
    skipVerify: z.boolean().optional(),
    storeName: z.string().max(60).nullable().optional(),
    remark: z.string().max(30).nullable().optional(),
    utcOffsetMinutes: z.number().int().min(-720).max(840).optional(),
    enabled: z.boolean().optional(),
    welcome: welcomeContent.nullable().optional(),
  })
  .superRefine(uniqueStaff)
  .describe("Fields to change; staff lists replace the pool and update the WeCom contact way");
export type LiveCodePatch = z.input<typeof liveCodePatch>;

const staffView = z.object({
  userid: z.string(),
  weight: z.number(),
  dailyCap: z.number().nullable(),
  schedule: z.array(z.object({ weekday: z.number(), start: z.string(), end: z.string() })),
  addsToday: z.number(),
});

export const liveCodeView = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  configId: z.string().nullable(),
  qrCode: z.string().nullable().describe("The contact way's QR image URL from WeCom"),
  qrPngUrl: z.string().describe("This API's PNG download of the QR code"),
  strategy: z.enum(["rotation", "least_load", "weighted"]),
  dailyCap: z.number().nullable(),
  staff: z.array(staffView),
  backupStaff: z.array(staffView),
  tagIds: z.array(z.string()),
  skipVerify: z.boolean(),
  storeName: z.string().nullable(),
  remark: z.string().nullable(),
  utcOffsetMinutes: z.number(),
  enabled: z.boolean(),
  welcome: welcomeView.nullable(),
  routing: z.object({
    offeredUsers: z.array(z.string()).describe("The contact way's user list now"),
    syncedAt: z.string().nullable(),
    syncPending: z.boolean(),
    lastSyncError: z.string().nullable(),
  }),
  today: z.object({ adds: z.number(), deletesByCustomer: z.number(), net: z.number() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LiveCodeView = z.infer<typeof liveCodeView>;

export const liveCodeListQuery = z.object({
  q: z
    .string()
    .trim()
    .max(64, "a search is at most 64 characters")
    .optional()
    .describe("Part of the name, state or remark, or a staff member's exact userid."),
  enabled: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true"))
    .describe("Only enabled (true) or disabled (false) codes."),
  after: z.string().regex(/^\d+$/, "after is the nextAfter of the previous page").optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .optional()
    .describe("Page size; without it every code is returned (no nextAfter)."),
});
export type LiveCodeListQuery = Partial<z.output<typeof liveCodeListQuery>>;

export const liveCodePage = z.object({
  items: z.array(liveCodeView),
  nextAfter: z.string().nullable().describe("Pass as `after` for the next page; null on the last page."),
});

export const statsQuery = z.object({
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .describe("First local day (default: 29 days ago)"),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .describe("Last local day (default: today)"),
});

export const statsView = z.object({
  liveCodeId: z.string(),
  from: z.string(),
  to: z.string(),
  days: z.array(
    z.object({ day: z.string(), adds: z.number(), deletesByCustomer: z.number(), net: z.number() }),
  ),
  total: z.object({ adds: z.number(), deletesByCustomer: z.number(), net: z.number() }),
  byStaff: z.array(z.object({ userid: z.string(), adds: z.number(), deletesByCustomer: z.number() })),
});
export type StatsView = z.infer<typeof statsView>;
