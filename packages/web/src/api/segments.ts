// Shapes of the segments (人群) API as the console consumes them (mirrors
// packages/server/src/domains/segments/segments.schemas.ts and segments.ast.ts).

export type Comparison = "<" | "<=" | "=" | ">=" | ">";

export type SegmentTerm =
  | { term: "tag"; match: "any" | "all"; tagIds: string[] }
  | { term: "stage"; stages: string[] }
  | { term: "channel"; states: string[] }
  | { term: "staff"; userids: string[] }
  | { term: "store"; storeIds: string[] }
  | { term: "city"; cities: string[] }
  | { term: "added"; from?: string; to?: string }
  | { term: "lastOrder"; days: number }
  | { term: "orderCount"; cmp: Comparison; value: number }
  | { term: "totalSpent"; cmp: Comparison; valueCents: number }
  | { term: "category"; categories: string[] }
  | { term: "activity"; activities: string[] };

export type SegmentExpr =
  | { op: "and" | "or"; args: SegmentExpr[] }
  | { op: "not"; arg: SegmentExpr }
  | SegmentTerm;

export interface SegmentIssue {
  path: string;
  kind: "syntax" | "unknown_name" | "ambiguous_name" | "invalid_value" | "schema";
  message: string;
  from?: number;
  to?: number;
  expected?: string[];
  found?: string;
  candidates?: { id: string; name: string; detail?: string }[];
}

export interface SegmentCard {
  id: string;
  name: string;
  avatar: string | null;
  owner: { userid: string; name: string } | null;
  tags: { id: string; name: string }[];
}

export interface SegmentPreview {
  count: number;
  sample: SegmentCard[];
  tookMs: number;
  text: string;
  expr: SegmentExpr;
  scope: "corp" | "member";
}

export interface CatalogItem {
  id: string;
  name: string;
  detail?: string;
}

export interface SegmentPickers {
  tags: CatalogItem[];
  stages: CatalogItem[];
  channels: CatalogItem[];
  staff: CatalogItem[];
  stores: CatalogItem[];
  cities: string[];
  categories: string[];
  activities: string[];
}

export interface SavedSegment {
  id: string;
  corpId: string;
  name: string;
  description: string | null;
  expr: SegmentExpr;
  text: string;
  lastCount: number | null;
  lastCountedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SegmentInput {
  name: string;
  description?: string | null;
  expr?: SegmentExpr;
  text?: string;
}

export interface SegmentCountPoint {
  count: number;
  source: "save" | "preview" | "poll";
  tookMs: number;
  at: string;
}

export type SegmentLang = "en" | "zh";
