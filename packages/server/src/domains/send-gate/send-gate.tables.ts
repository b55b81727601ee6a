// Every decision the send gate took, so an operator can read why a message went out, waited or was dropped.
import type { Generated } from "kysely";

export interface SendDecisionsTable {
  id: Generated<string>;
  corp_id: string;
  outbox_id: string | null;
  idempotency_key: string;
  action: "send" | "defer" | "drop";
  /** The rule that decided (null when every rule let it through). */
  rule: string | null;
  reason: string;
  defer_until: Date | null;
  decided_at: Date;
}

export interface SendGateTables {
  send_decisions: SendDecisionsTable;
}
