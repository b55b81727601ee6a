// 微信客服 pulls that are due (one row per account with unpulled messages), written by the kf_msg_or_event handler.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface KfPullRequestsTable {
  corp_id: string;
  open_kfid: string;
  /** The latest callback's sync_msg Token (valid 10 minutes from token_at). */
  token: string;
  token_at: Timestamp;
  version: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
}

export interface KfTables {
  kf_pull_requests: KfPullRequestsTable;
}
