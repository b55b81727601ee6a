import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WeComClient } from "@siyu/wecom";
import { afterEach, describe, expect, it } from "vitest";
import {
  createClock,
  DEMO_CORP_ID,
  DEMO_SECRET,
  restoreWorld,
  seedDemo,
  serializeWorld,
  startEmulator,
  World,
} from "../src/index.ts";

const T0 = Date.UTC(2026, 10, 1, 4, 0, 0);

function frozenWorld(seed = 1) {
  const clock = createClock();
  clock.freeze(T0);
  return new World(clock, { seed });
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("demo world", () => {
  it("seeds a believable brand with 5,000 customers in well under a second", () => {
    const world = frozenWorld();
    const started = performance.now();
    const corp = seedDemo(world, { seed: 42 });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1000);
    const stores = [...corp.departments.values()].filter((d) => d.name.endsWith("店"));
    expect(stores.length).toBeGreaterThanOrEqual(18);
    expect(new Set(stores.map((s) => s.name.slice(0, 2))).size).toBeGreaterThanOrEqual(6);
    expect(corp.members.size).toBeGreaterThanOrEqual(55);
    expect(corp.members.size).toBeLessThanOrEqual(70);
    expect(corp.customers.size).toBe(5000);
    const sample = [...corp.customers.values()].slice(0, 50);
    for (const c of sample) {
      expect(c.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
      expect(c.mobile).toMatch(/^1[3-9]\d{9}$/);
    }
    expect(new Set(corp.orders.map((o) => o.category))).toEqual(
      new Set(["beauty", "electronics", "pet_food", "mother_baby"]),
    );
    expect(corp.groups.size).toBeGreaterThanOrEqual(3);
    // A recent past to show: chats in the archive (in order), last week's mass send, group codes, online service.
    expect(corp.archive.length).toBeGreaterThan(500);
    expect(corp.archive.every((m, i) => i === 0 || m.at >= corp.archive[i - 1]!.at)).toBe(true);
    const [mass] = [...corp.massTasks.values()];
    expect(mass!.recipients.filter((r) => r.status === 1).length).toBeGreaterThan(100);
    expect(corp.joinWays.size).toBe(corp.groups.size);
    expect(corp.kf.accounts.size).toBe(1);
    expect(corp.acquisitionLinks.size).toBe(1);
  });

  it("is deterministic from its seed", () => {
    const a = serializeWorld(
      (() => {
        const w = frozenWorld();
        seedDemo(w, { seed: 7, customers: 500 });
        return w;
      })(),
    );
    const b = serializeWorld(
      (() => {
        const w = frozenWorld();
        seedDemo(w, { seed: 7, customers: 500 });
        return w;
      })(),
    );
    const c = serializeWorld(
      (() => {
        const w = frozenWorld();
        seedDemo(w, { seed: 8, customers: 500 });
        return w;
      })(),
    );
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("restarts from its snapshot with the same world, including changes made through the API", async () => {
    const dir = await mkdtemp(join(tmpdir(), "siyu-emu-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, "world.json");
    const clock = createClock();
    clock.freeze(T0);
    const first = await startEmulator({
      demo: { seed: 3, customers: 300 },
      snapshotFile: file,
      clock,
      handleSignals: false,
    });
    const client = new WeComClient({
      baseUrl: first.url,
      corpId: DEMO_CORP_ID,
      secret: DEMO_SECRET,
      rateLimit: false,
    });
    const tag = await client.request<{ tag_group: { tag: { id: string }[] } }>(
      "POST",
      "/cgi-bin/externalcontact/add_corp_tag",
      {
        body: { group_name: "快照测试", tag: [{ name: "已恢复" }] },
      },
    );
    const before = serializeWorld(first.world);
    await first.close();
    expect((await stat(file)).size).toBeGreaterThan(1000);

    const second = await startEmulator({ snapshotFile: file, clock, handleSignals: false });
    cleanups.push(() => second.close());
    expect(serializeWorld(second.world)).toBe(before);
    const downloaded = await (await fetch(`${second.url}/_emulator/snapshot`)).text();
    const copy = frozenWorld();
    restoreWorld(copy, downloaded);
    expect(serializeWorld(copy)).toBe(before);
    const client2 = new WeComClient({
      baseUrl: second.url,
      corpId: DEMO_CORP_ID,
      secret: DEMO_SECRET,
      rateLimit: false,
    });
    const list = await client2.request<{ tag_group: { tag: { id: string }[] }[] }>(
      "POST",
      "/cgi-bin/externalcontact/get_corp_tag_list",
      { body: { tag_id: [tag.tag_group.tag[0]!.id] } },
    );
    expect(list.tag_group[0]!.tag[0]!.id).toBe(tag.tag_group.tag[0]!.id);
    const followers = await client2.request<{ follow_user: string[] }>(
      "GET",
      "/cgi-bin/externalcontact/get_follow_user_list",
    );
    const page = await client2.request<{ external_contact_list: unknown[] }>(
      "POST",
      "/cgi-bin/externalcontact/batch/get_by_user",
      {
        body: { userid_list: followers.follow_user.slice(0, 100), limit: 100 },
      },
    );
    expect(page.external_contact_list).toHaveLength(100);
  });

  it("traffic mode keeps simulated people scanning and chatting", async () => {
    const emu = await startEmulator({ demo: { seed: 5, customers: 200 }, traffic: { perMinute: 6000 } });
    cleanups.push(() => emu.close());
    const corp = emu.world.corp(DEMO_CORP_ID);
    const customers = corp.customers.size;
    const said = corp.customerSaid.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(corp.customers.size + corp.customerSaid.length).toBeGreaterThan(customers + said);
  });
});
