// Fission tasks (任务宝, A4) and group activities (G4): campaigns with reward tiers, each participant's personal
// contact way (state) and poster, the invites their codes brought (pending until the retention window passes,
// then qualified or void with a reason); group activities (check-in, lottery, red packets) with their daily
// check-ins and draws; and the rewards both hand out (a voucher code from a coupon pool, a manual fulfilment
// task, or a red-packet amount to pay out). A coupon code handed out as a reward is marked with its reward, so
// journeys never give it again. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("fission_campaigns")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .addColumn("staff", sql`text[]`, (c) => c.notNull())
    .addColumn("poster", "jsonb", (c) => c.notNull())
    .addColumn("tiers", "jsonb", (c) => c.notNull())
    .addColumn("window_hours", "integer", (c) => c.notNull())
    .addColumn("tag_ids", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("join_text", "text", (c) => c.notNull())
    .addColumn("progress_messages", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("invitees_join", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("entry_state", "text", (c) => c.notNull())
    .addColumn("entry_config_id", "text")
    .addColumn("entry_qr_code", "text")
    .addColumn("ends_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("fission_campaigns_status", sql`status in ('active', 'paused', 'ended')`)
    .addUniqueConstraint("fission_campaigns_entry_state", ["corp_id", "entry_state"])
    .execute();
  await sql`create index fission_campaigns_corp on fission_campaigns (corp_id, id desc)`.execute(db);

  await db.schema
    .createTable("fission_participants")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("campaign_id", "bigint", (c) =>
      c.notNull().references("fission_campaigns.id").onDelete("cascade"),
    )
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("inviter_id", "bigint")
    .addColumn("token", "text", (c) => c.notNull().unique())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("config_id", "text")
    .addColumn("qr_code", "text")
    .addColumn("poster_views", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("qualified", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("pending", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_qualified_at", "timestamptz")
    .addColumn("joined_at", "timestamptz", (c) => c.notNull())
    .addUniqueConstraint("fission_participants_once", ["campaign_id", "external_userid"])
    .addUniqueConstraint("fission_participants_state", ["corp_id", "state"])
    .execute();
  await sql`create index fission_participants_board on fission_participants (campaign_id, qualified desc, last_qualified_at)`.execute(
    db,
  );

  await db.schema
    .createTable("fission_invites")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("campaign_id", "bigint", (c) =>
      c.notNull().references("fission_campaigns.id").onDelete("cascade"),
    )
    .addColumn("participant_id", "bigint", (c) =>
      c.notNull().references("fission_participants.id").onDelete("cascade"),
    )
    .addColumn("invitee", "text", (c) => c.notNull())
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("void_reason", "text")
    .addColumn("added_at", "timestamptz", (c) => c.notNull())
    .addColumn("due_at", "timestamptz", (c) => c.notNull())
    .addColumn("deleted_at", "timestamptz")
    .addColumn("decided_at", "timestamptz")
    .addCheckConstraint("fission_invites_status", sql`status in ('pending', 'qualified', 'void')`)
    .addUniqueConstraint("fission_invites_once", ["campaign_id", "invitee"])
    .execute();
  await sql`create index fission_invites_due on fission_invites (due_at) where status = 'pending'`.execute(
    db,
  );
  await sql`create index fission_invites_participant on fission_invites (participant_id, id)`.execute(db);

  await db.schema
    .createTable("group_activities")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .addColumn("chat_ids", sql`text[]`, (c) => c.notNull())
    .addColumn("keyword", "text")
    .addColumn("starts_on", "text", (c) => c.notNull())
    .addColumn("ends_on", "text")
    .addColumn("config", "jsonb", (c) => c.notNull())
    .addColumn("tag_ids", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("spent_cents", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("group_activities_kind", sql`kind in ('checkin', 'lottery', 'redpacket')`)
    .addCheckConstraint("group_activities_status", sql`status in ('active', 'paused', 'ended')`)
    .execute();
  await sql`create index group_activities_corp on group_activities (corp_id, status, id desc)`.execute(db);

  // Days are local (the corp's UTC offset) YYYY-MM-DD strings. One row per customer and local day (check-in),
  // per draw (lottery) or per claim (red packet).
  await db.schema
    .createTable("group_activity_entries")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("activity_id", "bigint", (c) =>
      c.notNull().references("group_activities.id").onDelete("cascade"),
    )
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("chat_id", "text")
    .addColumn("msgid", "text")
    .addColumn("outcome", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addUniqueConstraint("group_activity_entries_once", ["activity_id", "external_userid", "day", "seq"])
    .execute();
  await sql`create index group_activity_entries_customer on group_activity_entries (activity_id, external_userid)`.execute(
    db,
  );

  await db.schema
    .createTable("activity_rewards")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("source_id", "bigint", (c) => c.notNull())
    .addColumn("grant_key", "text", (c) => c.notNull())
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("pool_id", "bigint")
    .addColumn("code", "text")
    .addColumn("amount_cents", "integer")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("outbox_id", "bigint")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("fulfilled_at", "timestamptz")
    .addColumn("fulfilled_by", "text")
    .addCheckConstraint(
      "activity_rewards_source",
      sql`source in ('fission', 'checkin', 'lottery', 'redpacket')`,
    )
    .addCheckConstraint("activity_rewards_kind", sql`kind in ('voucher', 'manual', 'cash')`)
    .addCheckConstraint(
      "activity_rewards_status",
      sql`status in ('granted', 'pending', 'fulfilled', 'failed')`,
    )
    .addUniqueConstraint("activity_rewards_once", ["corp_id", "grant_key"])
    .execute();
  await sql`create index activity_rewards_corp on activity_rewards (corp_id, status, id desc)`.execute(db);
  await sql`create index activity_rewards_source on activity_rewards (corp_id, source, source_id)`.execute(
    db,
  );

  await db.schema
    .alterTable("coupon_codes")
    .addColumn("reward_id", "bigint", (c) => c.references("activity_rewards.id").onDelete("set null"))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("coupon_codes").dropColumn("reward_id").execute();
  for (const t of [
    "activity_rewards",
    "group_activity_entries",
    "group_activities",
    "fission_invites",
    "fission_participants",
    "fission_campaigns",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
