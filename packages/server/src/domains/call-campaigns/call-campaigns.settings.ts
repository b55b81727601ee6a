// A corp's call-planner settings: one JSON document per corp, validated by this schema. The defaults come from
// seed 000: spending tiers (net / mid / high-net / VIP), category repurchase cycles (beauty 7 d–2 mo,
// electronics 6–12 mo, pet food 1–2 mo), best call windows per category, incentives ranked physical gift >
// activity > value-added and worth less than the purchase, and the script lines (wake-up → incentive →
// [confirm surface] → add) matched to the customer's bucket and tier. "other" is Siyu's own fallback.
import { z } from "zod";
import type { Db } from "../../db/database.ts";
import { timeOfDay } from "../send-gate/gate-settings.ts";
import { parseHhMm } from "../send-gate/periods.ts";

export const BUCKETS = [
  "registered_no_order",
  "ordered_today",
  "receiving",
  "repurchase_cycle",
  "dormant",
] as const;
export type Bucket = (typeof BUCKETS)[number];
export const TIERS = ["net", "mid", "high_net", "vip"] as const;
export type Tier = (typeof TIERS)[number];
export const INCENTIVE_KINDS = ["physical_gift", "activity", "value_added"] as const;
export type IncentiveKind = (typeof INCENTIVE_KINDS)[number];

const callWindow = z
  .object({ start: timeOfDay, end: timeOfDay })
  .refine((w) => parseHhMm(w.end) > parseHhMm(w.start), {
    message: "end must be after start",
    path: ["end"],
  });

const category = z
  .object({
    key: z.string().trim().min(1).max(40),
    label: z.string().trim().min(1).max(40),
    /** Order categories (or SKU-derived categories) containing one of these, case folded, belong here. */
    match: z.array(z.string().trim().min(1).max(40)).max(30),
    /** The repurchase cycle in days: a customer whose last order is this old is due again. */
    cycleDays: z
      .object({ min: z.number().int().min(1).max(3650), max: z.number().int().min(1).max(3650) })
      .refine((c) => c.max >= c.min, { message: "max must be at least min", path: ["max"] }),
    windows: z.array(callWindow).min(1).max(6),
  })
  .strict();

const incentive = z
  .object({
    id: z.string().trim().min(1).max(40),
    name: z.string().trim().min(1).max(60),
    kind: z.enum(INCENTIVE_KINDS),
    /** The spend the incentive needs (满 X), in yuan cents; 0 = none. */
    thresholdCents: z.number().int().min(0),
    /** What it is worth (减 Y, or the gift's value), in yuan cents. */
    valueCents: z.number().int().min(1),
  })
  .strict();

export const callSettingsSchema = z
  .object({
    /** Total paid spend (yuan cents) from which a customer is mid, high-net, VIP; below mid: net. */
    tiers: z
      .object({
        mid: z.number().int().min(1),
        highNet: z.number().int().min(1),
        vip: z.number().int().min(1),
      })
      .strict()
      .refine((t) => t.mid < t.highNet && t.highNet < t.vip, {
        message: "thresholds must rise: mid < highNet < vip",
      }),
    /** An incentive's threshold is within reach when it is at most this many times the usual order amount. */
    reachFactor: z.number().min(1).max(10),
    categories: z.array(category).min(1).max(40),
    /** Windows and cycle for orders of no configured category. */
    other: z
      .object({
        cycleDays: z.object({ min: z.number().int().min(1), max: z.number().int().min(1) }),
        windows: z.array(callWindow).min(1).max(6),
      })
      .strict(),
    incentives: z.array(incentive).max(50),
    /** Minutes to wait before dialling an unanswered number again. */
    redialMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    sms: z
      .object({
        /** To A and B: {name} {staff} {incentive} {link} {brand}. */
        active: z.string().trim().min(1).max(300),
        /** To C. */
        passive: z.string().trim().min(1).max(300),
      })
      .strict(),
  })
  .strict();

