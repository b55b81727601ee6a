// Seeds the demo world, deterministic from a seed: a retail brand with ~20 stores in 8 cities, ~60 staff,
// ~5,000 customers with Chinese names and phones, follow relations with tags, orders across beauty,
// electronics, pet food and mother & baby, a few customer groups and 30 days of chat statistics.
// Everything is written straight into the state (no callbacks), so 5,000 customers seed in milliseconds.

import { adminCreateTags } from "../people/admin.ts";
import { createGroup } from "../people/groups.ts";
import { createRng, Ids } from "../world/ids.ts";
import { DAY, dayStart } from "../world/time.ts";
import type { CorpState, Customer, Follow, Member } from "../world/types.ts";
import type { World } from "../world/world.ts";
import { CATEGORY_LABELS, PRODUCTS, type Product } from "./catalog.ts";
import { seedHistory } from "./history.ts";
import { CITIES, GIVEN_FEMALE, GIVEN_MALE, MOBILE_PREFIXES, SURNAMES } from "./names.ts";

export const DEMO_CORP_ID = "wwd3m0b7a9c2e4f601";
export const DEMO_SECRET = "siyu-demo-secret";
export const DEMO_TOKEN = "SiyuDemoToken";
export const DEMO_AES_KEY = "c2l5dURlbW9FbmNvZGluZ0FFU0tleUZvclRoZURlbW8";
export const DEMO_AGENT_ID = 1000002;

export interface DemoOptions {
  seed?: number;
  customers?: number;
  corpId?: string;
  secret?: string;
}

