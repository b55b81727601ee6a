// Enrolment, shared by every source (API, by hand, live codes, segments, a move from another line): customers go
// on the line's current version, each once per line; the first step's due time is computed from the enrolment
// instant and the corp's UTC offset. Runs in the caller's transaction when given one.
import type { Db } from "../../db/database.ts";
import { corpUtcOffset } from "../send-gate/gate-settings.ts";
import { parseHhMm } from "../send-gate/periods.ts";
import { type StepTiming, stepDueAt } from "./journey-time.ts";
import type { StepInput } from "./journeys.schemas.ts";

export const timingOf = (s: StepInput): StepTiming =>
  s.timing.kind === "hours"
    ? { kind: "hours", hours: s.timing.hours }
    : { kind: "day", day: s.timing.day, minute: parseHhMm(s.timing.at) };

/** Enrols the customers not yet on the line; returns the customers.id values enrolled now. */
export async function enrollCustomers(
  db: Db,
  corpId: string,
  journeyId: string,
  customers: { id: string; external_userid: string }[],
  source: string,
  now: Date,
): Promise<string[]> {
  if (customers.length === 0) return [];
  const j = await db
    .selectFrom("journeys as j")
    .innerJoin("journey_versions as v", (jn) =>
      jn.onRef("v.journey_id", "=", "j.id").onRef("v.version", "=", "j.version"),
    )
    .select(["j.version", "v.steps"])
    .where("j.corp_id", "=", corpId)
    .where("j.id", "=", journeyId)
    .executeTakeFirst();
  if (!j) return [];
  const first = (j.steps as StepInput[])[0] as StepInput;
  const due = stepDueAt(now, timingOf(first), await corpUtcOffset(db, corpId));
  const out: string[] = [];
  for (let i = 0; i < customers.length; i += 1000) {
    const inserted = await db
      .insertInto("journey_enrollments")
      .values(
        customers.slice(i, i + 1000).map((c) => ({
          corp_id: corpId,
          journey_id: journeyId,
          version: j.version,
          customer_id: c.id,
          external_userid: c.external_userid,
          enrolled_at: now,
          source,
          next_due_at: due,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(["corp_id", "journey_id", "customer_id"]).doNothing())
      .returning("customer_id")
      .execute();
    out.push(...inserted.map((r) => String(r.customer_id)));
  }
  return out;
}
