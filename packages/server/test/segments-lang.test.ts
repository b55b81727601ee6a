// The segment language: parsing the text form (examples, Chinese keywords, error ranges), name resolution against a
// corp's catalog, the JSON AST schema's error paths, and print → parse round trips over generated expressions.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CatalogIndex,
  checkExpr,
  exprToText,
  type SegmentCatalog,
  textToExpr,
  validateExpr,
} from "../src/domains/segments/lang/index.ts";
import type { SegmentExpr, SegmentTerm } from "../src/domains/segments/segments.ast.ts";

const catalog: SegmentCatalog = {
  tags: [
    { id: "et1", name: "美妆兴趣", detail: "兴趣" },
    { id: "et2", name: "VIP", detail: "等级" },
    { id: "et3", name: "已退订", detail: "状态" },
    { id: "et4", name: "高价值", detail: "A组" },
    { id: "et5", name: "高价值", detail: "B组" },
    { id: "et6", name: "and", detail: "怪名" },
    { id: "et7", name: 'say "hi"', detail: "怪名" },
    { id: "et8", name: "et2", detail: "怪名" },
    { id: "et9", name: "a..b, c", detail: "怪名" },
  ],
  stages: [
    { id: "new", name: "新客" },
    { id: "first_order", name: "首单" },
    { id: "repeat", name: "复购" },
  ],
  channels: [
    { id: "lc_store_a", name: "门店A" },
    { id: "lc_live", name: "直播间 二维码" },
  ],
  staff: [
    { id: "zhangsan", name: "张三" },
    { id: "lisi", name: "李四" },
    { id: "wangwu", name: "" },
  ],
  stores: [
    { id: "1", name: "静安店", detail: "上海" },
    { id: "2", name: "天河店", detail: "广州" },
  ],
};
const index = new CatalogIndex(catalog);

function parse(text: string): SegmentExpr {
  const r = textToExpr(text, index);
  if (!r.ok) throw new Error(`${text}: ${JSON.stringify(r.issues)}`);
  return r.expr;
}

function issues(text: string) {
  const r = textToExpr(text, index);
  if (r.ok) throw new Error(`${text} parsed but should not`);
  return r.issues;
}