export function seedDemo(world: World, opts: DemoOptions = {}): CorpState {
  const rand = createRng(opts.seed ?? 20260101);
  const ids = new Ids(rand);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const now = world.now();
  const corp = world.createCorp({
    corpId: opts.corpId ?? DEMO_CORP_ID,
    secret: opts.secret ?? DEMO_SECRET,
    name: "悦享生活",
    token: DEMO_TOKEN,
    aesKey: DEMO_AES_KEY,
    agentId: DEMO_AGENT_ID,
  });
  corp.apps[0]!.name = "悦享私域助手";
  const idx = world.index(corp);

  // Directory: HQ, cities, stores; three staff per store plus an HQ team.
  const hq = world.addDepartment(corp, { id: 2, name: "总部运营中心", parentId: 1 });
  const usedIds = new Set<string>();
  const staffName = (female: boolean) => {
    const [sn, sp] = pick(SURNAMES);
    const [gn, gp] = pick(female ? GIVEN_FEMALE : GIVEN_MALE);
    let userid = `${sp}${gp}`;
    for (let n = 2; usedIds.has(userid); n++) userid = `${sp}${gp}${n}`;
    usedIds.add(userid);
    return { name: sn + gn, userid };
  };
  const addStaff = (dept: number, position: string) => {
    const female = rand() < 0.7;
    const { name, userid } = staffName(female);
    return world.addMember(corp, {
      userid,
      name,
      department: [dept],
      position,
      gender: female ? "2" : "1",
      mobile: phone(),
      email: `${userid}@yuexiang.example`,
    });
  };
  const phone = () => pick(MOBILE_PREFIXES) + String(Math.floor(rand() * 1e8)).padStart(8, "0");
  for (const position of ["私域运营经理", "会员运营专员", "内容运营"]) addStaff(hq.id, position);

  interface Store {
    deptId: number;
    city: string;
    name: string;
    staff: Member[];
    wayId: string;
  }
  const stores: Store[] = [];
  let deptId = 10;
  for (const city of CITIES) {
    const cityDept = world.addDepartment(corp, { id: deptId++, name: `${city.name}区域`, parentId: 1 });
    for (const storeName of city.stores) {
      const dept = world.addDepartment(corp, {
        id: deptId++,
        name: `${city.name}${storeName}`,
        parentId: cityDept.id,
      });
      const staff = [addStaff(dept.id, "店长"), addStaff(dept.id, "美容顾问"), addStaff(dept.id, "导购")];
      const wayId = ids.configId();
      corp.contactWays.set(wayId, {
        configId: wayId,
        type: 2,
        scene: 2,
        style: 0,
        remark: `${dept.name}门店活码`,
        skipVerify: true,
        state: `store-${city.code}-${dept.id}`,
        qrCode: `https://wework.qpic.cn/wwpic/emulator/${wayId}/0`,
        user: staff.map((s) => s.userid),
        party: [],
        isTemp: false,
        expiresIn: 0,
        chatExpiresIn: 0,
        unionid: "",
        conclusions: null,
        createdAt: now - 400 * DAY,
        agentId: 0,
        used: false,
      });
      stores.push({ deptId: dept.id, city: city.name, name: dept.name, staff, wayId });
    }
  }
  // One leaver (customers awaiting reassignment) and one invited-but-not-activated member.
  const leaver = stores[3]!.staff[2]!;
  leaver.status = 5;
  leaver.resignedAt = now - 5 * DAY;
  addStaff(stores[0]!.deptId, "导购").status = 4;

  // Corp tags (admin-created, so apps see them but cannot edit them).
  const tagGroup = (name: string, tags: string[], order: number) =>
    adminCreateTags(world, corp, { groupName: name, tags, order }, { silent: true, ids }).tags.map(
      (t) => t.id,
    );
  const levelTags = tagGroup("会员等级", ["普通会员", "银卡会员", "金卡会员", "钻石会员"], 40);
  const interestTags = tagGroup("兴趣品类", Object.values(CATEGORY_LABELS), 30);
  const sourceTags = tagGroup("来源渠道", ["门店扫码", "线上活动", "老客推荐", "直播间"], 20);
  const lifecycleTags = tagGroup("生命周期", ["新客", "活跃", "沉睡", "流失预警"], 10);
  const categories = Object.keys(CATEGORY_LABELS) as Product["category"][];

  // Customers, follows, orders.
  const total = opts.customers ?? 5000;
  const customersByStore = new Map<number, Customer[]>();
  for (let i = 0; i < total; i++) {
    const store = pick(stores);
    const female = rand() < 0.68;
    const [sn] = pick(SURNAMES);
    const [gn] = pick(female ? GIVEN_FEMALE : GIVEN_MALE);
    const customer: Customer = {
      externalUserId: ids.externalUserId(false),
      name: rand() < 0.08 ? `${sn}${female ? "女士" : "先生"}` : sn + gn,
      type: 1,
      gender: female ? 2 : 1,
      avatar: `http://wx.qlogo.cn/mmhead/demo${i}/0`,
      unionid: ids.unionid(),
      corpName: "",
      mobile: phone(),
      city: store.city,
    };
    corp.customers.set(customer.externalUserId, customer);
    const list = customersByStore.get(store.deptId) ?? [];
    list.push(customer);
    customersByStore.set(store.deptId, list);

    const addedAt = now - Math.floor(rand() * 365 * DAY);
    const favourite = pick(categories);
    const orderCount = Math.floor(rand() * rand() * 7);
    let spent = 0;
    let lastOrder = 0;
    for (let o = 0; o < orderCount; o++) {
      const product = rand() < 0.7 ? pick(PRODUCTS.filter((p) => p.category === favourite)) : pick(PRODUCTS);
      const paidAt = addedAt + Math.floor(rand() * Math.max(1, now - addedAt));
      const qty = 1 + Math.floor(rand() * rand() * 3);
      spent += product.priceFen * qty;
      lastOrder = Math.max(lastOrder, paidAt);
      corp.orders.push({
        orderId: `YX${String(100000000 + corp.orders.length)}`,
        externalUserId: customer.externalUserId,
        storeId: store.deptId,
        category: product.category,
        product: product.name,
        amountFen: product.priceFen * qty,
        paidAt,
      });
    }
    const level = spent > 500_000 ? 3 : spent > 200_000 ? 2 : spent > 50_000 ? 1 : 0;
    const lifecycle =
      now - addedAt < 30 * DAY ? 0 : lastOrder > now - 60 * DAY ? 1 : lastOrder > now - 180 * DAY ? 3 : 2;
    const tagIds = [levelTags[level]!, lifecycleTags[lifecycle]!, pick(sourceTags)];
    if (orderCount > 0) tagIds.push(interestTags[categories.indexOf(favourite)]!);

    const followers =
      rand() < 0.15 ? [store.staff[0]!, store.staff[1 + Math.floor(rand() * 2)]!] : [pick(store.staff)];
    for (const member of followers) {
      const follow: Follow = {
        userid: member.userid,
        externalUserId: customer.externalUserId,
        remark: rand() < 0.3 ? `${customer.name}-${level >= 2 ? "VIP" : "会员"}` : "",
        description: "",
        createtime: addedAt,
        tagIds,
        remarkCorpName: "",
        remarkMobiles: rand() < 0.4 ? [customer.mobile] : [],
        addWay: rand() < 0.8 ? 1 : pick([2, 3, 4]),
        operUserid: customer.externalUserId,
        state: rand() < 0.8 ? `store-${store.deptId}` : "",
        status: "active",
        deletedByCustomer: rand() < 0.03,
        lastChatAt: rand() < 0.5 ? now - Math.floor(rand() * 60 * DAY) : 0,
      };
      idx.upsert(follow);
    }
  }
  corp.orders.sort((a, b) => a.paidAt - b.paidAt);

  // A few customer groups: one members' club per city's first store.
  for (const city of CITIES) {
    const store = stores.find((s) => s.city === city.name)!;
    const customers = customersByStore.get(store.deptId) ?? [];
    const size = Math.min(customers.length, 30 + Math.floor(rand() * 120));
    const chat = createGroup(
      world,
      corp,
      {
        owner: store.staff[0]!.userid,
        name: `${city.name}悦享会员福利群`,
        notice: "欢迎加入！每周三会员日，群内专享优惠券。",
        memberUserids: [store.staff[1]!.userid],
        externalUserIds: customers.slice(0, size).map((c) => c.externalUserId),
      },
      { silent: true, ids },
    );
    chat.createTime = now - Math.floor(rand() * 200 * DAY);
    for (const m of chat.members) m.joinTime = chat.createTime + Math.floor(rand() * (now - chat.createTime));
  }

  seedHistory(corp, ids, rand, now, DEMO_AGENT_ID);

  // 30 days of behaviour statistics per active member.
  for (const member of corp.members.values()) {
    if (member.status !== 1) continue;
    for (let d = 1; d <= 30; d++) {
      const day = dayStart(now) - d * DAY;
      corp.stats.set(`${member.userid}|${day}`, {
        new_apply_cnt: Math.floor(rand() * 6),
        new_contact_cnt: Math.floor(rand() * 5),
        chat_cnt: Math.floor(rand() * 25),
        message_cnt: Math.floor(rand() * 80),
        replied_chats: Math.floor(rand() * 20),
        reply_minutes: Math.floor(rand() * 200),
        negative_feedback_cnt: rand() < 0.05 ? 1 : 0,
      });
    }
  }
  return corp;
}
