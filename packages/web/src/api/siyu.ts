// Typed calls to the Siyu API, one function per endpoint the console uses.
import type { ApiClient } from "./client.ts";
import type {
  ApiToken,
  Corp,
  CreatedApiToken,
  Dashboard,
  DeadEvent,
  ItemList,
  NewCorp,
  User,
} from "./types.ts";

export type SiyuApi = ReturnType<typeof createSiyuApi>;

export function createSiyuApi(client: ApiClient) {
  return {
    auth: {
      login: (username: string, password: string) =>
        client.post<{ user: User }>("/api/auth/login", { username, password }),
      me: () => client.get<{ user: User }>("/api/auth/me"),
      logout: () => client.post<unknown>("/api/auth/logout"),
    },
    dashboard: () => client.get<Dashboard>("/api/dashboard"),
    corps: {
      list: () => client.get<ItemList<Corp>>("/api/corps"),
      create: (corp: NewCorp) => client.post<unknown>("/api/corps", corp),
    },
    tokens: {
      list: () => client.get<ItemList<ApiToken>>("/api/tokens"),
      create: (name: string) => client.post<CreatedApiToken>("/api/tokens", { name }),
      revoke: (id: ApiToken["id"]) => client.delete<unknown>(`/api/tokens/${encodeURIComponent(String(id))}`),
    },
    inbox: {
      dead: () => client.get<ItemList<DeadEvent>>("/api/inbox/dead"),
      replay: (id: DeadEvent["id"]) =>
        client.post<unknown>(`/api/inbox/${encodeURIComponent(String(id))}/replay`),
    },
  };
}