describe("text form", () => {
  it("parses the documented examples", () => {
    expect(parse('(tag:"美妆兴趣" and tag:"VIP" or stage:首单) and not tag:"已退订"')).toEqual({
      op: "and",
      args: [
        {
          op: "or",
          args: [
            {
              op: "and",
              args: [
                { term: "tag", match: "any", tagIds: ["et1"] },
                { term: "tag", match: "any", tagIds: ["et2"] },
              ],
            },
            { term: "stage", stages: ["first_order"] },
          ],
        },
        { op: "not", arg: { term: "tag", match: "any", tagIds: ["et3"] } },
      ],
    });
    expect(parse("orders>=2 and spent>=300 and lastOrder<=30d")).toEqual({
      op: "and",
      args: [
        { term: "orderCount", cmp: ">=", value: 2 },
        { term: "totalSpent", cmp: ">=", valueCents: 30000 },
        { term: "lastOrder", days: 30 },
      ],
    });
    expect(parse("added:2026-11-01..2026-11-22")).toEqual({
      term: "added",
      from: "2026-11-01T00:00:00+08:00",
      to: "2026-11-23T00:00:00+08:00",
    });
    expect(
      parse('channel:"门店A" staff:zhangsan city:上海 store:静安店 category:美妆 activity:"live:20261101"'),
    ).toEqual({
      op: "and",
      args: [
        { term: "channel", states: ["lc_store_a"] },
        { term: "staff", userids: ["zhangsan"] },
        { term: "city", cities: ["上海"] },
        { term: "store", storeIds: ["1"] },
        { term: "category", categories: ["美妆"] },
        { term: "activity", activities: ["live:20261101"] },
      ],
    });
  });

  it("accepts Chinese keywords, full-width punctuation and lists", () => {
    expect(
      parse(
        "（标签：美妆兴趣，VIP 或 阶段：首单） 且 非 标签：全部(已退订,VIP) 且 消费≥99.5元 且 最近下单<=7天",
      ),
    ).toEqual(
      parse("(tag:美妆兴趣,VIP or stage:首单) and not tag:all(已退订,VIP) and spent>=99.5 and lastOrder<=7d"),
    );
    expect(parse("员工:张三 AND 订单数=0")).toEqual({
      op: "and",
      args: [
        { term: "staff", userids: ["zhangsan"] },
        { term: "orderCount", cmp: "=", value: 0 },
      ],
    });
    expect(parse("添加时间:..2026-11-22")).toEqual({ term: "added", to: "2026-11-23T00:00:00+08:00" });
    expect(parse("added:2026-11-01")).toEqual({
      term: "added",
      from: "2026-11-01T00:00:00+08:00",
      to: "2026-11-02T00:00:00+08:00",
    });
  });

  it("resolves ambiguous tag names by group and ids with #", () => {
    expect(issues("tag:高价值")[0]).toMatchObject({
      kind: "ambiguous_name",
      from: 4,
      to: 7,
      candidates: [
        { id: "et4", detail: "A组" },
        { id: "et5", detail: "B组" },
      ],
    });
    expect(parse("tag:B组/高价值")).toEqual({ term: "tag", match: "any", tagIds: ["et5"] });
    expect(parse("tag:#et4")).toEqual({ term: "tag", match: "any", tagIds: ["et4"] });
    // A name wins over an id that looks the same.
    expect(parse("tag:et2")).toEqual({ term: "tag", match: "any", tagIds: ["et8"] });
  });

  it("points at the offending part and says what was expected", () => {
    const unclosed = issues("tag:VIP and (stage:首单 or tag:美妆兴趣");
    expect(unclosed[0]).toMatchObject({ kind: "syntax", from: 33, to: 33, found: "end of text" });
    expect(unclosed[0]?.expected).toContain("')'");

    const typo = '(tag:"美妆兴趣" and tag:"VIP") or stage:首单) and not tag:"已退订"';
    const extra = issues(typo);
    const at = typo.indexOf("首单)") + 2;
    expect(extra[0]).toMatchObject({ kind: "syntax", from: at, to: at + 1 });
    expect(extra[0]?.message).toMatch(/unmatched '\)'/);

    expect(issues("tag:VIP and colour:red")[0]).toMatchObject({ kind: "syntax", from: 12, to: 18 });
    expect(issues("orders>=many")[0]).toMatchObject({ from: 8, to: 12, expected: ["a whole number"] });
    expect(issues("lastOrder>30d")[0]).toMatchObject({ from: 9, to: 10, expected: ["'<='"] });
    expect(issues('tag:"VIP')[0]).toMatchObject({
      from: 4,
      to: 8,
      message: expect.stringMatching(/unterminated/),
    });
    expect(issues("added:2026-02-30..")[0]).toMatchObject({ from: 6, to: 16 });
    expect(issues("added:2026-11-22..2026-11-01")[0]?.message).toMatch(/ends before it starts/);
    expect(issues("")[0]?.message).toMatch(/empty/);
  });

  it("reports every unknown name with its range and similar names", () => {
    const r = issues("tag:美妆 and stage:首单 and staff:nobody");
    expect(r).toHaveLength(2);
    expect(r[0]).toMatchObject({
      kind: "unknown_name",
      from: 4,
      to: 6,
      candidates: [{ id: "et1", name: "美妆兴趣" }],
    });
    expect(r[1]).toMatchObject({ kind: "unknown_name", from: 30, to: 36 });
    expect(issues("tag:#nope")[0]).toMatchObject({ kind: "unknown_name", from: 4, to: 9 });
  });
});

describe("JSON AST", () => {
  it("reports the JSON path of the offending part", () => {
    const bad = validateExpr(
      {
        op: "and",
        args: [
          { term: "tag", match: "any", tagIds: ["et1", ""] },
          { op: "not", arg: { term: "orderCount", cmp: "~", value: 2 } },
          { op: "or", args: [{ term: "lastOrder", days: 1.5 }] },
          { term: "nope" },
        ],
      },
      "/expr",
    );
    expect(bad.ok).toBe(false);
    const paths = bad.ok ? [] : bad.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/expr/args/0/tagIds/1",
        "/expr/args/1/arg/cmp",
        "/expr/args/2/args",
        "/expr/args/2/args/0/days",
        "/expr/args/3/term",
      ]),
    );
  });

  it("rejects ids the corp does not have", () => {
    const r = checkExpr(
      {
        op: "or",
        args: [
          { term: "tag", match: "all", tagIds: ["et1", "other-corp-tag"] },
          { term: "store", storeIds: ["99"] },
        ],
      },
      index,
    );
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual([
      "/expr/args/0/tagIds/1",
      "/expr/args/1/storeIds/0",
    ]);
  });
});

