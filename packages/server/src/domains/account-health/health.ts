// The daily-cap formula (pure): an account's safe number of friend adds per day, between the corp's lowest and
// highest cap, from its age, verification and restriction history. Documented in docs/account-health.md.
import type { AddRateSettings } from "./add-rate.settings.ts";

export interface HealthFacts {
  /** Days since the account was created/activated; null when unknown (treated as new). */
  ageDays: number | null;
  corpVerified: boolean;
  personalVerified: boolean;
  /** Restrictions that started in the last 90 days and are no longer in force. */
  pastRestrictions90d: number;
}

/** Points out of 60 at full health; each point is (max − min) / 60 adds a day. */
export const FULL_POINTS = 60;
export const PENALTY_PER_PAST_RESTRICTION = 15;

export function agePoints(ageDays: number | null, newAccountDays: number): number {
  if (ageDays === null || ageDays <= newAccountDays) return 0;
  if (ageDays <= 90) return 20;
  if (ageDays <= 180) return 30;
  return 40;
}

export function healthPoints(f: HealthFacts, s: AddRateSettings): number {
  const points =
    agePoints(f.ageDays, s.newAccountDays) +
    (f.corpVerified ? 10 : 0) +
    (f.personalVerified ? 10 : 0) -
    PENALTY_PER_PAST_RESTRICTION * f.pastRestrictions90d;
  return Math.max(0, Math.min(FULL_POINTS, points));
}

/** min + floor(points × (max − min) / 60): with the defaults (40–100) simply 40 + points. */
export function dailyCap(f: HealthFacts, s: AddRateSettings): number {
  return s.minDailyCap + Math.floor((healthPoints(f, s) * (s.maxDailyCap - s.minDailyCap)) / FULL_POINTS);
}

export function isNewAccount(ageDays: number | null, s: AddRateSettings): boolean {
  return ageDays === null || ageDays <= s.newAccountDays;
}

/** Whole days from `createdOn` (YYYY-MM-DD) to the local day `day` (YYYY-MM-DD). */
export function ageInDays(createdOn: string | null, day: string): number | null {
  if (!createdOn) return null;
  return Math.floor((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${createdOn}T00:00:00Z`)) / 86_400_000);
}
