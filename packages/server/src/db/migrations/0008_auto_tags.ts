// Auto-tagging (PRODUCT.md C4): rules, the durable queue of tag changes they decide, activity participations
// (live streams, check-ins, …), tracked links with one token per customer × link × sender and their opens,
// staff alerts, chat messages ingested from an archive source with each source's cursor, and live-viewer
// imports. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // One rule: what it reacts to (`kind`, with kind-specific `config`) and which corp tags it adds/removes.
  await db.schema
    .createTable("tag_rules")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("enabled", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("add_tags", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("remove_tags", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("config", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("tag_rules_kind", sql`kind in ('keyword', 'link', 'order', 'live', 'activity')`)
    .execute();
  await sql`create index tag_rules_corp on tag_rules (corp_id, kind, id)`.execute(db);

  // Tag changes decided by rules, applied to WeCom (mark_tag) and Siyu by a worker; a row per follow relation.
  await db.schema
    .createTable("rule_tag_actions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("rule_id", "bigint", (c) => c.references("tag_rules.id").onDelete("set null"))
    .addColumn("rule_name", "text", (c) => c.notNull())
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("add_tags", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("remove_tags", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "text")
    .addColumn("not_before", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("done_at", "timestamptz")
    .addCheckConstraint("rule_tag_actions_status", sql`status in ('pending', 'done', 'skipped', 'failed')`)
    .execute();
  await sql`create index rule_tag_actions_pending on rule_tag_actions (not_before, id) where status = 'pending'`.execute(
    db,
  );
  await sql`create index rule_tag_actions_customer on rule_tag_actions (corp_id, external_userid, id desc)`.execute(
    db,
  );

  await db.schema
    .createTable("activity_participations")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("customer_id", "bigint", (c) => c.notNull())
    .addColumn("activity", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    .addColumn("detail", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addPrimaryKeyConstraint("activity_participations_pk", ["corp_id", "customer_id", "activity"])
    .addCheckConstraint(
      "activity_participations_kind",
      sql`kind in ('live', 'checkin', 'lottery', 'fission', 'other')`,
    )
    .execute();
  await sql`create index activity_participations_activity on activity_participations (corp_id, activity)`.execute(
    db,
  );

  // A URL operators want to know about when a customer opens it (雷达).
  await db.schema
    .createTable("tracked_links")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("title", "text")
    .addColumn("rule_id", "bigint", (c) => c.references("tag_rules.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("tracked_links_corp_url", ["corp_id", "url"])
    .execute();

  // The token in /l/:token: who it was sent to and by whom, so an open names the customer and the member.
  await db.schema
    .createTable("tracked_link_tokens")
    .addColumn("token", "text", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("link_id", "bigint", (c) => c.notNull().references("tracked_links.id").onDelete("cascade"))
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("open_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("first_opened_at", "timestamptz")
    .addColumn("last_opened_at", "timestamptz")
    .addUniqueConstraint("tracked_link_tokens_target", ["link_id", "external_userid", "userid"])
    .execute();

  await db.schema
    .createTable("tracked_link_opens")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("token", "text", (c) => c.notNull())
    .addColumn("link_id", "bigint", (c) => c.notNull())
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("user_agent", "text")
    .addColumn("opened_at", "timestamptz", (c) => c.notNull())
    .execute();
  await sql`create index tracked_link_opens_link on tracked_link_opens (corp_id, link_id, id desc)`.execute(
    db,
  );

  // Something a staff member should know now (a customer opened a tracked link, …); also sent as an app message.
  await db.schema
    .createTable("staff_alerts")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("external_userid", "text")
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("detail", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("outbox_id", "bigint")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("read_at", "timestamptz")
    .execute();
  await sql`create index staff_alerts_corp on staff_alerts (corp_id, id desc)`.execute(db);
  await sql`create index staff_alerts_member on staff_alerts (corp_id, userid, id desc)`.execute(db);

  // Chat messages Siyu has seen, by source ('archive' = session archive feed, 'bridge' = external archive
  // bridge, 'kf' = 微信客服 sync_msg); `msgid` is the source's id, so a replay is ignored.
  await db.schema
    .createTable("chat_messages")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("msgid", "text", (c) => c.notNull())
    .addColumn("sender", "text", (c) => c.notNull())
    .addColumn("receiver", "text")
    .addColumn("room_id", "text")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("text", "text")
    .addColumn("external_userid", "text")
    .addColumn("userid", "text")
    .addColumn("from_customer", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("sent_at", "timestamptz", (c) => c.notNull())
    .addColumn("received_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("chat_messages_pk", ["corp_id", "source", "msgid"])
    .execute();
  await sql`create index chat_messages_customer on chat_messages (corp_id, external_userid, sent_at desc)`.execute(
    db,
  );

  // Where each message source stopped (archive seq, kf cursor), per corp.
  await db.schema
    .createTable("message_cursors")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("cursor", "text", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("message_cursors_pk", ["corp_id", "source"])
    .execute();

  await db.schema
    .createTable("live_imports")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("file_name", "text")
    .addColumn("rows", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("matched", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("skipped", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("lives", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("created_by", "bigint")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await sql`create index live_imports_corp on live_imports (corp_id, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "live_imports",
    "message_cursors",
    "chat_messages",
    "staff_alerts",
    "tracked_link_opens",
    "tracked_link_tokens",
    "tracked_links",
    "activity_participations",
    "rule_tag_actions",
    "tag_rules",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