// Generated expressions: every term kind, odd names, nesting; print (both languages) and parse back.
const pick = <T>(xs: T[]) => fc.uniqueArray(fc.constantFrom(...xs), { minLength: 1, maxLength: 3 });
const free = fc.uniqueArray(
  fc.oneof(
    fc.constantFrom("上海", "北 京", "a,b", '"q"', "or", "x..y", "#h", "live:1", "not"),
    fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim() === s && s.trim() !== ""),
  ),
  { minLength: 1, maxLength: 3 },
);
const day = fc
  .date({ min: new Date("2020-01-01"), max: new Date("2030-12-31"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const instant = fc.oneof(
  day.map((d) => `${d}T00:00:00+08:00`),
  fc
    .date({ min: new Date("2020-01-01"), max: new Date("2030-12-31"), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom("2026-11-01T10:30:00+08:00", "2026-11-01T00:00:00+09:00"),
);
const cmp = fc.constantFrom("<", "<=", "=", ">=", ">" as const);
const term: fc.Arbitrary<SegmentTerm> = fc.oneof(
  fc.record({
    term: fc.constant("tag" as const),
    match: fc.constantFrom("any" as const, "all" as const),
    tagIds: pick([...catalog.tags.map((t) => t.id), "deleted-tag"]),
  }),
  fc.record({ term: fc.constant("stage" as const), stages: pick(catalog.stages.map((s) => s.id)) }),
  fc.record({ term: fc.constant("channel" as const), states: pick(catalog.channels.map((s) => s.id)) }),
  fc.record({ term: fc.constant("staff" as const), userids: pick(catalog.staff.map((s) => s.id)) }),
  fc.record({ term: fc.constant("store" as const), storeIds: pick(catalog.stores.map((s) => s.id)) }),
  fc.record({ term: fc.constant("city" as const), cities: free }),
  fc.record({ term: fc.constant("category" as const), categories: free }),
  fc.record({ term: fc.constant("activity" as const), activities: free }),
  fc
    .record({
      term: fc.constant("added" as const),
      from: fc.option(instant, { nil: undefined }),
      to: fc.option(instant, { nil: undefined }),
    })
    .filter((t) => !t.from || !t.to || Date.parse(t.from) < Date.parse(t.to))
    .map((t) => {
      const out: SegmentTerm = { term: "added" };
      if (t.from) out.from = t.from;
      if (t.to) out.to = t.to;
      return out;
    }),
  fc.record({ term: fc.constant("lastOrder" as const), days: fc.integer({ min: 0, max: 3650 }) }),
  fc.record({ term: fc.constant("orderCount" as const), cmp, value: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({
    term: fc.constant("totalSpent" as const),
    cmp,
    valueCents: fc.integer({ min: 0, max: 100_000_000 }),
  }),
);
const expr = fc.letrec<{ e: SegmentExpr }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    term,
    fc.record({
      op: fc.constantFrom("and" as const, "or" as const),
      args: fc.array(tie("e"), { minLength: 2, maxLength: 4 }),
    }),
    fc.record({ op: fc.constant("not" as const), arg: tie("e") }),
  ),
})).e;

describe("round trip", () => {
  const withDeleted = new CatalogIndex({
    ...catalog,
    tags: [...catalog.tags, { id: "deleted-tag", name: "gone" }],
  });
  it("print → parse gives the same AST, in English and Chinese", () => {
    fc.assert(
      fc.property(expr, fc.constantFrom("en" as const, "zh" as const), (e, lang) => {
        expect(validateExpr(e).ok).toBe(true);
        const text = exprToText(e, index, { lang });
        const back = textToExpr(text, withDeleted);
        if (!back.ok) throw new Error(`${text}: ${JSON.stringify(back.issues)}`);
        expect(back.expr).toEqual(e);
      }),
      { numRuns: 2000 },
    );
  });

  it("prints names, quoting where needed, and ids only when a name would not read back", () => {
    const e: SegmentExpr = {
      op: "and",
      args: [
        {
          op: "or",
          args: [
            { term: "tag", match: "any", tagIds: ["et4", "et6", "et7"] },
            { term: "stage", stages: ["first_order"] },
          ],
        },
        { op: "not", arg: { term: "staff", userids: ["wangwu", "zhangsan"] } },
        { term: "added", from: "2026-11-01T00:00:00+08:00", to: "2026-11-23T00:00:00+08:00" },
        { term: "totalSpent", cmp: ">=", valueCents: 29950 },
      ],
    };
    expect(exprToText(e, index)).toBe(
      '(tag:A组/高价值,"and","say \\"hi\\"" or stage:首单) and not staff:#wangwu,张三 and added:2026-11-01..2026-11-22 and spent>=299.5',
    );
    expect(exprToText(e, index, { lang: "zh" })).toBe(
      '(标签:A组/高价值,"and","say \\"hi\\"" 或 阶段:首单) 且 非 员工:#wangwu,张三 且 添加时间:2026-11-01..2026-11-22 且 消费>=299.5',
    );
  });
});
