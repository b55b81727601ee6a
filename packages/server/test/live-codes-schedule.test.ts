// Online schedules at work: with Siyu's clock moved past a schedule boundary, the scheduler re-routes the code
// and the WeCom contact way follows (staff on shift → next shift → everyone off, the backup takes customers).
import { afterAll, beforeAll, expect, it } from "vitest";
import { type LcWorld, startLcWorld, waitFor } from "./live-codes-world.ts";

// Monday 2026-11-23 10:30 in Shanghai.
const MONDAY_1030 = Date.UTC(2026, 10, 23, 2, 30);
let offset = 0;
let w: LcWorld;

beforeAll(async () => {
  w = await startLcWorld({ members: ["am", "pm", "bk"], clock: { now: () => MONDAY_1030 + offset } });
});
afterAll(() => w.stop());

it("follows the shifts: morning staff, afternoon staff, then the backup after hours", async () => {
  const code = (
    await w.api("POST", `/api/corps/${w.corpId}/live-codes`, {
      name: "班次",
      staff: [
        { userid: "am", schedule: [{ weekday: 1, start: "09:00", end: "11:00" }] },
        { userid: "pm", schedule: [{ weekday: 1, start: "11:00", end: "18:00" }] },
      ],
      backupStaff: [{ userid: "bk" }],
    })
  ).body;
  const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
  const users = async () => (await client.contactWay.get(code.configId)).contact_way.user;
  expect(await users()).toEqual(["am"]);

  offset = 31 * 60_000; // 11:01
  await waitFor(async () => JSON.stringify(await users()) === '["pm"]');

  offset = (7 * 60 + 31) * 60_000; // 18:01
  await waitFor(async () => JSON.stringify(await users()) === '["bk"]');
  const view = (await w.api("GET", `/api/corps/${w.corpId}/live-codes/${code.id}`)).body;
  expect(view.routing).toMatchObject({ offeredUsers: ["bk"], lastSyncError: null });
});

it("reads schedules in the code's own UTC offset", async () => {
  // Now: Monday 18:01 in Shanghai = Monday 10:01 UTC.
  const shift = [{ userid: "am", schedule: [{ weekday: 1, start: "10:00", end: "11:00" }] }];
  const utc = await w.api("POST", `/api/corps/${w.corpId}/live-codes`, {
    name: "UTC",
    utcOffsetMinutes: 0,
    staff: shift,
    backupStaff: [{ userid: "bk" }],
  });
  expect(utc.body).toMatchObject({ utcOffsetMinutes: 0, routing: { offeredUsers: ["am"] } });
  const shanghai = await w.api("POST", `/api/corps/${w.corpId}/live-codes`, {
    name: "上海",
    staff: shift,
    backupStaff: [{ userid: "bk" }],
  });
  expect(shanghai.body).toMatchObject({ utcOffsetMinutes: 480, routing: { offeredUsers: ["bk"] } });
});
