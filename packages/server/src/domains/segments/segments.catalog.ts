// Loads a corp's names for segment ids: tags (with their group), stages, live codes (channels), members, stores.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { AppError } from "../../lib/errors.ts";
import { corpStages, ensureDefaultStages } from "../stages/stages.repository.ts";
import type { SegmentCatalog } from "./lang/index.ts";

/** The corp's local offset for dates in segment text (China Standard Time). */
export const SEGMENT_OFFSET_MINUTES = 480;

export async function loadCatalog(db: Db, corpId: string): Promise<SegmentCatalog> {
  const corp = await db
    .selectFrom("corps")
    .select("corp_id")
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  if (!corp) throw new AppError("CORP_NOT_FOUND", `corp ${corpId} is not configured`);
  let stages = await corpStages(db, corpId);
  if (stages.length === 0) {
    await ensureDefaultStages(db, corpId);
    stages = await corpStages(db, corpId);
  }
  const [tags, channels, staff, stores] = await Promise.all([
    db
      .selectFrom("tags as t")
      .leftJoin("tag_groups as g", (j) =>
        j.onRef("g.corp_id", "=", "t.corp_id").onRef("g.group_id", "=", "t.group_id"),
      )
      .select(["t.tag_id as id", "t.name", "g.name as group"])
      .where("t.corp_id", "=", corpId)
      .where("t.deleted", "=", false)
      .orderBy("t.tag_id")
      .execute(),
    db
      .selectFrom("live_codes")
      .select(["state as id", "name"])
      .where("corp_id", "=", corpId)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("members")
      .select(["userid as id", "name"])
      .where("corp_id", "=", corpId)
      .orderBy("userid")
      .execute(),
    db
      .selectFrom("stores")
      .select(["id", "name", "city", "state"])
      .where("corp_id", "=", corpId)
      .orderBy("id")
      .execute(),
  ]);
  return {
    tags: tags.map((t) => ({ id: t.id, name: t.name, ...(t.group ? { detail: t.group } : {}) })),
    stages: stages.map((s) => ({ id: s.key, name: s.name })),
    // Channels: live codes, and each store's own contact way (its state), named after the store.
    channels: [
      ...channels.map((c) => ({ id: c.id, name: c.name, detail: "live code" })),
      ...stores.map((s) => ({ id: s.state, name: s.name, detail: "store" })),
    ],
    staff: staff.map((m) => ({ id: m.id, name: m.name })),
    stores: stores.map((s) => ({ id: String(s.id), name: s.name, detail: s.city })),
  };
}

/** What the console's pickers offer: the catalog plus known cities, order categories and activities. */
export async function pickerOptions(db: Db, corpId: string) {
  const catalog = await loadCatalog(db, corpId);
  const [cities, categories, activities] = await Promise.all([
    db.selectFrom("stores").select("city").distinct().where("corp_id", "=", corpId).orderBy("city").execute(),
    sql<{
      c: string;
    }>`select distinct unnest(categories) as c from orders where corp_id = ${corpId} order by c limit 500`.execute(
      db,
    ),
    db
      .selectFrom("activity_participations")
      .select("activity")
      .distinct()
      .where("corp_id", "=", corpId)
      .orderBy("activity")
      .limit(500)
      .execute(),
  ]);
  return {
    ...catalog,
    cities: cities.map((r) => r.city),
    categories: categories.rows.map((r) => r.c),
    activities: activities.map((r) => r.activity),
  };
}
