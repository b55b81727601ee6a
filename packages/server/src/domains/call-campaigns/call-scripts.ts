// Script flows (话术): a brand campaign goes wake-up → incentive → add; a platform campaign adds a step that
// confirms which WeChat surface the customer uses (mini program / official account / WeCom / WeChat) before
// the add. The opening is matched to the customer's bucket (what they just did), the incentive line to their
// tier and the incentive that fits them.
import type { Bucket, Incentive, Tier } from "./call-campaigns.settings.ts";

export type CampaignKind = "brand" | "platform";
export type ScriptStep = "wake_up" | "incentive" | "confirm_surface" | "add";

export const FLOWS: Record<CampaignKind, ScriptStep[]> = {
  brand: ["wake_up", "incentive", "add"],
  platform: ["wake_up", "incentive", "confirm_surface", "add"],
};

const OPENINGS: Record<Bucket, string> = {
  registered_no_order: "您好{name}，我是{brand}的顾问。看到您注册了会员还没来得及下单，给您留了一份新人礼。",
  ordered_today: "您好{name}，我是{brand}的顾问。您今天的订单我们收到了，正在为您安排发货。",
  receiving: "您好{name}，我是{brand}的顾问。您买的{category}这两天应该到了，用着还满意吗？",
  repurchase_cycle: "您好{name}，我是{brand}的顾问。您上次买的{category}差不多快用完了吧？",
  dormant: "您好{name}，好久不见！我是{brand}的顾问，最近上了不少新品，想跟您说一声。",
};

type TierGroup = "vip" | "high_net" | "standard";
const tierGroup = (t: Tier): TierGroup => (t === "vip" || t === "high_net" ? t : "standard");

const INCENTIVE_LINES: Record<TierGroup, string> = {
  vip: "您是我们的VIP会员，专门为您申请了{incentive}。",
  high_net: "感谢您一直以来的支持，给您准备了{incentive}。",
  standard: "这次给您准备了{incentive}，下次下单就能用。",
};
const NO_INCENTIVE = "加上您的专属顾问，新品和会员福利都会第一时间告诉您。";
const CONFIRM_SURFACE = "您平时更常用小程序、公众号、企业微信还是个人微信？我们按您方便的方式把福利发给您。";
const ADD = "我这边用企业微信加您，您的微信就是这个手机号吗？稍后也会发一条短信，点开就能添加顾问。";

export interface ScriptInput {
  kind: CampaignKind;
  bucket: Bucket;
  tier: Tier;
  incentive: Incentive | null;
  name: string | null;
  brand: string;
  categoryLabel: string;
}

/** The script key funnels group by: flow, opening (bucket) and incentive line (tier group). */
export function scriptKey(i: Pick<ScriptInput, "kind" | "bucket" | "tier">): string {
  return `${i.kind}:${i.bucket}:${tierGroup(i.tier)}`;
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

export function buildScript(i: ScriptInput): { step: ScriptStep; text: string }[] {
  const values = {
    name: i.name ?? "",
    brand: i.brand,
    category: i.categoryLabel,
    incentive: i.incentive?.name ?? "",
  };
  const text: Record<ScriptStep, string> = {
    wake_up: OPENINGS[i.bucket],
    incentive: i.incentive ? INCENTIVE_LINES[tierGroup(i.tier)] : NO_INCENTIVE,
    confirm_surface: CONFIRM_SURFACE,
    add: ADD,
  };
  return FLOWS[i.kind].map((step) => ({ step, text: fill(text[step], values) }));
}
