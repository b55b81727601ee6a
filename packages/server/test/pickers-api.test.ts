// The pickers' API over a synced emulator corp: members searched by userid or name with their departments and
// status; customer groups searched, filtered by owner and paged by keyset; a staff user sees only their own
// member and groups; another corp sees none of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUser } from "../src/domains/auth/auth.repository.ts";
import { createApiToken } from "../src/domains/auth/auth.service.ts";
import { addCorp } from "../src/domains/corps/corps.service.ts";
import { linkUserToMember } from "../src/domains/customers/customers.scope.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

let w: LcWorld;
const chats: Record<string, string> = {};

interface Member {
  userid: string;
  name: string;
  departments: { id: number; name: string | null }[];
  status: string;
}
interface Group {
  chatId: string;
  name: string;
  owner: string | null;
  ownerName: string | null;
  memberCount: number;
  status: string;
  dismissed: boolean;
}

beforeAll(async () => {
  w = await startLcWorld();
  const dept = await w.control<{ id: number }>("POST", `/_emulator/corps/${w.corpId}/departments`, {
    name: "华东区",
  });
  const members = [
    { userid: "zhang.san", name: "张三", department: [dept.id] },
    { userid: "li.si", name: "李四", department: [1, dept.id] },
    { userid: "wang.wu", name: "王五", department: [1], status: 2 },
    { userid: "zhao.liu", name: "赵六", department: [1] },
  ];
  for (const m of members) await w.control("POST", `/_emulator/corps/${w.corpId}/members`, m);
  const groups: [string, string][] = [
    ["会员群1", "zhang.san"],
    ["会员群2", "zhang.san"],
    ["会员群3", "li.si"],
    ["会员群4", "li.si"],
    ["会员群5", "li.si"],
    ["新品试用群", "zhao.liu"],
    ["待解散群", "zhao.liu"],
  ];
  for (const [name, owner] of groups)
    chats[name] = (await w.people<{ chatId: string }>("create-group", { owner, name })).chatId;
  await w.people("join-group", { chatId: chats.会员群1, customer: { name: "群客户" } });
  await (await startSync(w.siyu.ctx, w.corpId, "full")).promise;
  await w.people("dismiss-group", { chatId: chats.待解散群 });
  await w.settle();
}, 30_000);
afterAll(() => w.stop());

const members = (qs = "", headers?: Record<string, string>) =>
  call<{ items: Member[] }>(`/api/corps/${w.corpId}/members${qs}`, headers);
const groups = (qs = "", headers?: Record<string, string>, corpId = w.corpId) =>
  call<{ items: Group[]; nextAfter: string | null }>(`/api/corps/${corpId}/groups${qs}`, headers);

