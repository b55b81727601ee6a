// The navigation definition against CONSOLE.md and the translations.
import { describe, expect, it } from "vitest";
import en from "../i18n/en.ts";
import zhCN from "../i18n/zh-CN.ts";
import { findNavPage, NAV } from "./nav.ts";

describe("navigation", () => {
  it("has CONSOLE.md's groups in order, in Chinese", () => {
    expect(NAV.map((g) => zhCN.nav.groups[g.key as keyof typeof zhCN.nav.groups])).toEqual([
      "工作台",
      "引流获客",
      "客户",
      "客户群",
      "触达",
      "内容",
      "风控",
      "数据",
      "设置",
    ]);
  });

  it("gives every page a unique path and a title and description in both languages", () => {
    const paths = NAV.flatMap((g) => g.pages.map((p) => p.path));
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toHaveLength(1 + 7 + 7 + 4 + 8 + 3 + 4 + 4 + 6);
    for (const messages of [zhCN, en]) {
      const pages = messages.nav.pages as Record<
        string,
        Record<string, { title: string; description: string }>
      >;
      for (const group of NAV) {
        for (const page of group.pages) {
          expect(pages[group.key]?.[page.key]?.title, `${group.key}.${page.key}`).toBeTruthy();
          expect(pages[group.key]?.[page.key]?.description, `${group.key}.${page.key}`).toBeTruthy();
        }
      }
    }
  });

  it("finds the page for a path and for paths below it", () => {
    expect(findNavPage("/settings/api-tokens")?.page.key).toBe("apiTokens");
    expect(findNavPage("/dashboard/dead-events")?.group.key).toBe("dashboard");
    expect(findNavPage("/settings/api-tokens-old")).toBeUndefined();
  });
});
