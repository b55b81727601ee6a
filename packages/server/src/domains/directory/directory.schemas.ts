// API shapes for the member picker: the corp's directory members (staff) as the last sync saw them.
import { z } from "zod";

/** A comma-separated list (or repeated parameter) of ids. */
export const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : v.split(",")).filter(Boolean)))
  .pipe(z.array(z.string().max(128)).max(100, "at most 100 ids"));

export const memberListQuery = z.object({
  q: z
    .string()
    .trim()
    .max(64, "a search is at most 64 characters")
    .optional()
    .describe("Part of the member's userid or name (case-insensitive)."),
  ids: idList.describe("Exactly these userids (comma-separated), e.g. to label values already chosen."),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type MemberListQuery = z.output<typeof memberListQuery>;

export const memberStatus = z
  .enum(["active", "disabled", "not_activated", "left"])
  .describe("WeCom's member status: 1 active, 2 disabled, 4 not activated, 5 left.");

export const memberView = z.object({
  userid: z.string(),
  name: z.string(),
  departments: z
    .array(z.object({ id: z.number(), name: z.string().nullable() }))
    .describe("The member's departments, main first; a name is null until the directory knows it."),
  position: z.string().nullable(),
  status: memberStatus,
  customerContact: z.boolean().describe("May have customers (in get_follow_user_list)."),
});
export type MemberView = z.infer<typeof memberView>;

export const memberList = z.object({ items: z.array(memberView) });
