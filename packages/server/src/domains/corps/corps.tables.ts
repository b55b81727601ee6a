// The corps table: tenants and their sealed WeCom app credentials.
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface CorpsTable {
  corp_id: string;
  name: string;
  api_base: string;
  agent_id: string | null;
  secret_enc: string;
  token_enc: string;
  aes_key_enc: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CorpsTables {
  corps: CorpsTable;
}
