// The event processor: exactly-once effects for 1,000 callbacks with duplicates; retries, dead events, replay.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/database.ts";
import { addCorp } from "../src/domains/corps/corps.service.ts";
import { HandlerRegistry } from "../src/domains/inbox/handlers.ts";
import { backoffMs, processBatch, startProcessor } from "../src/domains/inbox/inbox.processor.ts";
import { handlerRegistry } from "../src/server.ts";
import { contactEventXml, postCallback, type TestCorp } from "./callbacks.ts";
import { adminSession, startTestSiyu, type TestSiyu } from "./siyu.ts";

const corp: TestCorp = {
  corpId: "wwProcessor",
  secret: "s",
  token: "ProcToken",
  aesKey: "Z".repeat(43),
};

let siyu: TestSiyu;
beforeAll(async () => {
  siyu = await startTestSiyu();
  await addCorp(siyu.ctx, {
    corpId: corp.corpId,
    name: "P",
    secret: corp.secret,
    token: corp.token,
    aesKey: corp.aesKey,
  });
});
afterAll(async () => {
  await siyu.processor?.stop(); // may be the one the "several processes" test restarted
  await siyu.stop();
});

const count = async (q: string) => Number((await sql.raw<{ n: string }>(q).execute(siyu.ctx.db)).rows[0]!.n);

describe("processing", () => {
  it("1,000 callbacks of which 100 are duplicates → exactly 900 events processed", async () => {
    const unique = Array.from({ length: 900 }, (_, i) =>
      contactEventXml(corp.corpId, {
        changeType: "add_external_contact",
        userId: `staff${i % 7}`,
        externalUserId: `wmCustomer${i}`,
        createTime: 1_700_000_000 + i,
        state: "store-1",
      }),
    );
    const all = [...unique, ...unique.slice(0, 100)];
    // Send in concurrent waves, as WeCom does.
    for (let i = 0; i < all.length; i += 50) {
      const statuses = await Promise.all(
        all.slice(i, i + 50).map((x) => postCallback(siyu.url, corp, x).then((r) => r.status)),
      );
      expect(statuses.every((s) => s === 200)).toBe(true);
    }
    await siyu.processor!.drain();
    expect(await count("select count(*) as n from inbox_events where status = 'done'")).toBe(900);
    expect(await count("select count(*) as n from contact_timeline where kind = 'customer.added'")).toBe(900);
    expect(await count("select count(*) as n from follow_relations where status = 'active'")).toBe(900);
  });

  it("applies a later delete and ignores an older add that arrives after it", async () => {
    const base = { userId: "staffX", externalUserId: "wmOutOfOrder" };
    await postCallback(
      siyu.url,
      corp,
      contactEventXml(corp.corpId, { ...base, changeType: "del_follow_user", createTime: 1_700_100_010 }),
    );
    await postCallback(
      siyu.url,
      corp,
      contactEventXml(corp.corpId, {
        ...base,
        changeType: "add_external_contact",
        createTime: 1_700_100_000,
      }),
    );
    await siyu.processor!.drain();
    const rel = await siyu.ctx.db
      .selectFrom("follow_relations")
      .select("status")
      .where("corp_id", "=", corp.corpId)
      .where("external_userid", "=", "wmOutOfOrder")
      .executeTakeFirstOrThrow();
    expect(rel.status).toBe("deleted_by_customer");
  });
});

