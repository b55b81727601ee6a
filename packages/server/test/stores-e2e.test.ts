// Store codes (区域活码) end to end against the emulator: three Shanghai stores (the nearest closed, the next
// outside its open hours) and one in Hangzhou; the public landing routes a location to the nearest open store
// and a city to that city's open store; a customer adding the routed store's staff through its contact way
// becomes the store's customer (timeline too) and joining its group counts for it in the 千店千群 report (JSON and
// CSV); invalid input is refused field by field with nothing stored; another corp sees none of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCorp } from "../src/domains/corps/corps.service.ts";
import { refreshAllMarked } from "../src/domains/customers/customers.refresh.ts";
import { localTime } from "../src/domains/live-codes/routing.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { type LcWorld, startLcWorld, waitFor } from "./live-codes-world.ts";

let w: LcWorld;
let groupA: string;
let groupD: string;
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies
const stores: Record<string, any> = {};
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies
let code: any;

const base = () => `/api/corps/${w.corpId}/stores`;
/** The customer stands in 静安 (Jing'an): 静安寺店 is ~0.7 km away, 徐家汇店 ~1.1 km, 人民广场店 ~3.4 km. */
const HERE = { lat: 31.22, lng: 121.44 };

const today = () => localTime(Date.now(), 480);
const notToday = () => (today().weekday % 7) + 1;

