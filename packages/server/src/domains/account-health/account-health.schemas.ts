// API shapes for account health, capacity and the add-rate guard settings.
import { z } from "zod";
import { addRateSettingsObject } from "./add-rate.settings.ts";

export const corpParams = z.object({ corpId: z.string().min(1).max(64) });

const restrictionNow = z
  .object({
    id: z.string(),
    state: z.enum(["limited", "member_banned", "corp_banned"]),
    since: z.string(),
    until: z.string().nullable(),
  })
  .nullable();

const memberCapacity = z.object({
  userid: z.string(),
  name: z.string(),
  storeIds: z.array(z.string()),
  createdOn: z.string().nullable(),
  ageDays: z.number().nullable(),
  isNew: z.boolean(),
  corpVerified: z.boolean(),
  personalVerified: z.boolean(),
  pastRestrictions90d: z.number(),
  healthCap: z.number(),
  cap: z.number(),
  usedToday: z.number(),
  remainingToday: z.number(),
  restricted: restrictionNow,
});

const totals = z.object({
  accounts: z.number(),
  restricted: z.number(),
  dailyCapacity: z.number(),
  remainingToday: z.number(),
});

const capacityBase = z.object({
  corpId: z.string(),
  day: z.string(),
  at: z.string(),
  tzOffsetMinutes: z.number(),
  settings: addRateSettingsObject,
  stores: z.array(totals.extend({ storeId: z.string(), name: z.string() })),
  total: totals,
});

export const capacityView = capacityBase.extend({
  members: z.array(memberCapacity),
  forecast: z
    .object({ leads: z.number(), days: z.number().nullable(), perDay: z.array(z.number()) })
    .nullable(),
});

export const accountHealthView = capacityBase.extend({
  members: z.array(
    memberCapacity.extend({
      activity: z.object({
        customers: z.number(),
        adds7d: z.number(),
        lastAddAt: z.string().nullable(),
        sends7d: z.number(),
      }),
    }),
  ),
});

export const capacityQuery = z.object({
  at: z.iso.datetime({ offset: true, error: "an ISO time, e.g. 2026-11-23T09:00:00+08:00" }).optional(),
  leads: z.coerce
    .number({ error: "a whole number of leads" })
    .int("a whole number of leads")
    .min(0, "at least 0 leads")
    .max(10_000_000, "at most 10,000,000 leads")
    .optional(),
  storeId: z.string().regex(/^\d+$/, "a store id is a number").optional(),
});

export const profileInput = z
  .object({
    createdOn: z.iso
      .date({ error: "the account's creation date as YYYY-MM-DD, e.g. 2026-01-31" })
      .nullable()
      .optional(),
    corpVerified: z.boolean({ error: "true or false" }).optional(),
    personalVerified: z.boolean({ error: "true or false" }).optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, "send at least one of createdOn, corpVerified, personalVerified");

export const profileView = z.object({
  userid: z.string(),
  createdOn: z.string().nullable(),
  corpVerified: z.boolean(),
  personalVerified: z.boolean(),
  cap: z.number().nullable(),
});

export const settingsPatch = addRateSettingsObject
  .partial()
  .refine((s) => Object.keys(s).length > 0, "send at least one setting to change");
