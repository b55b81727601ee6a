// SQL for stages: the pipeline, churn settings, and moving customers (every move also writes the timeline).
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

export const DEFAULT_STAGE_KEYS = [
  "new",
  "engaged",
  "first_order",
  "repeat",
  "churn_risk",
  "churned",
] as const;
export type DefaultStageKey = (typeof DEFAULT_STAGE_KEYS)[number];

export const DEFAULT_CHURN_RISK_DAYS = 60;
export const DEFAULT_CHURNED_DAYS = 180;

export interface StageRow {
  id: string;
  key: string;
  name: string;
  position: number;
  builtin: boolean;
}

export interface ChurnSettings {
  churnRiskDays: number;
  churnedDays: number;
}

/** The corp's default stages, created if missing (corps get them on insert; this covers any gap). */
export async function ensureDefaultStages(db: Db, corpId: string): Promise<void> {
  await sql`select siyu_default_stages(${corpId})`.execute(db);
}

export async function corpStages(db: Db, corpId: string): Promise<StageRow[]> {
  return db
    .selectFrom("stages")
    .select(["id", "key", "name", "position", "builtin"])
    .where("corp_id", "=", corpId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export async function churnSettings(db: Db, corpId: string): Promise<ChurnSettings> {
  const row = await db
    .selectFrom("stage_settings")
    .select(["churn_risk_days", "churned_days"])
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  return {
    churnRiskDays: row?.churn_risk_days ?? DEFAULT_CHURN_RISK_DAYS,
    churnedDays: row?.churned_days ?? DEFAULT_CHURNED_DAYS,
  };
}

export interface Move {
  customerId: string;
  toStageId: string;
  reason: string;
  source: "rule" | "manual";
  rule?: string | null;
  movedBy?: string | null;
  at: Date;
  /** For a rule: move only if the customer's current placement is not manual, or is older than this event. */
  eventAt?: Date;
}

export interface Current {
  customerId: string;
  externalUserId: string;
  stageId: string | null;
  source: "rule" | "manual" | null;
  enteredAt: Date | null;
}

/** The customers' current stages, locked for the rest of the transaction. Unknown ids (or another corp's) are absent. */
export async function lockCurrent(
  db: Db,
  corpId: string,
  customerIds: string[],
): Promise<Map<string, Current>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("customers as c")
    .leftJoin("customer_stages as cs", (j) =>
      j.onRef("cs.customer_id", "=", "c.id").onRef("cs.corp_id", "=", "c.corp_id"),
    )
    .select(["c.id", "c.external_userid", "cs.stage_id", "cs.source", "cs.entered_at"])
    .where("c.corp_id", "=", corpId)
    .where("c.id", "in", customerIds)
    .orderBy("c.id")
    .forUpdate("c")
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        customerId: r.id,
        externalUserId: r.external_userid,
        stageId: r.stage_id,
        source: r.source,
        enteredAt: r.entered_at,
      },
    ]),
  );
}

/**
 * Moves customers (run inside a transaction). A move to the stage the customer is already in does nothing; a rule
 * move leaves a manual placement alone unless its event is newer than the placement. Returns the moves made.
 */
export async function moveCustomers(db: Db, corpId: string, moves: Move[]): Promise<Move[]> {
  if (moves.length === 0) return [];
  const current = await lockCurrent(
    db,
    corpId,
    moves.map((m) => m.customerId),
  );
  const stages = new Map((await corpStages(db, corpId)).map((s) => [s.id, s]));
  const done: Array<{ move: Move; cur: Current }> = [];
  for (const m of moves) {
    const cur = current.get(m.customerId);
    if (!cur || !stages.has(m.toStageId) || cur.stageId === m.toStageId) continue;
    if (m.source === "rule" && cur.source === "manual") {
      const eventAt = m.eventAt ?? m.at;
      if (!cur.enteredAt || eventAt <= cur.enteredAt) continue;
    }
    done.push({ move: m, cur });
  }
  if (done.length === 0) return [];
  await sql`
    insert into customer_stages (corp_id, customer_id, stage_id, entered_at, reason, source, rule, moved_by)
    select ${corpId}, m.customer_id, m.stage_id, m.at, m.reason, m.source, m.rule, m.moved_by
    from unnest(
      ${done.map((d) => d.move.customerId)}::bigint[], ${done.map((d) => d.move.toStageId)}::bigint[],
      ${done.map((d) => d.move.at.toISOString())}::timestamptz[], ${done.map((d) => d.move.reason)}::text[],
      ${done.map((d) => d.move.source)}::text[], ${done.map((d) => d.move.rule ?? null)}::text[],
      ${done.map((d) => d.move.movedBy ?? null)}::bigint[]
    ) as m(customer_id, stage_id, at, reason, source, rule, moved_by)
    on conflict (corp_id, customer_id) do update set
      stage_id = excluded.stage_id, entered_at = excluded.entered_at, reason = excluded.reason,
      source = excluded.source, rule = excluded.rule, moved_by = excluded.moved_by
  `.execute(db);
  await db
    .insertInto("contact_timeline")
    .values(
      done.map(({ move, cur }) => {
        const from = cur.stageId ? stages.get(cur.stageId) : undefined;
        const to = stages.get(move.toStageId)!;
        return {
          corp_id: corpId,
          external_userid: cur.externalUserId,
          userid: null,
          kind: "stage.moved",
          detail: JSON.stringify({
            from: from?.key ?? null,
            fromName: from?.name ?? null,
            to: to.key,
            toName: to.name,
            reason: move.reason,
            source: move.source,
            ...(move.rule ? { rule: move.rule } : {}),
            ...(move.movedBy ? { movedBy: move.movedBy } : {}),
          }),
          occurred_at: move.at,
          inbox_event_id: null,
        };
      }),
    )
    .execute();
  return done.map((d) => d.move);
}
