// API shapes for stores (门店) and store codes (区域活码): a store's place, open hours, staff and groups; a public
// store code over a set of stores; the landing's routing request; the 千店千群 report.
import { z } from "zod";
import { scheduleRange } from "../live-codes/live-codes.schemas.ts";
import { overlappingRanges } from "../live-codes/routing.ts";

const openRanges = z
  .array(scheduleRange)
  .max(70)
  .superRefine((ranges, ctx) => {
    for (const [i, j] of overlappingRanges(ranges)) {
      ctx.addIssue({
        code: "custom",
        path: [j],
        message: `overlaps range ${i} on weekday ${ranges[j]!.weekday}`,
      });
    }
  })
  .describe("Weekly open ranges in the store's local time (utcOffsetMinutes); empty = always open");
export const openHours = openRanges.default([]);

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((v) => (v === "" ? null : v));

const lat = z
  .number()
  .min(-90, "latitude is between -90 and 90")
  .max(90, "latitude is between -90 and 90")
  .nullable();
const lng = z
  .number()
  .min(-180, "longitude is between -180 and 180")
  .max(180, "longitude is between -180 and 180")
  .nullable();

function uniqueList(list: string[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  list.forEach((v, i) => {
    if (seen.has(v)) ctx.addIssue({ code: "custom", path: [i], message: `${v} is listed twice` });
    seen.add(v);
  });
}

const staffList = z
  .array(z.string().min(1).max(64))
  .min(1, "a store needs at least one staff member to receive customers")
  .max(100, "a contact way holds at most 100 people")
  .superRefine(uniqueList)
  .describe("Member userids: the store's contact way (staff QR)");
const groupList = z
  .array(z.string().min(1).max(64))
  .max(5, "at most 5 groups per store (WeCom's join-way limit)")
  .superRefine(uniqueList)
  .describe("Customer group chat_ids: the store's group join QR (千店千群)");

const utcOffset = z
  .number()
  .int()
  .min(-720)
  .max(840)
  .describe("The store's local time for open hours and report days (480 = UTC+8)");

const storeFields = {
  name: text(60),
  city: text(30).describe("City, e.g. 上海市; the landing's city list is built from it"),
  district: optionalText(30).default(null),
  address: optionalText(200).default(null),
  phone: optionalText(30).default(null),
  lat: lat.default(null).describe("WGS-84 latitude (null = not located: found by city only)"),
  lng: lng.default(null).describe("WGS-84 longitude"),
  openHours,
  utcOffsetMinutes: utcOffset.default(480),
  status: z.enum(["open", "closed"]).default("open").describe("closed: never routed to"),
  staff: staffList,
  groups: groupList.default([]),
};

function pairedCoordinates(v: { lat?: number | null; lng?: number | null }, ctx: z.RefinementCtx) {
  if (v.lat === undefined && v.lng === undefined) return;
  if ((v.lat == null) !== (v.lng == null)) {
    ctx.addIssue({
      code: "custom",
      path: [v.lat == null ? "lat" : "lng"],
      message: "latitude and longitude go together",
    });
  }
}

export const storeInput = z.object(storeFields).superRefine(pairedCoordinates);
export type StoreInput = z.input<typeof storeInput>;
export type StoreData = z.infer<typeof storeInput>;

export const storePatch = z
  .object({
    name: storeFields.name.optional(),
    city: storeFields.city.optional(),
    district: optionalText(30).optional(),
    address: optionalText(200).optional(),
    phone: optionalText(30).optional(),
    lat: lat.optional(),
    lng: lng.optional(),
    openHours: openRanges.optional(),
    utcOffsetMinutes: utcOffset.optional(),
    status: z.enum(["open", "closed"]).optional(),
    staff: staffList.optional(),
    groups: groupList.optional(),
  })
  .superRefine(pairedCoordinates)
  .describe(
    "Fields to change; staff and groups replace the lists and update the WeCom contact and join ways",
  );
export type StorePatch = z.input<typeof storePatch>;

const range = z.object({ weekday: z.number(), start: z.string(), end: z.string() });

export const storeView = z.object({
  id: z.string(),
  name: z.string(),
  city: z.string(),
  district: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  openHours: z.array(range),
  utcOffsetMinutes: z.number(),
  status: z.enum(["open", "closed"]),
  openNow: z.boolean().describe("open status and inside its open hours now"),
  staff: z.array(z.object({ userid: z.string(), name: z.string().nullable() })),
  groups: z.array(
    z.object({ chatId: z.string(), name: z.string().nullable(), memberCount: z.number().nullable() }),
  ),
  state: z.string().describe("The contact way's state: adds through it are this store's"),
  configId: z.string().nullable(),
  qrCode: z.string().nullable().describe("The staff contact way's QR image URL from WeCom"),
  joinConfigId: z.string().nullable(),
  joinQrCode: z.string().nullable().describe("The group join way's QR image URL from WeCom"),
  customers: z.number().describe("Customers assigned to the store"),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StoreView = z.infer<typeof storeView>;

export const storeListQuery = z.object({
  q: z.string().max(60).optional().describe("Name, city, district or address contains"),
  city: z.string().max(30).optional(),
  status: z.enum(["open", "closed"]).optional(),
});

const slug = z
  .string()
  .min(4)
  .max(40)
  .regex(/^[A-Za-z0-9_-]+$/, "a slug may contain letters, digits, '_' and '-'");

export const storeCodeInput = z.object({
  name: text(60),
  title: optionalText(60).default(null).describe("The landing page's heading (default: the name)"),
  slug: slug.optional().describe("The landing URL's last part (/s/<slug>); generated if absent"),
  storeIds: z
    .array(z.string().regex(/^\d+$/, "a store id is a number"))
    .nullable()
    .default(null)
    .describe("The stores this code routes to; null = every store of the corp"),
  enabled: z.boolean().default(true),
});
export type StoreCodeInput = z.input<typeof storeCodeInput>;

export const storeCodePatch = z.object({
  name: text(60).optional(),
  title: optionalText(60).optional(),
  storeIds: z.array(z.string().regex(/^\d+$/, "a store id is a number")).nullable().optional(),
  enabled: z.boolean().optional(),
});
export type StoreCodePatch = z.input<typeof storeCodePatch>;

export const storeCodeView = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  slug: z.string(),
  landingPath: z.string().describe("The public landing page's path; its QR encodes origin + path"),
  landingUrl: z.string().describe("The landing page's URL as seen from this request"),
  storeIds: z.array(z.string()).nullable(),
  enabled: z.boolean(),
  visits: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StoreCodeView = z.infer<typeof storeCodeView>;

export const routeRequest = z.union([
  z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }),
  z.object({ city: text(30) }),
]);
export type RouteRequest = z.infer<typeof routeRequest>;

export const landingStore = z.object({
  id: z.string(),
  name: z.string(),
  city: z.string(),
  district: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  distanceKm: z.number().nullable(),
  openHoursToday: z.array(z.object({ start: z.string(), end: z.string() })),
  staffQrUrl: z.string().nullable().describe("PNG of the store's staff contact QR"),
  groupQrUrl: z.string().nullable().describe("PNG of the store's group join QR"),
});

export const routeView = z.object({
  store: landingStore.nullable(),
  method: z.enum(["location", "city"]),
  reason: z
    .enum(["nearest_open", "city_open", "none_open", "unknown_city"])
    .describe("Why this store (or none) was chosen"),
  others: z.array(landingStore).describe("Up to 3 more open stores, nearest first"),
});
export type RouteView = z.infer<typeof routeView>;

export const landingInfo = z.object({
  title: z.string(),
  cities: z.array(z.string()),
});

export const reportQuery = z.object({
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
  city: z.string().max(30).optional(),
});

export const reportRow = z.object({
  storeId: z.string(),
  name: z.string(),
  city: z.string(),
  district: z.string().nullable(),
  status: z.enum(["open", "closed"]),
  staff: z.number(),
  groups: z.array(
    z.object({
      chatId: z.string(),
      name: z.string().nullable(),
      members: z.number().describe("Everyone in the group (WeCom's count)"),
      customers: z.number().describe("External members (customers) in the group"),
    }),
  ),
  groupMembers: z.number(),
  customersAssigned: z.number(),
  adds: z.number().describe("Adds through the store's staff QR in the range"),
  joins: z.number().describe("Joins through the store's group QR in the range"),
  visits: z.number().describe("Landing visits routed to the store in the range"),
  days: z.array(z.object({ day: z.string(), adds: z.number(), joins: z.number() })),
});
export type ReportRow = z.infer<typeof reportRow>;

export const reportView = z.object({
  from: z.string(),
  to: z.string(),
  stores: z.array(reportRow),
  totals: z.object({
    stores: z.number(),
    groups: z.number(),
    groupMembers: z.number(),
    customersAssigned: z.number(),
    adds: z.number(),
    joins: z.number(),
  }),
});
export type ReportView = z.infer<typeof reportView>;
