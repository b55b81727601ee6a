// Per-corp WeCom clients built from stored credentials, talking to the emulator.
import { DEMO_CORP_ID, DEMO_SECRET, startEmulator } from "@siyu/emulator";
import { WeComApiError } from "@siyu/wecom";
import { afterAll, beforeAll, expect, it } from "vitest";
import { putCorp } from "../src/domains/corps/corps.service.ts";
import { startTestSiyu, type TestSiyu } from "./siyu.ts";

let siyu: TestSiyu;
let emu: Awaited<ReturnType<typeof startEmulator>>;
const corp = (secret: string) => ({
  corpId: DEMO_CORP_ID,
  name: "demo",
  secret,
  token: "Tok",
  aesKey: "Q".repeat(43),
  apiBase: emu.url,
});

beforeAll(async () => {
  emu = await startEmulator({ demo: { customers: 50 } });
  siyu = await startTestSiyu();
});
afterAll(async () => {
  await siyu.stop();
  await emu.close();
});

it("builds one client per corp from its sealed credentials and rebuilds it when they change", async () => {
  await putCorp(siyu.ctx, corp("wrong-secret"));
  const bad = await siyu.ctx.wecom.forCorp(siyu.ctx, DEMO_CORP_ID);
  expect(await siyu.ctx.wecom.forCorp(siyu.ctx, DEMO_CORP_ID)).toBe(bad);
  await expect(bad.request("GET", "/cgi-bin/externalcontact/get_follow_user_list")).rejects.toMatchObject({
    errcode: 40001,
  });
  await expect(bad.getToken()).rejects.toBeInstanceOf(WeComApiError);

  await putCorp(siyu.ctx, corp(DEMO_SECRET));
  const good = await siyu.ctx.wecom.forCorp(siyu.ctx, DEMO_CORP_ID);
  expect(good).not.toBe(bad);
  const res = await good.request<{ follow_user: string[] }>(
    "GET",
    "/cgi-bin/externalcontact/get_follow_user_list",
  );
  expect(res.follow_user.length).toBeGreaterThan(0);
});

it("says CORP_NOT_FOUND for a corp that is not configured", async () => {
  await expect(siyu.ctx.wecom.forCorp(siyu.ctx, "wwNobody")).rejects.toMatchObject({
    code: "CORP_NOT_FOUND",
  });
});
