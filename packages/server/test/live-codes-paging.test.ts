// The live-code list with keyset paging: newest first, every code once across pages, search by name, state,
// remark or a staff member's userid, the enabled filter, a bad cursor refused, and another corp's list empty.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

let w: LcWorld;
const ids: string[] = [];
const base = () => `/api/corps/${w.corpId}/live-codes`;

beforeAll(async () => {
  w = await startLcWorld({ members: ["a1", "a2"] });
  for (let i = 0; i < 7; i++) {
    const res = await w.api("POST", base(), {
      name: i === 5 ? "地铁海报" : `门店海报 ${i}`,
      state: `page-${i}`,
      staff: [{ userid: i === 2 ? "a2" : "a1" }],
      enabled: i !== 4,
    });
    expect(res.status).toBe(200);
    ids.push(res.body.id);
  }
}, 30_000);
afterAll(() => w.stop());

interface Page {
  items: { id: string; name: string; enabled: boolean }[];
  nextAfter: string | null;
}

it("pages newest first by keyset, every code once", async () => {
  const seen: string[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: Page } = await w.api(
      "GET",
      `${base()}?limit=3${after ? `&after=${after}` : ""}`,
    );
    expect(res.status).toBe(200);
    seen.push(...res.body.items.map((c) => c.id));
    after = res.body.nextAfter;
    pages++;
  } while (after);
  expect(pages).toBe(3);
  expect(seen).toEqual([...ids].reverse());
  // Without a limit: every code, and no next page.
  const all = await w.api<Page>("GET", base());
  expect(all.body.items.map((c) => c.id)).toEqual([...ids].reverse());
  expect(all.body.nextAfter).toBeNull();
});

it("searches by name, state, remark or staff userid, and filters enabled codes", async () => {
  const names = async (qs: string) =>
    (await w.api<Page>("GET", `${base()}?${qs}`)).body.items.map((c) => c.name);
  expect(await names(`q=${encodeURIComponent("地铁")}`)).toEqual(["地铁海报"]);
  expect(await names("q=PAGE-3")).toEqual(["门店海报 3"]);
  expect(await names("q=a2")).toEqual(["门店海报 2"]);
  expect(await names("enabled=false")).toEqual(["门店海报 4"]);
  expect(await names("enabled=true&limit=2")).toEqual(["门店海报 6", "地铁海报"]);
  // Pattern characters are searched literally.
  expect(await names("q=%25")).toEqual([]);
});

it("refuses a cursor it did not give, and keeps corps apart", async () => {
  const bad = await w.api("GET", `${base()}?after=abc`);
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].path).toBe("/after");
  const other = await w.api<Page>("GET", "/api/corps/wwNotThisCorp/live-codes?limit=10");
  expect(other.body.items).toEqual([]);
  expect(other.body.nextAfter).toBeNull();
});