async function call<T>(path: string, headers = w.headers): Promise<{ status: number; body: T }> {
  const res = await fetch(`${w.siyu.url}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as T };
}

describe("members", () => {
  it("searches by userid or name, active first, with departments and status", async () => {
    const all = await members();
    expect(all.status).toBe(200);
    expect(all.body.items.map((m) => m.userid)).toContain("zhao.liu");
    expect(all.body.items.at(-1)).toMatchObject({ userid: "wang.wu", status: "disabled" });

    const byName = await members(`?q=${encodeURIComponent("李")}`);
    expect(byName.body.items).toEqual([
      expect.objectContaining({
        userid: "li.si",
        name: "李四",
        status: "active",
        departments: [
          expect.objectContaining({ id: 1 }),
          expect.objectContaining({ id: expect.any(Number) }),
        ],
      }),
    ]);
    expect((await members("?q=ZHANG")).body.items.map((m) => m.userid)).toEqual(["zhang.san"]);
    expect((await members("?ids=zhao.liu,li.si")).body.items.map((m) => m.userid).sort()).toEqual([
      "li.si",
      "zhao.liu",
    ]);
    // Pattern characters are searched literally.
    expect((await members("?q=%25")).body.items).toEqual([]);
    expect((await members("?limit=2")).body.items).toHaveLength(2);
  });

  it("refuses a bad limit field by field", async () => {
    const res = await call<{ error: { code: string; details: { path: string }[] } }>(
      `/api/corps/${w.corpId}/members?limit=500`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details[0]?.path).toBe("/limit");
  });
});

describe("groups", () => {
  it("lists groups by name with owner, member count and dismissal, and searches them", async () => {
    const page = await groups("?limit=50");
    expect(page.status).toBe(200);
    expect(page.body.nextAfter).toBeNull();
    expect(page.body.items.map((g) => g.name)).toEqual(
      ["会员群1", "会员群2", "会员群3", "会员群4", "会员群5", "待解散群", "新品试用群"].sort(),
    );
    const first = page.body.items.find((g) => g.chatId === chats.会员群1);
    expect(first).toMatchObject({ owner: "zhang.san", ownerName: "张三", memberCount: 2, dismissed: false });
    expect(page.body.items.find((g) => g.chatId === chats.待解散群)?.dismissed).toBe(true);

    expect((await groups("?dismissed=false&limit=50")).body.items.map((g) => g.name)).not.toContain(
      "待解散群",
    );
    expect((await groups(`?q=${encodeURIComponent("试用")}`)).body.items.map((g) => g.name)).toEqual([
      "新品试用群",
    ]);
    expect((await groups("?owner=li.si")).body.items.map((g) => g.name)).toEqual([
      "会员群3",
      "会员群4",
      "会员群5",
    ]);
    expect((await groups(`?ids=${chats.会员群2}`)).body.items.map((g) => g.name)).toEqual(["会员群2"]);
  });

  it("pages by keyset: every group once, in order", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await groups(`?limit=3${after ? `&after=${after}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((g) => g.name));
      after = res.body.nextAfter;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual((await groups("?limit=50")).body.items.map((g) => g.name));

    const bad = await call<{ error: { code: string; details: { path: string }[] } }>(
      `/api/corps/${w.corpId}/groups?after=nonsense`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]?.path).toBe("/after");
  });
});

describe("scope", () => {
  it("shows a staff user only their linked member and the groups that member owns", async () => {
    const user = await insertUser(w.siyu.ctx.db, {
      username: "picker-staff",
      password_hash: "x",
      role: "staff",
    });
    const staff = { authorization: `Bearer ${(await createApiToken(w.siyu.ctx, user!.id, "t")).token}` };
    expect((await members("", staff)).body.items).toEqual([]);
    expect((await groups("", staff)).body.items).toEqual([]);

    await linkUserToMember(w.siyu.ctx, user!.id, w.corpId, "li.si");
    expect((await members("", staff)).body.items.map((m) => m.userid)).toEqual(["li.si"]);
    expect((await groups("", staff)).body.items.map((g) => g.owner)).toEqual(["li.si", "li.si", "li.si"]);
    expect((await groups("?owner=zhang.san", staff)).body.items).toEqual([]);
  });

  it("keeps corps apart: another corp lists none of this corp's members or groups", async () => {
    await addCorp(w.siyu.ctx, {
      corpId: "wwPickerOther",
      name: "Other",
      secret: "s",
      token: "T",
      aesKey: "A".repeat(43),
      apiBase: w.emu.url,
    });
    expect((await call<{ items: Member[] }>("/api/corps/wwPickerOther/members")).body.items).toEqual([]);
    expect((await groups("", undefined, "wwPickerOther")).body.items).toEqual([]);
    expect((await groups(`?ids=${chats.会员群1}`, undefined, "wwPickerOther")).body.items).toEqual([]);
    expect((await call<{ items: Member[] }>("/api/corps/wwPickerOther/members?q=li")).body.items).toEqual([]);
  });

  it("documents both in /api/openapi.json", async () => {
    const spec = await call<{ paths: Record<string, unknown> }>("/api/openapi.json");
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(["/api/corps/{corpId}/members", "/api/corps/{corpId}/groups"]),
    );
  });
});
