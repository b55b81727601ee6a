// Traffic mode: keeps simulated people busy at a configurable rate so a fresh console has something alive
// to show — new customers scan store codes, customers chat and members reply, customers order, a few
// leave or join groups. Runs on real timers; every action goes through the same people simulation (and
// so fires the same callbacks) as the control API.
import { scanContactWay } from "../people/contact-way.ts";
import { joinGroup } from "../people/groups.ts";
import { customerDeletesMember, customerSays, memberSays } from "../people/relations.ts";
import { createRng } from "../world/ids.ts";
import type { CorpState } from "../world/types.ts";
import type { World } from "../world/world.ts";
import { PRODUCTS } from "./catalog.ts";
import { GIVEN_FEMALE, GIVEN_MALE, MOBILE_PREFIXES, SURNAMES } from "./names.ts";

const CHAT = [
  "请问这款还有货吗？",
  "会员日有什么活动？",
  "我的订单什么时候发货",
  "好的，谢谢！",
  "可以帮我留一个吗",
  "上次买的很好用",
];
const REPLY = [
  "您好，有的～",
  "本周三会员日全场9折哦",
  "已经帮您催了，今天发出",
  "不客气，有需要随时找我",
  "好的，已为您预留",
];

export function trafficStep(world: World, corp: CorpState, rand: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const idx = world.index(corp);
  const roll = rand();
  if (roll < 0.3) {
    const ways = [...corp.contactWays.values()].filter((w) => !w.isTemp);
    if (ways.length === 0) return "idle";
    const female = rand() < 0.65;
    const name = pick(SURNAMES)[0] + pick(female ? GIVEN_FEMALE : GIVEN_MALE)[0];
    const mobile = pick(MOBILE_PREFIXES) + String(Math.floor(rand() * 1e8)).padStart(8, "0");
    try {
      scanContactWay(world, corp, {
        configId: pick(ways).configId,
        customer: { name, gender: female ? 2 : 1, mobile },
      });
    } catch {
      return "idle";
    }
    return "scan";
  }
  const follow = corp.follows[Math.floor(rand() * corp.follows.length)];
  if (follow?.status !== "active") return "idle";
  try {
    if (roll < 0.6) {
      customerSays(world, corp, follow.userid, follow.externalUserId, pick(CHAT));
      if (rand() < 0.7) memberSays(world, corp, follow.userid, follow.externalUserId, pick(REPLY));
      return "chat";
    }
    if (roll < 0.85) {
      const product = pick(PRODUCTS);
      corp.orders.push({
        orderId: `YX${String(100000000 + corp.orders.length)}`,
        externalUserId: follow.externalUserId,
        storeId: corp.members.get(follow.userid)?.mainDepartment ?? 1,
        category: product.category,
        product: product.name,
        amountFen: product.priceFen,
        paidAt: world.now(),
      });
      return "order";
    }
    if (roll < 0.95) {
      const way = pick([...corp.joinWays.values(), undefined]);
      const chat = pick([...corp.groups.values()].filter((g) => !g.dismissed));
      if (!chat) return "idle";
      joinGroup(
        world,
        corp,
        way
          ? { configId: way.configId, externalUserId: follow.externalUserId }
          : { chatId: chat.chatId, externalUserId: follow.externalUserId },
      );
      return "join";
    }
    if (!follow.deletedByCustomer && idx.activeOfCustomer(follow.externalUserId).length > 0) {
      customerDeletesMember(world, corp, follow.userid, follow.externalUserId);
      return "leave";
    }
  } catch {
    return "idle";
  }
  return "idle";
}

/** Starts traffic on every corp that has members; returns a stop function. */
export function startTraffic(world: World, perMinute: number, seed = 7): () => void {
  if (!(perMinute > 0)) return () => {};
  const rand = createRng(seed);
  const intervalMs = Math.max(10, Math.floor(60_000 / perMinute));
  const perTick = Math.max(1, Math.round((perMinute * intervalMs) / 60_000));
  const timer = setInterval(() => {
    for (const corp of world.corps.values()) {
      if (corp.members.size === 0) continue;
      for (let i = 0; i < perTick; i++) trafficStep(world, corp, rand);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
