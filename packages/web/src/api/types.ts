// Shapes of the Siyu HTTP API as the console consumes them (mirrors the server's zod schemas).

export type Role = "admin" | "operator" | "team_lead" | "staff" | (string & {});

export interface User {
  id: string | number;
  username: string;
  role: Role;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface Dashboard {
  corps: number;
  inbox: { receivedToday: number; pending: number; processed: number; dead: number };
}

export interface Corp {
  corpId: string;
  name: string;
  apiBase: string;
  createdAt: string;
}

export interface NewCorp {
  corpId: string;
  name: string;
  secret: string;
  token: string;
  aesKey: string;
  apiBase: string;
}

export interface ApiToken {
  id: string | number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Returned once on creation: the only time the plaintext token is visible. */
export interface CreatedApiToken {
  id: string | number;
  name: string;
  token: string;
}

export interface DeadEvent {
  id: string | number;
  corpId: string;
  eventType: string;
  error: string;
  attempts: number;
  receivedAt: string;
}

export interface ItemList<T> {
  items: T[];
}