beforeAll(async () => {
  w = await startLcWorld({ members: ["a.lin", "a.wu", "b.chen", "c.zhou", "d.xu"] });
  groupA = (await w.people<{ chatId: string }>("create-group", { owner: "a.lin", name: "人民广场店会员群" }))
    .chatId;
  groupD = (await w.people<{ chatId: string }>("create-group", { owner: "d.xu", name: "西湖店会员群" }))
    .chatId;
  await (await startSync(w.siyu.ctx, w.corpId, "full")).promise;
  const create = async (key: string, body: Record<string, unknown>) => {
    const res = await w.api("POST", base(), body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    stores[key] = res.body;
  };
  await create("A", {
    name: "人民广场店",
    city: "上海市",
    district: "黄浦区",
    address: "南京东路 1 号",
    lat: 31.2304,
    lng: 121.4737,
    staff: ["a.lin", "a.wu"],
    groups: [groupA],
  });
  await create("B", {
    name: "静安寺店",
    city: "上海市",
    district: "静安区",
    lat: 31.224,
    lng: 121.446,
    status: "closed",
    staff: ["b.chen"],
  });
  await create("C", {
    name: "徐家汇店",
    city: "上海市",
    district: "徐汇区",
    lat: 31.21,
    lng: 121.438,
    // Open only on another weekday: never open now.
    openHours: [{ weekday: notToday(), start: "00:00", end: "24:00" }],
    staff: ["c.zhou"],
  });
  await create("D", {
    name: "西湖店",
    city: "杭州市",
    lat: 30.259,
    lng: 120.13,
    openHours: [{ weekday: today().weekday, start: "00:00", end: "24:00" }],
    staff: ["d.xu"],
    groups: [groupD],
  });
  const created = await w.api("POST", `/api/corps/${w.corpId}/store-codes`, {
    name: "全国门店码",
    title: "找到离您最近的门店",
  });
  expect(created.status).toBe(200);
  code = created.body;
}, 60_000);
afterAll(() => w.stop());

describe("stores and store codes", () => {
  it("creates each store's contact way (unique state, its staff) and group join way in WeCom", async () => {
    const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
    const way = (await client.contactWay.get(stores.A.configId)).contact_way;
    expect(way.user).toEqual(["a.lin", "a.wu"]);
    expect(way.state).toBe(stores.A.state);
    expect(new Set(Object.values(stores).map((s) => s.state)).size).toBe(4);
    expect((await client.groupChat.getJoinWay(stores.A.joinConfigId)).join_way.chat_id_list).toEqual([
      groupA,
    ]);
    expect(stores.B.joinConfigId).toBeNull();
    expect(stores.A.staff).toEqual([
      { userid: "a.lin", name: "员工a.lin" },
      { userid: "a.wu", name: "员工a.wu" },
    ]);
    expect([stores.A.openNow, stores.B.openNow, stores.C.openNow, stores.D.openNow]).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });

  it("serves the landing page and routes a location to the nearest open store", async () => {
    const page = await fetch(`${w.siyu.url}${code.landingPath}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("找到离您最近的门店");
    expect(code.landingUrl).toBe(`${w.siyu.url}${code.landingPath}`);

    const pub = `/api/public/store-codes/${code.slug}`;
    const info = await fetch(`${w.siyu.url}${pub}`).then((r) => r.json());
    expect(info).toEqual({ title: "找到离您最近的门店", cities: ["杭州市", "上海市"] });

    const routed = await publicRoute(HERE);
    expect(routed.reason).toBe("nearest_open");
    expect(routed.store.name).toBe("人民广场店");
    expect(routed.store.distanceKm).toBeGreaterThan(3);
    expect(routed.store.distanceKm).toBeLessThan(4);
    expect(routed.others.map((s: { name: string }) => s.name)).toEqual(["西湖店"]);
    expect(routed.store.staffQrUrl).toBe(`${pub}/stores/${stores.A.id}/qr.png?kind=staff`);
    const png = await fetch(`${w.siyu.url}${routed.store.staffQrUrl}`);
    expect(png.status).toBe(200);
    expect([...new Uint8Array(await png.arrayBuffer()).slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    // A store the code does not route to has no public QR here.
    const closedQr = await fetch(`${w.siyu.url}${pub}/stores/999999/qr.png?kind=staff`);
    expect(closedQr.status).toBe(404);

    // Reopening 静安寺店 makes it the nearest open store.
    expect((await w.api("PATCH", `${base()}/${stores.B.id}`, { status: "open" })).status).toBe(200);
    expect((await publicRoute(HERE)).store.name).toBe("静安寺店");
    expect((await w.api("PATCH", `${base()}/${stores.B.id}`, { status: "closed" })).status).toBe(200);
  });

  it("routes a chosen city to that city's open stores", async () => {
    expect((await publicRoute({ city: "杭州" })).store.name).toBe("西湖店");
    const sh = await publicRoute({ city: "上海市" });
    expect(sh.reason).toBe("city_open");
    expect(sh.store.name).toBe("人民广场店");
    expect(sh.others).toEqual([]);
    const bj = await publicRoute({ city: "北京市" });
    expect(bj).toMatchObject({ store: null, reason: "unknown_city" });
  });

  it("makes a customer who adds the routed store's staff that store's customer, and counts them in the report", async () => {
    const welcome = await w.api("POST", `/api/corps/${w.corpId}/welcome-messages`, {
      scope: "default",
      text: "欢迎光临{store_name}，{staff_name}为您服务",
    });
    expect(welcome.status).toBe(200);
    const routed = await publicRoute(HERE);
    expect(routed.store.id).toBe(stores.A.id);
    const scan = await w.people<{ externalUserId: string; userid: string; state: string }>(
      "scan-contact-way",
      {
        configId: stores.A.configId,
        customer: { name: "顾客小美" },
      },
    );
    expect(scan.state).toBe(stores.A.state);
    expect(["a.lin", "a.wu"]).toContain(scan.userid);
    await w.settle();
    // The welcome message names the store the customer came through.
    const greeted = await waitFor(async () => {
      const m = await w.control<{ received: { text: string }[] }>(
        "GET",
        `/_emulator/corps/${w.corpId}/customers/${scan.externalUserId}/messages`,
      );
      return m.received.length > 0 && m.received;
    });
    expect(greeted[0]?.text).toBe(`欢迎光临人民广场店，员工${scan.userid}为您服务`);

    const customer = await w.siyu.ctx.db
      .selectFrom("customers")
      .select("id")
      .where("corp_id", "=", w.corpId)
      .where("external_userid", "=", scan.externalUserId)
      .executeTakeFirstOrThrow();
    const assigned = await w.siyu.ctx.db
      .selectFrom("customer_stores")
      .selectAll()
      .where("corp_id", "=", w.corpId)
      .where("customer_id", "=", String(customer.id))
      .executeTakeFirstOrThrow();
    expect(assigned).toMatchObject({ store_id: String(stores.A.id), source: "store_code" });
    const timeline = await w.siyu.ctx.db
      .selectFrom("contact_timeline")
      .select(["kind", "detail"])
      .where("corp_id", "=", w.corpId)
      .where("external_userid", "=", scan.externalUserId)
      .execute();
    expect(timeline.map((t) => t.kind)).toEqual(expect.arrayContaining(["customer.added", "store.assigned"]));
    expect(timeline.find((t) => t.kind === "store.assigned")?.detail).toMatchObject({
      storeId: String(stores.A.id),
      storeName: "人民广场店",
    });

    // The same customer joins the store's group through its join QR.
    await w.people("join-group", { configId: stores.A.joinConfigId, externalUserId: scan.externalUserId });
    await w.settle();
    await refreshAllMarked(w.siyu.ctx);

    const report = await w.api("GET", `${base()}/report?from=${today().day}&to=${today().day}`);
    expect(report.status).toBe(200);
    const rowA = report.body.stores.find((s: { storeId: string }) => s.storeId === String(stores.A.id));
    expect(rowA).toMatchObject({
      name: "人民广场店",
      customersAssigned: 1,
      adds: 1,
      joins: 1,
      staff: 2,
      days: [{ day: today().day, adds: 1, joins: 1 }],
    });
    expect(rowA.groups).toEqual([{ chatId: groupA, name: "人民广场店会员群", members: 2, customers: 1 }]);
    expect(rowA.visits).toBeGreaterThanOrEqual(3);
    expect(report.body.totals).toMatchObject({
      stores: 4,
      customersAssigned: 1,
      adds: 1,
      joins: 1,
      groups: 2,
    });
    expect((await w.api("GET", `${base()}/${stores.A.id}`)).body.customers).toBe(1);

    const csv = await fetch(`${w.siyu.url}${base()}/report.csv?from=${today().day}&to=${today().day}`, {
      headers: w.headers,
    });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toContain("门店,城市");
    expect(lines.find((l) => l.startsWith("人民广场店,"))).toBe(
      `人民广场店,上海市,黄浦区,营业,2,1,2,1,1,1,1,${rowA.visits},人民广场店会员群 (2)`,
    );
  });

  it("updates the store's WeCom ways when its staff and groups change, and only what a patch names", async () => {
    const phone = await w.api("PATCH", `${base()}/${stores.C.id}`, { phone: "021-6400 0000" });
    expect(phone.status).toBe(200);
    expect(phone.body).toMatchObject({
      phone: "021-6400 0000",
      openHours: stores.C.openHours,
      staff: [{ userid: "c.zhou" }],
    });
    const keepsGroups = await w.api("PATCH", `${base()}/${stores.A.id}`, { district: "黄浦区" });
    expect(keepsGroups.body.groups).toEqual([expect.objectContaining({ chatId: groupA })]);
    expect(keepsGroups.body.joinConfigId).toBe(stores.A.joinConfigId);
    const res = await w.api("PATCH", `${base()}/${stores.D.id}`, { staff: ["d.xu", "a.wu"], groups: [] });
    expect(res.status).toBe(200);
    const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
    expect((await client.contactWay.get(stores.D.configId)).contact_way.user).toEqual(["d.xu", "a.wu"]);
    expect(res.body.joinConfigId).toBeNull();
    await expect(client.groupChat.getJoinWay(stores.D.joinConfigId)).rejects.toThrow();
  });

  it("refuses invalid input with field-level details and stores nothing", async () => {
    const before = (await w.api("GET", base())).body.items.length;
    const overlap = await w.api("POST", base(), {
      name: "新店",
      city: "上海市",
      staff: ["a.lin"],
      openHours: [
        { weekday: 1, start: "09:00", end: "13:00" },
        { weekday: 1, start: "12:00", end: "18:00" },
      ],
    });
    expect(overlap.status).toBe(400);
    expect(overlap.body.error.details).toContainEqual({
      path: "/openHours/1",
      message: "overlaps range 0 on weekday 1",
    });
    const badLat = await w.api("POST", base(), {
      name: "新店",
      city: "上海市",
      staff: ["a.lin"],
      lat: 91,
      lng: 121,
    });
    expect(badLat.status).toBe(400);
    expect(badLat.body.error.details).toContainEqual({
      path: "/lat",
      message: "latitude is between -90 and 90",
    });
    const unknown = await w.api("POST", base(), { name: "新店", city: "上海市", staff: ["a.lin", "nobody"] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([
      { path: "/staff/1", message: "nobody is not a current member of this corp" },
    ]);
    const dupe = await w.api("POST", base(), { name: "人民广场店", city: "上海市", staff: ["a.lin"] });
    expect(dupe.status).toBe(409);
    expect(dupe.body.error.code).toBe("STORE_NAME_TAKEN");
    const noStaff = await w.api("POST", base(), { name: "新店", city: "上海市", staff: [] });
    expect(noStaff.body.error.details).toContainEqual({
      path: "/staff",
      message: "a store needs at least one staff member to receive customers",
    });
    expect((await w.api("GET", base())).body.items.length).toBe(before);

    // A bad edit changes nothing.
    const badEdit = await w.api("PATCH", `${base()}/${stores.A.id}`, { name: "改名", staff: ["ghost"] });
    expect(badEdit.status).toBe(400);
    expect((await w.api("GET", `${base()}/${stores.A.id}`)).body).toMatchObject({
      name: "人民广场店",
      staff: [{ userid: "a.lin" }, { userid: "a.wu" }],
    });
    const badCode = await w.api("POST", `/api/corps/${w.corpId}/store-codes`, {
      name: "x",
      storeIds: ["999999"],
    });
    expect(badCode.body.error.details).toEqual([
      { path: "/storeIds/0", message: "no store 999999 in this corp" },
    ]);
  });

  it("imports stores from CSV: new names are created, known names updated, bad rows reported by number", async () => {
    const csv = [
      "门店名称,城市,区县,地址,纬度,经度,状态,导购,营业时间",
      "滨江店,杭州市,滨江区,江南大道 1 号,30.21,120.21,营业,d.xu|a.wu,1-5 09:00-21:00; 6-7 10:00-22:00",
      "徐家汇店,上海市,徐汇区,漕溪北路 8 号,31.21,121.438,停业,c.zhou,",
      "坏店一,上海市,,,,,营业,ghost,",
      "坏店二,上海市,,,,,营业,a.lin,1-5 9点-21点",
      "坏店三,上海市,,,95,121,营业,a.lin,",
    ].join("\n");
    const res = await w.api("POST", `${base()}/import`, { csv: `\uFEFF${csv}` });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      created: 1,
      updated: 1,
      failed: [
        { row: 4, path: "/staff/0", message: "ghost is not a current member of this corp" },
        { row: 5, path: "/openHours", message: '"9点-21点" is not "HH:MM-HH:MM"' },
        { row: 6, path: "/lat", message: "latitude is between -90 and 90" },
      ],
    });
    const all = (await w.api("GET", base())).body.items as { name: string }[];
    expect(all.map((s) => s.name)).not.toContain("坏店一");
    const binjiang = (await w.api("GET", `${base()}?q=滨江`)).body.items[0];
    expect(binjiang).toMatchObject({ city: "杭州市", staff: [{ userid: "d.xu" }, { userid: "a.wu" }] });
    expect(binjiang.openHours).toHaveLength(7);
    const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
    expect((await client.contactWay.get(binjiang.configId)).contact_way.user).toEqual(["d.xu", "a.wu"]);
    const xujiahui = (await w.api("GET", `${base()}/${stores.C.id}`)).body;
    expect(xujiahui).toMatchObject({ status: "closed", address: "漕溪北路 8 号" });
    expect(xujiahui.openHours).toHaveLength(1); // an empty hours cell keeps them
    const noHeader = await w.api("POST", `${base()}/import`, { csv: "a,b\n1,2" });
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.error.details[0].path).toBe("/csv");
  });

  it("keeps each corp's stores and codes to itself", async () => {
    await addCorp(w.siyu.ctx, {
      corpId: "wwStoresOther",
      name: "Other",
      secret: "s",
      token: "T",
      aesKey: "A".repeat(43),
      apiBase: w.emu.url,
    });
    const other = "/api/corps/wwStoresOther";
    expect((await w.api("GET", `${other}/stores`)).body.items).toEqual([]);
    expect((await w.api("GET", `${other}/stores/${stores.A.id}`)).status).toBe(404);
    expect((await w.api("PATCH", `${other}/stores/${stores.A.id}`, { name: "hijack" })).status).toBe(404);
    expect((await w.api("DELETE", `${other}/stores/${stores.A.id}`)).status).toBe(404);
    expect((await w.api("GET", `${other}/stores/report`)).body.stores).toEqual([]);
    expect((await w.api("GET", `${other}/store-codes`)).body.items).toEqual([]);
    expect((await w.api("GET", `${other}/store-codes/${code.id}`)).status).toBe(404);
    // A code of another corp never routes to this corp's stores.
    const theirs = await w.api("POST", `${other}/store-codes`, { name: "theirs" });
    expect(theirs.status).toBe(200);
    const routed = await fetch(`${w.siyu.url}/api/public/store-codes/${theirs.body.slug}/route`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(HERE),
    }).then((r) => r.json());
    expect(routed).toMatchObject({ store: null, reason: "none_open" });
    expect((await w.api("GET", `${base()}/${stores.A.id}`)).body.name).toBe("人民广场店");
  });
});

async function publicRoute(body: Record<string, unknown>) {
  const res = await fetch(`${w.siyu.url}/api/public/store-codes/${code.slug}/route`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json();
}
