// API shapes for the group picker: the corp's customer groups (客户群) with keyset paging by name.
import { z } from "zod";
import { idList } from "../directory/directory.schemas.ts";

/** Keyset position: the (name, chat_id) of the last group of the previous page, opaque to callers. */
export interface GroupCursor {
  name: string;
  chatId: string;
}

export function encodeGroupCursor(c: GroupCursor): string {
  return Buffer.from(JSON.stringify([c.name, c.chatId])).toString("base64url");
}

function decodeGroupCursor(s: string): GroupCursor | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string")
      return { name: v[0], chatId: v[1] };
  } catch {
    // not a cursor this API produced
  }
  return undefined;
}

export const groupListQuery = z.object({
  q: z
    .string()
    .trim()
    .max(64, "a search is at most 64 characters")
    .optional()
    .describe("Part of the group's name or its chat_id (case-insensitive)."),
  owner: z.string().max(64).optional().describe("Only groups this member (userid) owns."),
  ids: idList.describe("Exactly these chat_ids (comma-separated), e.g. to label values already chosen."),
  dismissed: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true"))
    .describe("true: only dismissed groups; false: only groups that still exist; absent: both."),
  after: z
    .string()
    .max(1000)
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === "") return undefined;
      const c = decodeGroupCursor(s);
      if (!c) ctx.addIssue({ code: "custom", message: "not a cursor from a previous page (nextAfter)" });
      return c;
    })
    .describe("`nextAfter` of the previous page."),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
export type GroupListQuery = z.output<typeof groupListQuery>;

export const groupView = z.object({
  chatId: z.string(),
  name: z.string().describe("The group's name; empty when WeCom has none (shown as 群聊 in WeChat)."),
  owner: z.string().nullable().describe("The owner's userid."),
  ownerName: z.string().nullable().describe("The owner's name from the directory, when known."),
  memberCount: z.number(),
  status: z
    .enum(["normal", "owner_resigned", "inheriting", "inherited"])
    .describe("groupchat/list status: 0 normal, 1 owner resigned, 2 inheriting, 3 inherited."),
  dismissed: z.boolean(),
  createdAt: z.string().nullable(),
});
export type GroupView = z.infer<typeof groupView>;

export const groupPage = z.object({
  items: z.array(groupView),
  nextAfter: z.string().nullable().describe("Pass as `after` for the next page; null on the last page."),
});
export type GroupPage = z.infer<typeof groupPage>;
