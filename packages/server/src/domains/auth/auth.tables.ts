// Console users, login sessions and API tokens.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UsersTable {
  id: Generated<string>;
  username: string;
  password_hash: string;
  role: "admin" | "operator" | "team_lead" | "staff";
  created_at: Timestamp;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Date;
}

export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** One failed login, under `u:<username>` and again under `ip:<address>`. */
export interface LoginFailuresTable {
  key: string;
  at: Date;
}

export interface AuthTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
}
