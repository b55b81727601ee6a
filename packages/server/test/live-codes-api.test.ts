// The live-codes API: field-level refusals, a unique state, pool changes reaching the WeCom contact way,
// enable/disable, the QR PNG download, and the OpenAPI document the console is built from.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUser } from "../src/domains/auth/auth.repository.ts";
import { createApiToken } from "../src/domains/auth/auth.service.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

let w: LcWorld;
beforeAll(async () => {
  w = await startLcWorld({ members: ["a1", "a2", "a3"] });
});
afterAll(() => w.stop());

const create = (body: unknown) => w.api("POST", `/api/corps/${w.corpId}/live-codes`, body);
const emuWay = async (configId: string) => {
  const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
  return (await client.contactWay.get(configId)).contact_way;
};

describe("refuses invalid input with field-level errors", () => {
  it("a code with no staff", async () => {
    const res = await create({ name: "x", staff: [] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details).toContainEqual({
      path: "/staff",
      message: "a live code needs at least one staff member",
    });
  });

  it("a state over 30 characters", async () => {
    const res = await create({ name: "x", state: "s".repeat(31), staff: [{ userid: "a1" }] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual({
      path: "/state",
      message: "state is at most 30 characters (WeCom's limit)",
    });
  });

  it("a schedule with overlapping ranges", async () => {
    const res = await create({
      name: "x",
      staff: [
        {
          userid: "a1",
          schedule: [
            { weekday: 1, start: "09:00", end: "12:00" },
            { weekday: 1, start: "11:30", end: "14:00" },
            { weekday: 2, start: "11:30", end: "14:00" },
          ],
        },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: "/staff/0/schedule/1", message: "overlaps range 0 on weekday 1" },
    ]);
  });

  it("a welcome message with 10 attachments", async () => {
    const link = { type: "link", title: "t", url: "https://example.com/" };
    const res = await create({
      name: "x",
      staff: [{ userid: "a1" }],
      welcome: { text: "hi", attachments: Array.from({ length: 10 }, () => link) },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual({
      path: "/welcome/attachments",
      message: "at most 9 attachments (WeCom refuses more)",
    });
  });

  it("a member listed twice, and a range that ends before it starts", async () => {
    const res = await create({
      name: "x",
      staff: [{ userid: "a1", schedule: [{ weekday: 3, start: "18:00", end: "09:00" }] }],
      backupStaff: [{ userid: "a1" }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        { path: "/staff/0/schedule/0/end", message: "end must be after start" },
        { path: "/backupStaff/0/userid", message: "a1 is listed twice" },
      ]),
    );
  });

  it("a member WeCom does not know, without leaving a code behind", async () => {
    const res = await create({ name: "x", staff: [{ userid: "nobody" }] });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "WECOM_REJECTED" });
    expect((await w.api("GET", `/api/corps/${w.corpId}/live-codes`)).body.items).toEqual([]);
  });
});

it("keeps states unique per corp and generates one when none is given", async () => {
  const first = await create({ name: "门店 1", state: "store-1", staff: [{ userid: "a1" }] });
  expect(first.status).toBe(200);
  const dup = await create({ name: "门店 1 again", state: "store-1", staff: [{ userid: "a2" }] });
  expect(dup.status).toBe(409);
  expect(dup.body.error).toMatchObject({
    code: "LIVE_CODE_STATE_TAKEN",
    details: [{ path: "/state", message: "already used by another live code of this corp" }],
  });
  const generated = await create({ name: "自动", staff: [{ userid: "a2" }] });
  expect(generated.body.state).toMatch(/^lc_[A-Za-z0-9_-]+$/);
  expect(generated.body.state.length).toBeLessThanOrEqual(30);
  expect((await emuWay(generated.body.configId)).state).toBe(generated.body.state);
});

it("updates the WeCom contact way when the pool changes, and keeps it while disabled", async () => {
  const code = (
    await create({ name: "池", strategy: "least_load", staff: [{ userid: "a1" }, { userid: "a2" }] })
  ).body;
  expect((await emuWay(code.configId)).user).toEqual(["a1", "a2"]);

  const changed = await w.api("PATCH", `/api/corps/${w.corpId}/live-codes/${code.id}`, {
    staff: [{ userid: "a3" }, { userid: "a2" }],
  });
  expect(changed.status).toBe(200);
  expect(changed.body.staff.map((s: { userid: string }) => s.userid)).toEqual(["a3", "a2"]);
  expect(changed.body.routing.offeredUsers).toEqual(["a3", "a2"]);
  expect((await emuWay(code.configId)).user).toEqual(["a3", "a2"]);

  const off = await w.api("PATCH", `/api/corps/${w.corpId}/live-codes/${code.id}`, { enabled: false });
  expect(off.body.enabled).toBe(false);
  const on = await w.api("PATCH", `/api/corps/${w.corpId}/live-codes/${code.id}`, {
    enabled: true,
    staff: [{ userid: "a1" }],
  });
  expect(on.body.enabled).toBe(true);
  expect((await emuWay(code.configId)).user).toEqual(["a1"]);

  const bad = await w.api("PATCH", `/api/corps/${w.corpId}/live-codes/${code.id}`, { staff: [] });
  expect(bad.status).toBe(400);
});

it("serves the QR code as a PNG download", async () => {
  const code = (await create({ name: "二维码", staff: [{ userid: "a1" }] })).body;
  const res = await fetch(`${w.siyu.url}${code.qrPngUrl}?download=1`, { headers: w.headers });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("image/png");
  expect(res.headers.get("content-disposition")).toBe(`attachment; filename="live-code-${code.id}.png"`);
  const png = Buffer.from(await res.arrayBuffer());
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.length).toBeGreaterThan(500);
});

it("deletes a code together with its contact way", async () => {
  const code = (await create({ name: "删", staff: [{ userid: "a1" }] })).body;
  expect((await w.api("DELETE", `/api/corps/${w.corpId}/live-codes/${code.id}`)).status).toBe(200);
  await expect(emuWay(code.configId)).rejects.toMatchObject({ errcode: 41044 });
  expect((await w.api("GET", `/api/corps/${w.corpId}/live-codes/${code.id}`)).status).toBe(404);
});

it("documents the API in /api/openapi.json", async () => {
  const doc = (await w.api("GET", "/api/openapi.json")).body;
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      "/api/corps/{corpId}/live-codes",
      "/api/corps/{corpId}/live-codes/{id}",
      "/api/corps/{corpId}/live-codes/{id}/stats",
      "/api/corps/{corpId}/live-codes/{id}/qr.png",
      "/api/corps/{corpId}/welcome-messages",
      "/api/corps/{corpId}/outbox",
    ]),
  );
});

