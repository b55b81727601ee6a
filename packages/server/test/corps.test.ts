// Corps: secrets sealed at rest and never returned; several corps per deployment, each sees only its own data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerTimeline } from "../src/domains/contacts/contacts.handlers.ts";
import { contactEventXml, postCallback } from "./callbacks.ts";
import { adminSession, startTestSiyu, type TestSiyu } from "./siyu.ts";

let siyu: TestSiyu;
let headers: Record<string, string>;
const corpA = {
  corpId: "wwCorpA",
  name: "品牌甲",
  secret: "secret-of-a-123",
  token: "TokenA",
  aesKey: "A".repeat(43),
};
const corpB = {
  corpId: "wwCorpB",
  name: "品牌乙",
  secret: "secret-of-b-456",
  token: "TokenB",
  aesKey: "B".repeat(43),
};

beforeAll(async () => {
  siyu = await startTestSiyu();
  headers = { ...(await adminSession(siyu.url)), "content-type": "application/json" };
});
afterAll(() => siyu.stop());

const post = (body: unknown) =>
  fetch(`${siyu.url}/api/corps`, { method: "POST", headers, body: JSON.stringify(body) });

describe("corps", () => {
  it("adds corps, lists them without secrets, and keeps secrets encrypted at rest", async () => {
    expect((await post(corpA)).status).toBe(200);
    expect((await post(corpB)).status).toBe(200);
    const list = await (await fetch(`${siyu.url}/api/corps`, { headers })).text();
    expect(JSON.parse(list).items.map((c: { corpId: string }) => c.corpId)).toEqual(["wwCorpA", "wwCorpB"]);
    for (const secret of [corpA.secret, corpA.token, corpA.aesKey]) expect(list).not.toContain(secret);

    const raw = JSON.stringify(await siyu.ctx.db.selectFrom("corps").selectAll().execute());
    for (const secret of [corpA.secret, corpB.secret, corpA.aesKey, "TokenA"])
      expect(raw).not.toContain(secret);
  });

  it("rejects a duplicate corp and invalid credentials with codes that say what to fix", async () => {
    const dup = await post(corpA);
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { error: { code: string } }).error.code).toBe("CORP_EXISTS");
    const bad = await post({ ...corpA, corpId: "wwBad", aesKey: "short" });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as {
      error: { code: string; details: Array<{ path: string; message: string }> };
    };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.details[0]!.message).toMatch(/43/);
  });

  it("one corp cannot see another's customers, even with the same external id", async () => {
    const at = 1_720_000_000;
    const ev = (corpId: string, userId: string) =>
      contactEventXml(corpId, {
        changeType: "add_external_contact",
        userId,
        externalUserId: "wmShared",
        createTime: at,
      });
    expect((await postCallback(siyu.url, corpA, ev(corpA.corpId, "alice"))).status).toBe(200);
    expect((await postCallback(siyu.url, corpB, ev(corpB.corpId, "bob"))).status).toBe(200);
    await siyu.processor!.drain();
    const a = await customerTimeline(siyu.ctx, corpA.corpId, "wmShared");
    const b = await customerTimeline(siyu.ctx, corpB.corpId, "wmShared");
    // Each corp's timeline holds its own member's add (and the stage entry it caused), nothing of the other's.
    expect(a.filter((r) => r.kind === "customer.added").map((r) => r.userid)).toEqual(["alice"]);
    expect(b.filter((r) => r.kind === "customer.added").map((r) => r.userid)).toEqual(["bob"]);
    expect(new Set(a.map((r) => r.userid))).toEqual(new Set(["alice"]));
    expect(new Set(b.map((r) => r.userid))).toEqual(new Set(["bob"]));
    // A callback signed with corp A's keys is refused at corp B's URL.
    expect((await postCallback(siyu.url, corpA, ev(corpA.corpId, "mallory"), corpB.corpId)).status).toBe(401);
  });
});
