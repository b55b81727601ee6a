// Call lists (A6 外呼名单): which bucket a buyer is in (registered no order; ordered today; ordered 3–7 days ago,
// the receiving period; inside the category's repurchase cycle; dormant), their spending tier, the incentive
// that fits their usual order amount, and the freshness ranking (nearer the order first). Pure: `now` and the
// corp's UTC offset come in; the repository loads the buyers.
import { localMidnight } from "../send-gate/periods.ts";
import {
  type Bucket,
  type CallSettings,
  type CategorySetting,
  INCENTIVE_KINDS,
  type Incentive,
  type Tier,
} from "./call-campaigns.settings.ts";

const DAY = 86_400_000;

/** A buyer as the call list sees them: one phone, their paid orders summed up. */
export interface Buyer {
  phone: string;
  name: string | null;
  unionid: string | null;
  customerId: string | null;
  paidCount: number;
  /** Paid minus refunded, in cents. */
  totalCents: number;
  /** Sum of paid order amounts (before refunds), for the usual order amount. */
  paidAmountCents: number;
  lastPaidAt: Date | null;
  /** Categories of the most recent paid order. */
  lastCategories: string[];
  /** The first time the buyer was seen (first order, paid or not). */
  firstSeenAt: Date;
}

export interface ListedBuyer extends Buyer {
  bucket: Bucket;
  tier: Tier;
  category: string;
  usualAmountCents: number;
  incentive: Incentive | null;
  daysSinceOrder: number | null;
}

/** The configured category an order's categories belong to ("other" when none matches). */
export function categoryOf(categories: string[], settings: CallSettings): CategorySetting | null {
  for (const c of categories) {
    const folded = c.toLowerCase();
    for (const s of settings.categories) {
      if (s.key.toLowerCase() === folded || s.match.some((m) => folded.includes(m.toLowerCase()))) return s;
    }
  }
  return null;
}

export function windowsOf(categoryKey: string, settings: CallSettings) {
  return settings.categories.find((c) => c.key === categoryKey)?.windows ?? settings.other.windows;
}

/** Whole local days between the order's day and today's (0 = ordered today). */
export function daysBetween(then: Date, now: Date, offsetMinutes: number): number {
  return Math.round((localMidnight(now, offsetMinutes) - localMidnight(then, offsetMinutes)) / DAY);
}

/** The recency bucket, or null for a buyer between buckets (e.g. ordered yesterday). */
export function bucketOf(
  b: Pick<Buyer, "paidCount" | "lastPaidAt">,
  cycle: { min: number; max: number },
  now: Date,
  offsetMinutes: number,
): { bucket: Bucket | null; days: number | null } {
  if (b.paidCount === 0 || !b.lastPaidAt) return { bucket: "registered_no_order", days: null };
  const days = daysBetween(b.lastPaidAt, now, offsetMinutes);
  if (days <= 0) return { bucket: "ordered_today", days };
  if (days >= 3 && days <= 7) return { bucket: "receiving", days };
  if (days >= cycle.min && days <= cycle.max) return { bucket: "repurchase_cycle", days };
  if (days > cycle.max) return { bucket: "dormant", days };
  return { bucket: null, days };
}

export function tierOf(totalCents: number, t: CallSettings["tiers"]): Tier {
  if (totalCents >= t.vip) return "vip";
  if (totalCents >= t.highNet) return "high_net";
  if (totalCents >= t.mid) return "mid";
  return "net";
}

const kindRank = (k: Incentive["kind"]) => INCENTIVE_KINDS.indexOf(k);

/**
 * The best incentive for a usual order amount: its threshold within reach (≤ reachFactor × the amount) and its
 * value below the amount; physical gift > activity > value-added, then the larger value. A 50–100 buyer gets
 * "100 − 10", not "300 − 30" (out of reach).
 */
export function fitIncentive(
  usualAmountCents: number,
  incentives: Incentive[],
  reachFactor: number,
): Incentive | null {
  const fits = incentives.filter(
    (i) => i.thresholdCents <= usualAmountCents * reachFactor && i.valueCents < usualAmountCents,
  );
  fits.sort(
    (a, b) => kindRank(a.kind) - kindRank(b.kind) || b.valueCents - a.valueCents || a.id.localeCompare(b.id),
  );
  return fits[0] ?? null;
}

/** Buckets, tiers and incentives for every buyer, ranked freshest first (nearer the order, then phone). */
export function classifyBuyers(
  buyers: Buyer[],
  settings: CallSettings,
  now: Date,
  offsetMinutes: number,
): ListedBuyer[] {
  const out: ListedBuyer[] = [];
  for (const b of buyers) {
    const cat = categoryOf(b.lastCategories, settings);
    const cycle = cat?.cycleDays ?? settings.other.cycleDays;
    const { bucket, days } = bucketOf(b, cycle, now, offsetMinutes);
    if (!bucket) continue;
    const usual = b.paidCount > 0 ? Math.round(b.paidAmountCents / b.paidCount) : 0;
    out.push({
      ...b,
      bucket,
      tier: tierOf(b.totalCents, settings.tiers),
      category: cat?.key ?? "other",
      usualAmountCents: usual,
      incentive: fitIncentive(usual, settings.incentives, settings.reachFactor),
      daysSinceOrder: days,
    });
  }
  const at = (b: ListedBuyer) => (b.lastPaidAt ?? b.firstSeenAt).getTime();
  return out.sort((a, b) => at(b) - at(a) || a.phone.localeCompare(b.phone));
}
