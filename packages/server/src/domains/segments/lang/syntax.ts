// Words of the text form: field names and keywords in English (any case) and Chinese, and how values are quoted.
import type { Comparison } from "../segments.ast.ts";

export type Field =
  | "tag"
  | "stage"
  | "channel"
  | "staff"
  | "store"
  | "city"
  | "added"
  | "lastOrder"
  | "orderCount"
  | "totalSpent"
  | "category"
  | "activity";

export type Lang = "en" | "zh";

/** The name each field is printed with. */
export const FIELD_NAMES: Record<Field, Record<Lang, string>> = {
  tag: { en: "tag", zh: "标签" },
  stage: { en: "stage", zh: "阶段" },
  channel: { en: "channel", zh: "渠道" },
  staff: { en: "staff", zh: "员工" },
  store: { en: "store", zh: "门店" },
  city: { en: "city", zh: "城市" },
  added: { en: "added", zh: "添加时间" },
  lastOrder: { en: "lastOrder", zh: "最近下单" },
  orderCount: { en: "orders", zh: "订单数" },
  totalSpent: { en: "spent", zh: "消费" },
  category: { en: "category", zh: "品类" },
  activity: { en: "activity", zh: "活动" },
};

/** Every accepted spelling (lower-cased) of each field. */
const FIELD_ALIASES: Record<string, Field> = {
  tag: "tag",
  tags: "tag",
  标签: "tag",
  stage: "stage",
  阶段: "stage",
  channel: "channel",
  渠道: "channel",
  活码: "channel",
  staff: "staff",
  owner: "staff",
  员工: "staff",
  跟进人: "staff",
  store: "store",
  门店: "store",
  city: "city",
  城市: "city",
  added: "added",
  添加时间: "added",
  添加: "added",
  lastorder: "lastOrder",
  最近下单: "lastOrder",
  orders: "orderCount",
  ordercount: "orderCount",
  订单数: "orderCount",
  spent: "totalSpent",
  totalspent: "totalSpent",
  消费: "totalSpent",
  累计消费: "totalSpent",
  category: "category",
  品类: "category",
  activity: "activity",
  活动: "activity",
};

export function fieldOf(word: string): Field | undefined {
  return FIELD_ALIASES[word.toLowerCase()];
}

export const FIELD_LIST = Object.values(FIELD_NAMES)
  .map((n) => n.en)
  .join(", ");

export type Keyword = "and" | "or" | "not" | "any" | "all";

const KEYWORDS: Record<string, Keyword> = {
  and: "and",
  且: "and",
  并且: "and",
  or: "or",
  或: "or",
  或者: "or",
  not: "not",
  非: "not",
  不: "not",
  any: "any",
  任一: "any",
  all: "all",
  全部: "all",
};

export const KEYWORD_NAMES: Record<Keyword, Record<Lang, string>> = {
  and: { en: "and", zh: "且" },
  or: { en: "or", zh: "或" },
  not: { en: "not", zh: "非" },
  any: { en: "any", zh: "任一" },
  all: { en: "all", zh: "全部" },
};

export function keywordOf(word: string): Keyword | undefined {
  return KEYWORDS[word.toLowerCase()];
}

/** Characters that end a bare word (besides white space and ".."). */
export const SPECIAL = new Set([...'()（）,，:："“”<>=≥≤＝#!！']);

export const COMPARISONS: Record<string, Comparison> = {
  "<": "<",
  "<=": "<=",
  "≤": "<=",
  "=": "=",
  "==": "=",
  "＝": "=",
  ">=": ">=",
  "≥": ">=",
  ">": ">",
};

/** A value as typed: bare when that reads back the same, else double-quoted with \" and \\ escapes. */
export function quote(value: string): string {
  let bare = value.length > 0 && !value.includes("..") && keywordOf(value) === undefined;
  if (bare) {
    for (const ch of value) {
      if (SPECIAL.has(ch) || /\s/u.test(ch)) {
        bare = false;
        break;
      }
    }
  }
  return bare ? value : `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
