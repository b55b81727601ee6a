// What a group message breaks, as pure functions: links outside the whitelisted domains, mini-programs outside
// the whitelist, ad keywords, contact cards. Flooding needs the message history and is checked by the caller.
import type { GuardKind } from "./group-guard.tables.ts";

export interface GuardedMessage {
  kind: string;
  text: string | null;
  detail?:
    | { url?: string; title?: string; appid?: string; appName?: string; cardUserid?: string }
    | undefined;
}

export interface RuleChecks {
  check_links: boolean;
  allowed_domains: string[];
  allowed_mini_programs: string[];
  ad_keywords: string[];
  block_cards: boolean;
}

export interface Finding {
  kind: GuardKind;
  evidence: Record<string, unknown>;
}

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'，。！？、）)]+/gi;

/** Every address in the message: its link (a link message) and the http(s)/www addresses in its text. */
export function linksOf(m: GuardedMessage): string[] {
  const found = [...(m.text ?? "").matchAll(URL_RE)].map((x) => x[0]);
  if (m.detail?.url) found.unshift(m.detail.url);
  return [...new Set(found)];
}

export function hostOf(url: string): string | undefined {
  try {
    return new URL(/^https?:\/\//i.test(url) ? url : `http://${url}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

export function domainAllowed(host: string, allowed: string[]): boolean {
  return allowed.some((d) => {
    const bare = d.replace(/^\*\./, "");
    return host === bare || host.endsWith(`.${bare}`);
  });
}

/** The findings of the content checks (first the most specific); empty when the message passes. */
export function contentFindings(m: GuardedMessage, r: RuleChecks): Finding[] {
  const out: Finding[] = [];
  if (r.check_links) {
    if (m.kind === "weapp") {
      const ids = [m.detail?.appid, m.detail?.appName].filter((x): x is string => !!x);
      if (!ids.some((id) => r.allowed_mini_programs.includes(id)))
        out.push({
          kind: "mini_program",
          evidence: {
            appid: m.detail?.appid ?? null,
            appName: m.detail?.appName ?? null,
            title: m.detail?.title ?? null,
          },
        });
    }
    const bad = linksOf(m).filter((u) => {
      const host = hostOf(u);
      return !host || !domainAllowed(host, r.allowed_domains);
    });
    if (bad.length > 0) out.push({ kind: "link", evidence: { urls: bad } });
  }
  if (r.ad_keywords.length > 0) {
    const hay = `${m.text ?? ""} ${m.detail?.title ?? ""}`.toLowerCase();
    const hit = r.ad_keywords.filter((k) => hay.includes(k.toLowerCase()));
    if (hit.length > 0) out.push({ kind: "keyword", evidence: { keywords: hit } });
  }
  if (r.block_cards && m.kind === "card")
    out.push({ kind: "card", evidence: { cardUserid: m.detail?.cardUserid ?? null } });
  return out;
}
