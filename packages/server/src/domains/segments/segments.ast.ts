// The segment language's abstract syntax: what the console's editor builds, what the text form parses to, and what
// the engine (roaring bitmaps) and the SQL oracle both evaluate. The meaning of each term is defined here, once.
//
// A customer is a row of `customers` (keyed by its dense `id`) in one corp. "Active follow relation" means a
// `follow_relations` row with status 'active' or 'pending'. Only orders with status 'paid' count.
//
// Decisions taken where the terms left room (segengine; the engine and the SQL oracle both follow them):
// - Instants (added bounds, "now") are compared in whole microseconds, PostgreSQL's resolution: fraction digits past
//   the sixth are dropped. A bound must carry an offset ("Z" or "+08:00"); text without one is read as UTC.
// - `added` with neither bound means "has a first-added time": a customer without an active relation (or whose
//   active relations have no added_at) never matches `added`, whatever the bounds.
// - `lastOrder.days` may be fractional; days × 86,400 s is rounded to whole microseconds.
// - `totalSpent` sums `amount_cents` of paid orders as stored; `refunded_cents` (partial refunds) is not subtracted.
// - Empty lists (the schema forbids them): `tag` `any` of none and every other list term of none match no one;
//   `tag` `all` of none matches everyone; an `and` of nothing is everyone, an `or` of nothing no one.
// - A stage counts only when the `stages` row belongs to the customer's corp; a store's city is `stores.city` of
//   the store in `customer_stores` (one per customer).
// - The engine keys bitmaps on 32-bit integers: customers.id must stay below 2^32.

export type SegmentExpr = SegmentAnd | SegmentOr | SegmentNot | SegmentTerm;

export interface SegmentAnd {
  op: "and";
  /** Two or more. */
  args: SegmentExpr[];
}

export interface SegmentOr {
  op: "or";
  /** Two or more. */
  args: SegmentExpr[];
}

export interface SegmentNot {
  op: "not";
  arg: SegmentExpr;
}

export type SegmentTerm =
  | TagTerm
  | StageTerm
  | ChannelTerm
  | StaffTerm
  | StoreTerm
  | CityTerm
  | AddedTerm
  | LastOrderTerm
  | OrderCountTerm
  | TotalSpentTerm
  | CategoryTerm
  | ActivityTerm;

/**
 * Tags (WeCom tag ids) on any of the customer's active follow relations (`follow_tags`). `any`: at least one of
 * them; `all`: every one of them (each may sit on a different relation). "Has tag X" is `any` with one id.
 */
export interface TagTerm {
  term: "tag";
  match: "any" | "all";
  /** One or more tag ids. */
  tagIds: string[];
}

/** The customer's current lifecycle stage (`customer_stages` → `stages.key`) is one of these keys. */
export interface StageTerm {
  term: "stage";
  stages: string[];
}

/** An active follow relation came through one of these channels (`follow_relations.state`, the live code's state). */
export interface ChannelTerm {
  term: "channel";
  states: string[];
}

/** An active follow relation is with one of these members (owner staff, by userid). */
export interface StaffTerm {
  term: "staff";
  userids: string[];
}

/** The customer's store (`customer_stores.store_id`) is one of these. */
export interface StoreTerm {
  term: "store";
  storeIds: string[];
}

/** The customer's store is in one of these cities (`stores.city`, exact match). */
export interface CityTerm {
  term: "city";
  cities: string[];
}

/**
 * The customer was first added (earliest `added_at` over their active follow relations) in [from, to). Either bound
 * may be absent. Bounds are ISO 8601 instants (e.g. "2026-11-01T00:00:00+08:00").
 */
export interface AddedTerm {
  term: "added";
  from?: string;
  to?: string;
}

/** The customer's latest paid order is at most `days` × 24 h before now (now − days·86400 s ≤ ordered_at). */
export interface LastOrderTerm {
  term: "lastOrder";
  days: number;
}

export type Comparison = "<" | "<=" | "=" | ">=" | ">";

/** The number of the customer's paid orders compared with `value` (customers without orders have 0). */
export interface OrderCountTerm {
  term: "orderCount";
  cmp: Comparison;
  value: number;
}

/** The sum of the customer's paid orders' `amount_cents` compared with `valueCents` (0 without orders). */
export interface TotalSpentTerm {
  term: "totalSpent";
  cmp: Comparison;
  valueCents: number;
}

/** The customer has a paid order with one of these categories (`orders.categories`). */
export interface CategoryTerm {
  term: "category";
  categories: string[];
}

/** The customer took part in one of these activities (`activity_participations.activity`). */
export interface ActivityTerm {
  term: "activity";
  activities: string[];
}
