// The team's add capacity the dialling schedule is spread over, from account health (A7): per member the safe
// daily cap by health, what is left today, and any restriction in force with the end of its cool-down (the
// account takes leads again from the first day after it; a ban without an end never does).
import type { Db } from "../../db/database.ts";
import { dailyCapacity } from "../account-health/capacity.ts";

export interface MemberCapacity {
  userid: string;
  name: string;
  /** The safe daily cap by health (whether or not restricted now). */
  healthCap: number;
  /** What the account may add per day now (0 while restricted). */
  cap: number;
  remaining: number;
  restricted: boolean;
  /** The end of the restriction's cool-down; null while unrestricted or banned until lifted by hand. */
  restrictedUntil: Date | null;
  isNew: boolean;
}

export interface TeamCapacity {
  members: MemberCapacity[];
  totalCap: number;
  totalRemaining: number;
  /** Where the figures come from (shown with the plan). */
  source: string;
}

export type CapacityFn = (db: Db, corpId: string, at: Date) => Promise<TeamCapacity>;

export const healthCapacity: CapacityFn = async (db, corpId, at) => {
  const c = await dailyCapacity(db, corpId, at);
  return {
    members: c.members.map((m) => ({
      userid: m.userid,
      name: m.name,
      healthCap: m.healthCap,
      cap: m.cap,
      remaining: m.remainingToday,
      restricted: m.restricted !== null,
      restrictedUntil: m.restricted?.until ?? null,
      isNew: m.isNew,
    })),
    totalCap: c.total.dailyCapacity,
    totalRemaining: c.total.remainingToday,
    source: "account-health",
  };
};

/** What a member can take on the local day starting at `dayStart`. */
export function capOnDay(m: MemberCapacity, dayStart: number): number {
  if (!m.restricted) return m.cap;
  return m.restrictedUntil !== null && m.restrictedUntil.getTime() <= dayStart ? m.healthCap : 0;
}
