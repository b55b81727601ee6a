// Daily caps reset at local midnight: a capped staff member hands over to the backup, and takes customers
// again the next day without anyone touching the code.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type LcWorld, startLcWorld, waitFor } from "./live-codes-world.ts";

let offset = 0;
let w: LcWorld;
beforeAll(async () => {
  w = await startLcWorld({ members: ["day", "bk"], clock: { now: () => Date.now() + offset } });
});
afterAll(() => w.stop());

it("hands over at the cap and takes customers again after midnight", async () => {
  const code = (
    await w.api("POST", `/api/corps/${w.corpId}/live-codes`, {
      name: "限额",
      dailyCap: 1,
      staff: [{ userid: "day" }],
      backupStaff: [{ userid: "bk" }],
    })
  ).body;
  const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
  const users = async () => (await client.contactWay.get(code.configId)).contact_way.user;
  expect(await users()).toEqual(["day"]);

  const first = await w.people<{ userid: string }>("scan-contact-way", { configId: code.configId });
  expect(first.userid).toBe("day");
  await waitFor(async () => JSON.stringify(await users()) === '["bk"]');
  const second = await w.people<{ userid: string }>("scan-contact-way", { configId: code.configId });
  expect(second.userid).toBe("bk");

  offset = 24 * 3600_000; // the next day in Siyu's clock: the midnight check re-routes the code
  await waitFor(async () => JSON.stringify(await users()) === '["day"]');
  const view = (await w.api("GET", `/api/corps/${w.corpId}/live-codes/${code.id}`)).body;
  expect(view.today.adds).toBe(0);
  expect(view.staff[0].addsToday).toBe(0);
});
