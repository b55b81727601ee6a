// The console's navigation (CONSOLE.md): one definition drives the menu, the routes and the
// "arrives later" pages. Labels live in i18n under nav.groups.<group> and nav.pages.<group>.<page>.

export interface NavPage {
  /** i18n key segment and stable id. */
  key: string;
  path: string;
}

export interface NavGroup {
  key: string;
  pages: NavPage[];
}

const group = (key: string, pages: string[]): NavGroup => ({
  key,
  pages: pages.map((page) => ({ key: page, path: `/${key}/${kebab(page)}` })),
});

function kebab(camel: string): string {
  return camel.replace(/[A-Z0-9]+/g, (m) => `-${m.toLowerCase()}`);
}

/** The dashboard (工作台) is one page; every other group is a submenu. */
export const DASHBOARD_PATH = "/dashboard";

export const NAV: NavGroup[] = [
  { key: "dashboard", pages: [{ key: "overview", path: DASHBOARD_PATH }] },
  // 引流获客
  group("acquisition", [
    "liveCodes",
    "groupCodes",
    "storeCodes",
    "fission",
    "bulkAdd",
    "outboundCalls",
    "acquisitionLinks",
  ]),
  // 客户
  group("customers", ["list", "profile", "tags", "autoTag", "segments", "stages", "orders"]),
  // 客户群
  group("groups", ["list", "duplicates", "antiHarassment", "activities"]),
  // 触达
  group("engagement", [
    "welcome",
    "massSends",
    "moments",
    "lines",
    "triggers",
    "sop",
    "followUps",
    "autoReply",
  ]),
  // 内容
  group("content", ["materials", "scripts", "trackedLinks"]),
  // 风控
  group("risk", ["sendGate", "complaints", "sensitiveWords", "accountHealth"]),
  // 数据
  group("analytics", ["gmvTree", "funnels", "staffPerformance", "exports"]),
  // 设置
  group("settings", ["corps", "staff", "inheritance", "apiTokens", "webhooks", "auditLog"]),
];

export function findNavPage(path: string): { group: NavGroup; page: NavPage } | undefined {
  for (const g of NAV) {
    for (const page of g.pages) {
      if (path === page.path || path.startsWith(`${page.path}/`)) return { group: g, page };
    }
  }
  return undefined;
}
