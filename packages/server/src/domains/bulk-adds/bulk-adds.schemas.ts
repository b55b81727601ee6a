// API shapes for bulk adds.
import { z } from "zod";

export const corpParams = z.object({ corpId: z.string().min(1).max(64) });
export const idParams = corpParams.extend({ id: z.string().regex(/^\d+$/, "an id is a number") });

export const importQuery = z.object({
  name: z.string().trim().min(1, "give the list a name").max(100, "at most 100 characters").optional(),
  fileName: z.string().max(255).optional(),
});

const badRow = z.object({ row: z.number(), field: z.string(), message: z.string() });

export const listView = z.object({
  id: z.string(),
  name: z.string(),
  fileName: z.string().nullable(),
  rows: z.number(),
  added: z.number(),
  duplicates: z.number(),
  alreadyFriends: z.number(),
  alreadyListed: z.number(),
  badRows: z.array(badRow),
  createdAt: z.string(),
  leads: z.object({ waiting: z.number(), assigned: z.number(), accepted: z.number(), gaveUp: z.number() }),
});

export const taskStatus = z.enum(["assigned", "sent", "accepted", "expired"]);

export const tasksQuery = z.object({
  day: z.iso.date({ error: "a day as YYYY-MM-DD" }).optional(),
  userid: z.string().min(1).max(64).optional(),
  status: taskStatus.optional(),
  listId: z.string().regex(/^\d+$/, "a list id is a number").optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export const taskView = z.object({
  id: z.string(),
  userid: z.string(),
  day: z.string(),
  dueAt: z.string(),
  status: taskStatus,
  phone: z.string(),
  name: z.string().nullable(),
  listId: z.string(),
  assignedAt: z.string(),
  sentAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  expiresAt: z.string(),
});

export const cycleView = z.object({
  expired: z.number(),
  gaveUp: z.number(),
  accepted: z.number(),
  assigned: z.number(),
});