it("leaves out staff the directory knows cannot take customers", async () => {
  const code = (
    await create({ name: "离职", strategy: "least_load", staff: [{ userid: "a1" }, { userid: "a3" }] })
  ).body;
  expect((await emuWay(code.configId)).user).toEqual(["a1", "a3"]);
  // The directory sync has seen a3 leave.
  await w.siyu.ctx.db
    .insertInto("members")
    .values({
      corp_id: w.corpId,
      userid: "a3",
      name: "a3",
      status: 5,
      customer_contact: true,
      removed: false,
    })
    .execute();
  const res = await w.api("PATCH", `/api/corps/${w.corpId}/live-codes/${code.id}`, {
    strategy: "least_load",
  });
  expect(res.body.routing).toMatchObject({ offeredUsers: ["a1"], lastSyncError: null });
  expect((await emuWay(code.configId)).user).toEqual(["a1"]);
});

it("lets an operator configure codes and welcome messages, and staff only look", async () => {
  const token = async (role: "operator" | "staff") => {
    const user = await insertUser(w.siyu.ctx.db, { username: `lc-${role}`, password_hash: "x", role });
    return { authorization: `Bearer ${(await createApiToken(w.siyu.ctx, user!.id, role)).token}` };
  };
  const call = async (headers: Record<string, string>, method: string, path: string, body?: unknown) =>
    (
      await fetch(`${w.siyu.url}${path}`, {
        method,
        headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
    ).status;
  const operator = await token("operator");
  const staff = await token("staff");
  const codes = `/api/corps/${w.corpId}/live-codes`;
  const welcomes = `/api/corps/${w.corpId}/welcome-messages`;
  expect(await call(operator, "POST", codes, { name: "运营", staff: [{ userid: "a1" }] })).toBe(200);
  expect(await call(staff, "POST", codes, { name: "员工", staff: [{ userid: "a1" }] })).toBe(403);
  expect(await call(staff, "POST", welcomes, { scope: "staff", userid: "a1", text: "hi" })).toBe(403);
  expect(await call(staff, "GET", codes)).toBe(200);
});