describe("several processes", () => {
  it("share the inbox: three processors on separate pools process each event exactly once", async () => {
    const { ctx } = siyu;
    const rows = Array.from({ length: 600 }, (_, i) => ({
      corp_id: corp.corpId,
      event_key: `shared-${i}`,
      event_type: "change_external_contact/add_external_contact",
      payload: contactEventXml(corp.corpId, {
        changeType: "add_external_contact",
        userId: "staffShared",
        externalUserId: `wmShared${i}`,
        createTime: 1_700_300_000 + i,
      }),
    }));
    // Stop the app's own processor so only the three below compete.
    await siyu.processor!.stop();
    await ctx.db.insertInto("inbox_events").values(rows).execute();
    const pools = [0, 1, 2].map(() => openDatabase(siyu.database.url, { max: 2 }));
    const processors = pools.map((db) =>
      startProcessor({ ...ctx, db }, handlerRegistry(), { batchSize: 20 }),
    );
    await Promise.all(processors.map((p) => p.drain()));
    await Promise.all(processors.map((p) => p.stop()));
    await Promise.all(pools.map((db) => db.destroy()));
    expect(
      await count(
        "select count(*) as n from inbox_events where event_key like 'shared-%' and status = 'done' and attempts = 1",
      ),
    ).toBe(600);
    siyu.processor = startProcessor(ctx, handlerRegistry());
    expect(
      await count(
        "select count(*) as n from contact_timeline where userid = 'staffShared' and kind = 'customer.added'",
      ),
    ).toBe(600);
    // No handler's entry (the add, the stage entry, …) was written twice by competing processors.
    expect(
      await count(
        "select count(*) as n from (select 1 from contact_timeline where userid = 'staffShared' group by external_userid, kind having count(*) > 1) t",
      ),
    ).toBe(0);
  });
});

describe("failures", () => {
  it("retries with backoff, parks a failing event as dead, and replays it through the API", async () => {
    let now = Date.UTC(2030, 0, 1);
    const clock = { now: () => now };
    const ctx = { ...siyu.ctx, clock };
    const xml = contactEventXml(corp.corpId, {
      changeType: "edit_external_contact",
      userId: "u",
      externalUserId: "wmBroken",
      createTime: 1_700_200_000,
    });
    const [row] = await ctx.db
      .insertInto("inbox_events")
      .values({
        corp_id: corp.corpId,
        event_key: "test-broken",
        event_type: "change_external_contact/edit_external_contact",
        payload: xml,
        received_at: new Date(now),
        next_attempt_at: new Date(now),
      })
      .returning("id")
      .execute();
    const failing = new HandlerRegistry().on("change_external_contact/edit_external_contact", async () => {
      throw new Error("downstream unavailable");
    });
    const state = () =>
      ctx.db.selectFrom("inbox_events").selectAll().where("id", "=", row!.id).executeTakeFirstOrThrow();

    await processBatch(ctx, failing, { maxAttempts: 3 });
    let ev = await state();
    expect(ev.status).toBe("pending");
    expect(ev.attempts).toBe(1);
    expect(ev.last_error).toContain("downstream unavailable");
    expect(ev.next_attempt_at.getTime()).toBe(now + backoffMs(1));

    // Not due yet: nothing happens.
    await processBatch(ctx, failing, { maxAttempts: 3 });
    expect((await state()).attempts).toBe(1);

    for (let i = 0; i < 2; i++) {
      now += 3600_000;
      await processBatch(ctx, failing, { maxAttempts: 3 });
    }
    ev = await state();
    expect(ev.status).toBe("dead");
    expect(ev.attempts).toBe(3);

    const headers = await adminSession(siyu.url);
    const dead = (await (await fetch(`${siyu.url}/api/inbox/dead`, { headers })).json()) as {
      items: Array<{ id: string; error: string }>;
    };
    expect(dead.items.find((d) => d.id === row!.id)?.error).toContain("downstream unavailable");

    const replay = await fetch(`${siyu.url}/api/inbox/${row!.id}/replay`, { method: "POST", headers });
    expect(replay.status).toBe(200);
    await siyu.processor!.drain(); // the real handlers succeed now
    ev = await state();
    expect(ev.status).toBe("done");
    const again = await fetch(`${siyu.url}/api/inbox/${row!.id}/replay`, { method: "POST", headers });
    expect(again.status).toBe(409);
  });
});
