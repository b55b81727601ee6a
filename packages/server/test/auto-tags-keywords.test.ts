// The keyword automaton: folding (full-width/half-width, case), overlapping matches, and agreement with a naive
// search over random text.
import { expect, it } from "vitest";
import { buildKeywordMatcher, foldText } from "../src/domains/auto-tags/keyword-matcher.ts";

function naive(keywords: string[], text: string): string[] {
  const t = foldText(text);
  const found: string[] = [];
  keywords.forEach((k, id) => {
    const f = foldText(k);
    if (f.length === 0) return;
    for (let i = t.indexOf(f); i !== -1; i = t.indexOf(f, i + 1)) found.push(`${id}@${i}`);
  });
  return found.sort();
}

it("folds full-width letters, digits and spaces, and case, on both keywords and text", () => {
  const m = buildKeywordMatcher(["iPhone", "ＳＫ－II", "618大促", "双 十一", "vip会员"]);
  const hits = (text: string) => m.distinct(text);
  expect(hits("想问下ｉｐｈｏｎｅ还有货吗")).toEqual([0]);
  expect(hits("IPHONE 15")).toEqual([0]);
  expect(hits("sk-ii神仙水多少钱")).toEqual([1]);
  expect(hits("SK－ＩＩ")).toEqual([1]);
  expect(hits("６１８大促什么时候开始")).toEqual([2]);
  expect(hits("双　十一有活动吗")).toEqual([3]); // ideographic space
  expect(hits("我是ＶＩＰ会员")).toEqual([4]);
  expect(hits("我是VIP 会员")).toEqual([]); // a space is not skipped
  expect(foldText("ＡＢＣａｂｃ１２３！")).toBe("abcabc123!");
});

it("reports overlapping and nested keywords with their offsets, and a duplicate keyword under each id", () => {
  const kw = ["口红", "红色", "口红色号", "色号", "口红"];
  const m = buildKeywordMatcher(kw);
  const text = "这支口红色号好看";
  const got = m
    .matches(text)
    .map((x) => `${kw[x.keyword]}:${x.start}-${x.end}`)
    .sort();
  expect(got).toEqual(["口红:2-4", "口红:2-4", "口红色号:2-6", "红色:3-5", "色号:4-6"].sort());
  expect(m.distinct(text)).toEqual([0, 1, 2, 3, 4]);
  expect(m.distinct("没有关键词")).toEqual([]);
});

it("agrees with a naive search on random text over a small alphabet", () => {
  let seed = 7;
  const rnd = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed % n;
  };
  const alphabet = ["美", "妆", "红", "A", "ａ", "b", "Ｂ", "口", "🙂"];
  const word = (len: number) => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join("");
  for (let round = 0; round < 30; round++) {
    const keywords = Array.from({ length: 1 + rnd(40) }, () => word(1 + rnd(4)));
    const text = word(400);
    const m = buildKeywordMatcher(keywords);
    const got = m
      .matches(text)
      .map((x) => `${x.keyword}@${x.start}`)
      .sort();
    expect(got).toEqual(naive(keywords, text));
  }
});

it("never matches an empty keyword, and handles an empty list", () => {
  expect(buildKeywordMatcher(["", "好"]).distinct("好的")).toEqual([1]);
  expect(buildKeywordMatcher([]).distinct("任何文字")).toEqual([]);
});
