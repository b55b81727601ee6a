// Keyword rules over chat messages: one automaton per corp over every keyword of its enabled keyword rules,
// built once per rule-set change and cached. A process forgets its copy when it changes a rule; other processes
// notice through the rule set's fingerprint (ids and update times), checked once per batch of messages.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { KeywordMatcher } from "./keyword-matcher.ts";
import type { RuleFiring } from "./rule-actions.ts";
import type { RuleRow } from "./rules.service.ts";

interface CorpMatcher {
  fingerprint: string;
  matcher: KeywordMatcher;
  /** keyword index → its rule and the keyword as written. */
  owners: { rule: RuleRow; keyword: string }[];
}

const cache = new Map<string, CorpMatcher>();
let builds = 0;

export function forgetKeywordMatcher(corpId: string): void {
  cache.delete(corpId);
}

/** How many automatons this process has built (tests check the cache is used). */
export function keywordMatcherBuilds(): number {
  return builds;
}

async function fingerprint(db: Db, corpId: string): Promise<string> {
  const row = await sql<{ f: string | null }>`
    select md5(string_agg(id::text || ':' || extract(epoch from updated_at)::text || ':' || enabled::text, ',' order by id)) as f
    from tag_rules where corp_id = ${corpId} and kind = 'keyword'`.execute(db);
  return row.rows[0]?.f ?? "none";
}

export async function corpKeywordMatcher(db: Db, corpId: string): Promise<CorpMatcher> {
  const f = await fingerprint(db, corpId);
  const cached = cache.get(corpId);
  if (cached && cached.fingerprint === f) return cached;
  const rules = (await db
    .selectFrom("tag_rules")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("kind", "=", "keyword")
    .where("enabled", "=", true)
    .orderBy("id")
    .execute()) as RuleRow[];
  const owners: CorpMatcher["owners"] = [];
  for (const rule of rules) {
    for (const keyword of (rule.config.keywords as string[] | undefined) ?? [])
      owners.push({ rule, keyword });
  }
  const built: CorpMatcher = {
    fingerprint: f,
    matcher: new KeywordMatcher(owners.map((o) => o.keyword)),
    owners,
  };
  builds++;
  cache.set(corpId, built);
  return built;
}

export interface ChatLine {
  text: string | null;
  fromCustomer: boolean;
  /** The customer in the conversation (1:1 chats), when known. */
  externalUserId: string | null;
  /** The member in the conversation, when known. */
  userid: string | null;
}

/** The keyword rules these messages fire, one firing per (rule, customer, member). */
export async function keywordFirings(db: Db, corpId: string, lines: ChatLine[]): Promise<RuleFiring[]> {
  const relevant = lines.filter((l) => l.text && l.externalUserId);
  if (relevant.length === 0) return [];
  const { matcher, owners } = await corpKeywordMatcher(db, corpId);
  if (owners.length === 0) return [];
  const firings = new Map<string, { firing: RuleFiring; said: Set<string> }>();
  for (const line of relevant) {
    for (const k of matcher.distinct(line.text!)) {
      const owner = owners[k]!;
      if (!line.fromCustomer && owner.rule.config.from !== "anyone") continue;
      const key = `${owner.rule.id}\u0000${line.externalUserId}\u0000${line.userid ?? ""}`;
      let f = firings.get(key);
      if (!f) {
        f = {
          firing: { rule: owner.rule, externalUserId: line.externalUserId!, userid: line.userid, reason: "" },
          said: new Set(),
        };
        firings.set(key, f);
      }
      f.said.add(owner.keyword);
    }
  }
  return [...firings.values()].map(({ firing, said }) => {
    const words = [...said].slice(0, 5).map((w) => `"${w}"`);
    return {
      ...firing,
      reason: `said ${words.join(", ")}${said.size > 5 ? ` and ${said.size - 5} more` : ""}`,
    };
  });
}
