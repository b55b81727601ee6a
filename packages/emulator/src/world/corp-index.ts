// Derived lookups over a corp's follow relations (by member, by customer, by pair). Not persisted: rebuilt
// from CorpState.follows after a snapshot restore. Follows are never removed, only re-statused, so the
// per-member arrays give stable positions for paging cursors.
import type { CorpState, Follow } from "./types.ts";

const key = (userid: string, externalUserId: string) => `${userid}\u0000${externalUserId}`;

export class CorpIndex {
  private readonly byPair = new Map<string, Follow>();
  private readonly byMember = new Map<string, Follow[]>();
  private readonly byCustomer = new Map<string, Follow[]>();

  constructor(private readonly corp: CorpState) {
    for (const follow of corp.follows) this.index(follow);
  }

  private index(follow: Follow): void {
    this.byPair.set(key(follow.userid, follow.externalUserId), follow);
    push(this.byMember, follow.userid, follow);
    push(this.byCustomer, follow.externalUserId, follow);
  }

  /** Adds a follow relation, or returns the existing one for the same pair (to be re-activated by the caller). */
  upsert(follow: Follow): Follow {
    const existing = this.byPair.get(key(follow.userid, follow.externalUserId));
    if (existing) return existing;
    this.corp.follows.push(follow);
    this.index(follow);
    return follow;
  }

  get(userid: string, externalUserId: string): Follow | undefined {
    return this.byPair.get(key(userid, externalUserId));
  }

  /** The relation as the APIs see it: present and confirmed, not deleted by the member. */
  active(userid: string, externalUserId: string): Follow | undefined {
    const follow = this.get(userid, externalUserId);
    return follow?.status === "active" ? follow : undefined;
  }

  ofMember(userid: string): readonly Follow[] {
    return this.byMember.get(userid) ?? [];
  }

  ofCustomer(externalUserId: string): readonly Follow[] {
    return this.byCustomer.get(externalUserId) ?? [];
  }

  activeOfCustomer(externalUserId: string): Follow[] {
    return this.ofCustomer(externalUserId).filter((f) => f.status === "active");
  }

  activeCountOfMember(userid: string): number {
    let n = 0;
    for (const f of this.ofMember(userid)) if (f.status === "active") n++;
    return n;
  }
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}
