// Checks a line's references against the corp: tags, stages, lines to move to, live codes, the saved segment and
// the coupon pools its steps draw from. Every unknown one is a field-level error (JOURNEY_INVALID).
import type { Db } from "../../db/database.ts";
import { AppError } from "../../lib/errors.ts";
import type { JourneySettings } from "./journey-rules.schemas.ts";
import type { StepInput } from "./journeys.schemas.ts";

type Detail = { path: string; message: string };

/** Codes not yet given to anyone, per pool. */
async function freeCodes(db: Db, corpId: string, poolIds: string[]): Promise<Map<string, number>> {
  if (poolIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("coupon_codes")
    .select(["pool_id", (eb) => eb.fn.countAll<string>().as("n")])
    .where("corp_id", "=", corpId)
    .where("pool_id", "in", poolIds)
    .where("customer_id", "is", null)
    .where("reward_id", "is", null)
    .groupBy("pool_id")
    .execute();
  return new Map(rows.map((r) => [String(r.pool_id), Number(r.n)]));
}

async function known(
  db: Db,
  corpId: string,
  table: "stages" | "journeys" | "live_codes" | "coupon_pools" | "saved_segments",
  ids: string[],
) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom(table)
    .select("id")
    .where("corp_id", "=", corpId)
    .where("id", "in", ids)
    .execute();
  return new Set(rows.map((r) => String(r.id)));
}

/** Throws JOURNEY_INVALID listing each reference the corp does not have. `self`: the line being edited. */
export async function checkReferences(
  db: Db,
  corpId: string,
  input: { settings?: Partial<JourneySettings>; steps?: StepInput[]; self?: string },
  prefix = "",
): Promise<void> {
  const out: Detail[] = [];
  const rules = input.settings?.rules ?? [];
  const tagIds = rules.flatMap((r) => (r.tagId ? [r.tagId] : []));
  const tags = new Set(
    tagIds.length === 0
      ? []
      : (
          await db
            .selectFrom("tags")
            .select("tag_id")
            .where("corp_id", "=", corpId)
            .where("deleted", "=", false)
            .where("tag_id", "in", tagIds)
            .execute()
        ).map((t) => t.tag_id),
  );
  const stages = await known(
    db,
    corpId,
    "stages",
    rules.flatMap((r) => (r.stageId ? [r.stageId] : [])),
  );
  const lines = await known(
    db,
    corpId,
    "journeys",
    rules.flatMap((r) => (r.journeyId ? [r.journeyId] : [])),
  );
  rules.forEach((r, i) => {
    const at = `${prefix}/rules/${i}`;
    if (r.tagId && !tags.has(r.tagId))
      out.push({ path: `${at}/tagId`, message: `no tag ${r.tagId} in this corp` });
    if (r.stageId && !stages.has(r.stageId))
      out.push({ path: `${at}/stageId`, message: `no stage ${r.stageId} in this corp` });
    if (r.journeyId && !lines.has(r.journeyId))
      out.push({ path: `${at}/journeyId`, message: `no message line ${r.journeyId} in this corp` });
    if (r.journeyId && r.journeyId === input.self)
      out.push({ path: `${at}/journeyId`, message: "a line cannot move customers to itself" });
  });
  const codeIds = input.settings?.liveCodeIds ?? [];
  const codes = await known(db, corpId, "live_codes", codeIds);
  codeIds.forEach((c, i) => {
    if (!codes.has(c))
      out.push({ path: `${prefix}/liveCodeIds/${i}`, message: `no live code ${c} in this corp` });
  });
  const seg = input.settings?.segment;
  if (seg && !(await known(db, corpId, "saved_segments", [seg.segmentId])).has(seg.segmentId))
    out.push({
      path: `${prefix}/segment/segmentId`,
      message: `no saved segment ${seg.segmentId} in this corp`,
    });
  const steps = input.steps ?? [];
  const pools = await known(
    db,
    corpId,
    "coupon_pools",
    steps.flatMap((s) => s.content.couponPoolId ?? []),
  );
  const free = await freeCodes(db, corpId, [...pools]);
  steps.forEach((s, i) => {
    const pool = s.content.couponPoolId;
    const path = `${prefix}/steps/${i}/content/couponPoolId`;
    if (pool && !pools.has(pool)) out.push({ path, message: `no coupon pool ${pool} in this corp` });
    else if (pool && (free.get(pool) ?? 0) === 0)
      out.push({ path, message: `coupon pool ${pool} has no free codes; upload codes to it first` });
  });
  if (out.length > 0) throw new AppError("JOURNEY_INVALID", out[0]!.message, out);
}
