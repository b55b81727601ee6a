// Member identity state (addendum §1–§2): OAuth / web-login codes (5 min, single use, bound to corp, agent
// and scope), user_tickets (1800 s), JS-SDK tickets per app, and the member "at the keyboard" that the
// emulated WeCom client logs in as. Runtime only — not part of snapshots.
import { createHash } from "node:crypto";
import type { CorpState } from "./types.ts";
import type { World } from "./world.ts";

interface AuthCode {
  corpId: string;
  agentId: number;
  userid: string;
  scope: string;
  expiresAt: number;
  used: boolean;
}

interface Ticket {
  ticket: string;
  expiresAt: number;
}

export class Identity {
  private readonly codes = new Map<string, AuthCode>();
  private readonly userTickets = new Map<string, { corpId: string; userid: string; expiresAt: number }>();
  private readonly tickets = new Map<string, Ticket>();
  private readonly acting = new Map<string, string>();

  constructor(private readonly world: World) {}

  setActingMember(corp: CorpState, userid: string): void {
    this.acting.set(corp.corpId, userid);
  }

  actingMember(corp: CorpState): string | undefined {
    return this.acting.get(corp.corpId);
  }

  mintCode(corp: CorpState, agentId: number, userid: string, scope: string): string {
    const code = this.world.ids.opaque(64);
    if (this.codes.size > 10_000) {
      for (const [c, v] of this.codes) if (v.used || v.expiresAt < this.world.now()) this.codes.delete(c);
    }
    this.codes.set(code, {
      corpId: corp.corpId,
      agentId,
      userid,
      scope,
      expiresAt: this.world.now() + 300,
      used: false,
    });
    return code;
  }

  /** Spends a code; undefined when unknown, used, expired or minted for another corp. */
  redeem(corp: CorpState, code: string): AuthCode | undefined {
    const entry = this.codes.get(code);
    if (!entry || entry.used || entry.corpId !== corp.corpId || entry.expiresAt < this.world.now())
      return undefined;
    entry.used = true;
    return entry;
  }

  mintUserTicket(corp: CorpState, userid: string): string {
    const ticket = this.world.ids.opaque(64);
    this.userTickets.set(ticket, { corpId: corp.corpId, userid, expiresAt: this.world.now() + 1800 });
    return ticket;
  }

  userOfTicket(corp: CorpState, ticket: string): string | undefined {
    const entry = this.userTickets.get(ticket);
    return entry && entry.corpId === corp.corpId && entry.expiresAt >= this.world.now()
      ? entry.userid
      : undefined;
  }

  /** The corp (`config`) or app (`agentConfig`) JS-SDK ticket; the same one while valid. */
  jsapiTicket(
    corp: CorpState,
    agentId: number,
    kind: "corp" | "agent",
  ): { ticket: string; expiresIn: number } {
    const key = `${corp.corpId}|${kind === "corp" ? 0 : agentId}|${kind}`;
    const now = this.world.now();
    const current = this.tickets.get(key);
    if (current && current.expiresAt > now)
      return { ticket: current.ticket, expiresIn: current.expiresAt - now };
    const ticket = { ticket: this.world.ids.opaque(86), expiresAt: now + 7200 };
    this.tickets.set(key, ticket);
    return { ticket: ticket.ticket, expiresIn: 7200 };
  }

  /** Checks a JS-SDK signature (addendum §1.3) against the current ticket of that kind. */
  verifySignature(
    corp: CorpState,
    agentId: number,
    kind: "corp" | "agent",
    input: { url: string; noncestr: string; timestamp: string | number; signature: string },
  ): { valid: boolean; expected: string } {
    const { ticket } = this.jsapiTicket(corp, agentId, kind);
    const expected = createHash("sha1")
      .update(
        `jsapi_ticket=${ticket}&noncestr=${input.noncestr}&timestamp=${input.timestamp}&url=${input.url.split("#")[0]}`,
      )
      .digest("hex");
    return { valid: expected === input.signature.toLowerCase(), expected };
  }
}