export type CallSettings = z.infer<typeof callSettingsSchema>;
export type CategorySetting = CallSettings["categories"][number];
export type Incentive = CallSettings["incentives"][number];

const yuan = (n: number) => n * 100;

export const defaultCallSettings: CallSettings = {
  tiers: { mid: yuan(200), highNet: yuan(1000), vip: yuan(5000) },
  reachFactor: 2,
  categories: [
    {
      key: "beauty",
      label: "美妆",
      match: ["beauty", "美妆", "彩妆", "护肤", "MASK", "面膜"],
      cycleDays: { min: 7, max: 60 },
      windows: [
        { start: "11:30", end: "12:30" },
        { start: "18:30", end: "19:30" },
      ],
    },
    {
      key: "womenswear",
      label: "女装",
      match: ["womenswear", "女装"],
      cycleDays: { min: 30, max: 90 },
      windows: [
        { start: "11:30", end: "12:30" },
        { start: "18:30", end: "19:30" },
      ],
    },
    {
      key: "electronics",
      label: "电子",
      match: ["electronics", "电子", "数码", "家电"],
      cycleDays: { min: 180, max: 365 },
      windows: [{ start: "16:00", end: "18:00" }],
    },
    {
      key: "fresh",
      label: "生鲜",
      match: ["fresh", "生鲜", "水果"],
      cycleDays: { min: 7, max: 30 },
      windows: [{ start: "16:00", end: "18:00" }],
    },
    {
      key: "pet_food",
      label: "宠物食品",
      match: ["pet", "宠物", "猫粮", "狗粮", "PET"],
      cycleDays: { min: 30, max: 60 },
      windows: [
        { start: "11:00", end: "12:00" },
        { start: "15:00", end: "17:00" },
      ],
    },
    {
      key: "mother_baby",
      label: "母婴",
      match: ["mother_baby", "母婴", "奶粉", "纸尿裤"],
      cycleDays: { min: 30, max: 60 },
      windows: [
        { start: "11:00", end: "12:00" },
        { start: "15:00", end: "17:00" },
      ],
    },
  ],
  other: {
    cycleDays: { min: 30, max: 60 },
    windows: [
      { start: "10:00", end: "12:00" },
      { start: "14:00", end: "17:00" },
    ],
  },
  incentives: [
    {
      id: "gift",
      name: "随单赠品小样",
      kind: "physical_gift",
      thresholdCents: yuan(200),
      valueCents: yuan(20),
    },
    { id: "c100_10", name: "满100减10", kind: "activity", thresholdCents: yuan(100), valueCents: yuan(10) },
    { id: "c300_30", name: "满300减30", kind: "activity", thresholdCents: yuan(300), valueCents: yuan(30) },
    { id: "points", name: "会员积分翻倍", kind: "value_added", thresholdCents: 0, valueCents: yuan(5) },
  ],
  redialMinutes: 20,
  sms: {
    active: "{name}您好，感谢接听{brand}的电话！扫码添加您的专属顾问{staff}，领取{incentive}：{link} 回T退订",
    passive: "{brand}为您准备了{incentive}，需要时扫码添加顾问即可领取：{link} 回T退订",
  },
};

export async function loadCallSettings(db: Db, corpId: string): Promise<CallSettings> {
  const row = await db
    .selectFrom("call_campaign_settings")
    .select("settings")
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  if (!row) return defaultCallSettings;
  const parsed = callSettingsSchema.safeParse(row.settings);
  return parsed.success ? parsed.data : defaultCallSettings;
}

export async function saveCallSettings(db: Db, corpId: string, s: CallSettings, at: Date): Promise<void> {
  await db
    .insertInto("call_campaign_settings")
    .values({ corp_id: corpId, settings: JSON.stringify(s), updated_at: at })
    .onConflict((oc) => oc.column("corp_id").doUpdateSet({ settings: JSON.stringify(s), updated_at: at }))
    .execute();
}
