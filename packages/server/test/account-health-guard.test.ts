// The add-rate guard on live codes: a new account that took newPassivePerMinute − 1 customers within a minute is
// not offered until the minute has passed (an old account is not held); the emulator records no add-rate risk.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type LcWorld, startLcWorld, waitFor } from "./live-codes-world.ts";

let offset = 0;
let w: LcWorld;
beforeAll(async () => {
  w = await startLcWorld({ members: ["fresh", "veteran"], clock: { now: () => Date.now() + offset } });
  await w.siyu.ctx.db
    .insertInto("members")
    .values(
      ["fresh", "veteran"].map((userid) => ({
        corp_id: w.corpId,
        userid,
        name: userid,
        customer_contact: true,
      })),
    )
    .execute();
}, 60_000);
afterAll(() => w.stop());

it("holds a new account at its passive-add threshold for the rest of the minute", async () => {
  expect(
    (await w.api("PATCH", `/api/corps/${w.corpId}/add-rate-settings`, { newPassivePerMinute: 3 })).status,
  ).toBe(200);
  expect(
    (await w.api("PUT", `/api/corps/${w.corpId}/account-health/veteran`, { createdOn: "2024-01-01" })).status,
  ).toBe(200);
  const code = (
    await w.api("POST", `/api/corps/${w.corpId}/live-codes`, {
      name: "新号",
      strategy: "least_load",
      staff: [{ userid: "fresh" }, { userid: "veteran" }],
    })
  ).body;
  const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
  const users = async () => (await client.contactWay.get(code.configId)).contact_way.user ?? [];
  const adds = async (userid: string) =>
    (await w.api("GET", `/api/corps/${w.corpId}/live-codes/${code.id}`)).body.staff.find(
      (s: { userid: string }) => s.userid === userid,
    ).addsToday;

  // Two customers of the fresh account within the minute: one more would reach 3.
  for (let i = 0; i < 2; i++) {
    await w.people("scan-contact-way", { configId: code.configId, userid: "fresh" });
    await waitFor(async () => (await adds("fresh")) === i + 1);
  }
  await waitFor(async () => JSON.stringify(await users()) === '["veteran"]');
  // The veteran takes two as well and is not held (it is not new).
  for (let i = 0; i < 2; i++) {
    await w.people("scan-contact-way", { configId: code.configId, userid: "veteran" });
    await waitFor(async () => (await adds("veteran")) === i + 1);
  }
  await new Promise((r) => setTimeout(r, 300));
  expect(await users()).toContain("veteran");
  expect(await users()).not.toContain("fresh");

  offset += 62_000; // the minute has passed in Siyu's clock
  await waitFor(async () => (await users()).includes("fresh"));
});
