// Stages API: the pipeline per corp (rename, reorder, add, remove with "where do they go"), churn settings, manual
// moves (one and a selection) on the timeline, the board's columns and paging, the customers filter, and
// isolation between corps.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCorp } from "../src/domains/corps/corps.service.ts";
import { adminSession, startTestSiyu, type TestSiyu } from "./siyu.ts";

const corp = (corpId: string) => ({
  corpId,
  name: corpId,
  secret: "s",
  token: "t",
  aesKey: "a".repeat(43),
  apiBase: "http://127.0.0.1:9",
});

let siyu: TestSiyu;
let admin: Record<string, string>;
const ids: Record<string, string> = {};

interface Stage {
  id: string;
  key: string;
  name: string;
  position: number;
  builtin: boolean;
  count: number;
}
interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${siyu.url}${path}`, {
    method,
    headers: { ...admin, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function stages(corpId: string): Promise<Stage[]> {
  const { status, body } = await api<{ stages: Stage[] }>("GET", `/api/corps/${corpId}/stages`);
  expect(status).toBe(200);
  return body.stages;
}
const stageId = async (corpId: string, key: string) => (await stages(corpId)).find((s) => s.key === key)!.id;

async function timeline(externalUserId: string) {
  const { rows } = await sql<{ detail: Record<string, unknown> }>`select detail from contact_timeline
    where external_userid = ${externalUserId} and kind = 'stage.moved' order by id`.execute(siyu.ctx.db);
  return rows.map((r) => r.detail);
}

beforeAll(async () => {
  siyu = await startTestSiyu({ processor: false });
  admin = await adminSession(siyu.url);
  await addCorp(siyu.ctx, corp("wwA"));
  await addCorp(siyu.ctx, corp("wwB"));
  await sql`insert into members (corp_id, userid, name) values ('wwA', 'zhang', '张三'), ('wwA', 'li', '李四')`.execute(
    siyu.ctx.db,
  );
  for (let i = 1; i <= 30; i++) {
    const { rows } = await sql<{ id: string }>`insert into customers (corp_id, external_userid, name, avatar)
      values ('wwA', ${`wmA${i}`}, ${`客户${i}`}, ${`https://img.example/${i}.png`}) returning id`.execute(
      siyu.ctx.db,
    );
    ids[`A${i}`] = rows[0]!.id;
    await sql`insert into follow_relations (corp_id, external_userid, userid, status, added_at, updated_at)
      values ('wwA', ${`wmA${i}`}, ${i % 2 ? "zhang" : "li"}, 'active', now(), now())`.execute(siyu.ctx.db);
  }
  const { rows } = await sql<{ id: string }>`insert into customers (corp_id, external_userid, name)
    values ('wwB', 'wmB1', 'B客户') returning id`.execute(siyu.ctx.db);
  ids.B1 = rows[0]!.id;
}, 30_000);
afterAll(() => siyu.stop());

describe("the pipeline", () => {
  it("each corp has the defaults, with every customer in 'new'", async () => {
    const a = await stages("wwA");
    expect(a.map((s) => [s.key, s.name, s.count])).toEqual([
      ["new", "新客", 30],
      ["engaged", "互动", 0],
      ["first_order", "首单", 0],
      ["repeat", "复购", 0],
      ["churn_risk", "流失预警", 0],
      ["churned", "已流失", 0],
    ]);
    expect((await stages("wwB")).find((s) => s.key === "new")!.count).toBe(1);
    const unknown = await api<ErrorBody>("GET", "/api/corps/wwNope/stages");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("CORP_NOT_FOUND");
  });

  it("adds, renames and reorders stages, with field-level errors", async () => {
    const added = await api<Stage>("POST", "/api/corps/wwA/stages", { name: "意向高", position: 2 });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ name: "意向高", builtin: false, position: 2, count: 0 });
    expect((await stages("wwA")).map((s) => s.name)).toEqual([
      "新客",
      "互动",
      "意向高",
      "首单",
      "复购",
      "流失预警",
      "已流失",
    ]);

    const empty = await api<ErrorBody>("POST", "/api/corps/wwA/stages", { name: "  " });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: "VALIDATION_FAILED", details: [{ path: "/name" }] });
    const dup = await api<ErrorBody>("POST", "/api/corps/wwA/stages", { name: "意向高" });
    expect(dup.body.error).toMatchObject({ code: "VALIDATION_FAILED", details: [{ path: "/name" }] });

    const renamed = await api<Stage>("PATCH", `/api/corps/wwA/stages/${await stageId("wwA", "engaged")}`, {
      name: "已互动",
    });
    expect(renamed.body.name).toBe("已互动");

    const now = await stages("wwA");
    const reversed = [...now].reverse().map((s) => s.id);
    const ordered = await api<{ stages: Stage[] }>("PUT", "/api/corps/wwA/stages/order", {
      stageIds: reversed,
    });
    expect(ordered.body.stages.map((s) => s.id)).toEqual(reversed);
    expect(ordered.body.stages.map((s) => s.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const partial = await api<ErrorBody>("PUT", "/api/corps/wwA/stages/order", {
      stageIds: reversed.slice(1),
    });
    expect(partial.body.error).toMatchObject({ code: "VALIDATION_FAILED", details: [{ path: "/stageIds" }] });
    // Another corp's stage is not part of this corp's pipeline.
    const foreign = await api<ErrorBody>("PUT", "/api/corps/wwA/stages/order", {
      stageIds: [...reversed.slice(1), await stageId("wwB", "new")],
    });
    expect(foreign.status).toBe(400);
    await api("PUT", "/api/corps/wwA/stages/order", { stageIds: now.map((s) => s.id) });
  });

  it("churn settings are validated field by field and kept", async () => {
    const bad = await api<ErrorBody>("PUT", "/api/corps/wwA/stages/settings", {
      churnRiskDays: 90,
      churnedDays: 30,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "VALIDATION_FAILED", details: [{ path: "/churnedDays" }] });
    const { body } = await api<{ settings: unknown }>("GET", "/api/corps/wwA/stages");
    expect(body.settings).toEqual({ churnRiskDays: 60, churnedDays: 180 });
    const ok = await api("PUT", "/api/corps/wwA/stages/settings", { churnRiskDays: 30, churnedDays: 90 });
    expect(ok.body).toEqual({ churnRiskDays: 30, churnedDays: 90 });
    await api("PUT", "/api/corps/wwA/stages/settings", { churnRiskDays: 60, churnedDays: 180 });
  });
});

describe("moving customers by hand", () => {
  it("a move changes the stage and is on the timeline with from, to and reason", async () => {
    const engaged = await stageId("wwA", "engaged");
    const moved = await api<{ stage: Stage; source: string; reason: string }>(
      "POST",
      `/api/corps/wwA/customers/${ids.A1}/stage`,
      { stageId: engaged },
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ stage: { key: "engaged" }, source: "manual", reason: "manual" });
    expect(await timeline("wmA1")).toEqual([
      expect.objectContaining({
        from: "new",
        to: "engaged",
        toName: "已互动",
        reason: "manual",
        source: "manual",
      }),
    ]);
    // The customer detail's timeline shows it too.
    const detail = await api<{ timeline: { kind: string }[] }>("GET", `/api/customers/${ids.A1}`);
    expect(detail.body.timeline.map((t) => t.kind)).toContain("stage.moved");
    // Moving to the stage the customer is in changes nothing.
    await api("POST", `/api/corps/wwA/customers/${ids.A1}/stage`, { stageId: engaged });
    expect(await timeline("wmA1")).toHaveLength(1);
  });

  it("another corp can't see or move this corp's customers, nor use its stages", async () => {
    const bNew = await stageId("wwB", "new");
    const aChurned = await stageId("wwA", "churned");
    const viaB = await api<ErrorBody>("POST", `/api/corps/wwB/customers/${ids.A2}/stage`, { stageId: bNew });
    expect(viaB.status).toBe(404);
    expect(viaB.body.error.code).toBe("CUSTOMER_NOT_FOUND");
    const read = await api<ErrorBody>("GET", `/api/corps/wwB/customers/${ids.A2}/stage`);
    expect(read.status).toBe(404);
    const foreignStage = await api<ErrorBody>("POST", `/api/corps/wwB/customers/${ids.B1}/stage`, {
      stageId: aChurned,
    });
    expect(foreignStage.status).toBe(404);
    expect(foreignStage.body.error.code).toBe("STAGE_NOT_FOUND");
    const bulk = await api<{ matched: number; moved: number }>("POST", "/api/corps/wwB/stage-moves", {
      stageId: bNew,
      customerIds: [ids.A2, ids.A3],
    });
    expect(bulk.body).toEqual({ matched: 0, moved: 0 });
    const a2 = await api<{ stage: Stage }>("GET", `/api/corps/wwA/customers/${ids.A2}/stage`);
    expect(a2.body.stage.key).toBe("new");
    expect(await timeline("wmA2")).toEqual([]);
  });

  it("moves a selection by ids or by a customer-list filter", async () => {
    const firstOrder = await stageId("wwA", "first_order");
    const byIds = await api<{ matched: number; moved: number }>("POST", "/api/corps/wwA/stage-moves", {
      stageId: firstOrder,
      customerIds: [ids.A2, ids.A3, ids.A4],
    });
    expect(byIds.body).toEqual({ matched: 3, moved: 3 });
    // Customers of 李四 (even numbers) still in "new" → repeat; A2 and A4 are in first_order already.
    const repeat = await stageId("wwA", "repeat");
    const byFilter = await api<{ matched: number; moved: number }>("POST", "/api/corps/wwA/stage-moves", {
      stageId: repeat,
      filter: { staff: "li", stage: ["new"] },
    });
    expect(byFilter.body).toEqual({ matched: 13, moved: 13 });
    const list = await api<{ items: { id: string }[] }>(
      "GET",
      "/api/customers?corpId=wwA&stage=repeat&limit=200",
    );
    expect(list.body.items).toHaveLength(13);
    const both = await api<{ items: { id: string }[] }>(
      "GET",
      `/api/customers?corpId=wwA&stage=first_order,${await stageId("wwA", "engaged")}&limit=200`,
    );
    expect(both.body.items.map((i) => i.id).sort()).toEqual([ids.A1, ids.A2, ids.A3, ids.A4].sort());
    const invalid = await api<ErrorBody>("POST", "/api/corps/wwA/stage-moves", { stageId: repeat });
    expect(invalid.body.error).toMatchObject({
      code: "VALIDATION_FAILED",
      details: [{ path: "/customerIds" }],
    });
  });
});

describe("the board", () => {
  it("shows every column with its count and pages each column without gaps or repeats", async () => {
    const { body } = await api<{
      columns: {
        stage: Stage;
        items: { id: string; name: string; avatar: string; owners: { name: string }[] }[];
        nextCursor: string | null;
      }[];
    }>("GET", "/api/corps/wwA/stages/board?limit=5");
    const byKey = Object.fromEntries(body.columns.map((c) => [c.stage.key, c]));
    expect(byKey.new!.stage.count).toBe(13);
    expect(byKey.repeat!.stage.count).toBe(13);
    expect(byKey.new!.items).toHaveLength(5);
    expect(byKey.first_order!.items[0]).toMatchObject({ owners: [{ name: expect.any(String) }] });
    expect(byKey.first_order!.items[0]!.avatar).toMatch(/^https:\/\/img\.example\//);
    const seen = byKey.repeat!.items.map((i) => i.id);
    let cursor = byKey.repeat!.nextCursor;
    while (cursor) {
      const page = await api<{ items: { id: string }[]; nextCursor: string | null }>(
        "GET",
        `/api/corps/wwA/stages/${byKey.repeat!.stage.id}/customers?limit=5&cursor=${encodeURIComponent(cursor)}`,
      );
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    }
    expect(seen).toHaveLength(13);
    expect(new Set(seen).size).toBe(13);
  });
});

describe("removing a stage", () => {
  it("a default stage can't be removed; a stage with customers asks where they go", async () => {
    const builtin = await api<ErrorBody>(
      "DELETE",
      `/api/corps/wwA/stages/${await stageId("wwA", "churned")}`,
    );
    expect(builtin.status).toBe(409);
    expect(builtin.body.error.code).toBe("STAGE_BUILTIN");

    const custom = (await stages("wwA")).find((s) => s.name === "意向高")!;
    await api("POST", "/api/corps/wwA/stage-moves", { stageId: custom.id, customerIds: [ids.A5, ids.A7] });
    const refused = await api<ErrorBody>("DELETE", `/api/corps/wwA/stages/${custom.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "STAGE_NOT_EMPTY", details: { count: 2 } });
    expect((await stages("wwA")).find((s) => s.id === custom.id)!.count).toBe(2);

    const self = await api<ErrorBody>("DELETE", `/api/corps/wwA/stages/${custom.id}?moveTo=${custom.id}`);
    expect(self.body.error).toMatchObject({ code: "VALIDATION_FAILED", details: [{ path: "/moveTo" }] });

    const engaged = await stageId("wwA", "engaged");
    const removed = await api<{ removed: boolean; moved: number }>(
      "DELETE",
      `/api/corps/wwA/stages/${custom.id}?moveTo=${engaged}`,
    );
    expect(removed.body).toEqual({ removed: true, moved: 2 });
    const after = await stages("wwA");
    expect(after.map((s) => s.key)).toEqual([
      "new",
      "engaged",
      "first_order",
      "repeat",
      "churn_risk",
      "churned",
    ]);
    expect(after.map((s) => s.position)).toEqual([0, 1, 2, 3, 4, 5]);
    expect((await timeline("wmA5")).at(-1)).toMatchObject({
      fromName: "意向高",
      to: "engaged",
      reason: "stage.removed",
    });
  });
});
