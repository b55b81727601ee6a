// Typed calls to the Siyu API, one function per endpoint the console uses.
import type {
  LiveCode,
  LiveCodeInput,
  LiveCodePatch,
  LiveCodeStats,
  NewWelcomeMessage,
  WelcomeMessage,
  WelcomePatch,
  WelcomeScope,
} from "./acquisition.ts";
import type { ApiClient } from "./client.ts";
import type {
  CustomerDetail,
  CustomerFilter,
  CustomerPage,
  NewTagJob,
  NewTags,
  SyncRun,
  SyncStatus,
  TagGroup,
  TagJob,
} from "./customers.ts";
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

const enc = encodeURIComponent;

function query(params: Record<string, string | number | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(","));
    } else if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export function createSiyuApi(client: ApiClient) {
  const corpPath = (corpId: string) => `/api/corps/${enc(corpId)}`;
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
    liveCodes: {
      list: (corpId: string) => client.get<ItemList<LiveCode>>(`${corpPath(corpId)}/live-codes`),
      get: (corpId: string, id: string) => client.get<LiveCode>(`${corpPath(corpId)}/live-codes/${enc(id)}`),
      create: (corpId: string, input: LiveCodeInput) =>
        client.post<LiveCode>(`${corpPath(corpId)}/live-codes`, input),
      update: (corpId: string, id: string, patch: LiveCodePatch) =>
        client.patch<LiveCode>(`${corpPath(corpId)}/live-codes/${enc(id)}`, patch),
      remove: (corpId: string, id: string) =>
        client.delete<unknown>(`${corpPath(corpId)}/live-codes/${enc(id)}`),
      stats: (corpId: string, id: string, range: { from?: string; to?: string } = {}) =>
        client.get<LiveCodeStats>(`${corpPath(corpId)}/live-codes/${enc(id)}/stats${query(range)}`),
    },
    welcome: {
      list: (corpId: string, filter: { scope?: WelcomeScope; liveCodeId?: string; userid?: string } = {}) =>
        client.get<ItemList<WelcomeMessage>>(`${corpPath(corpId)}/welcome-messages${query(filter)}`),
      create: (corpId: string, input: NewWelcomeMessage) =>
        client.post<WelcomeMessage>(`${corpPath(corpId)}/welcome-messages`, input),
      update: (corpId: string, id: string, patch: WelcomePatch) =>
        client.patch<WelcomeMessage>(`${corpPath(corpId)}/welcome-messages/${enc(id)}`, patch),
      remove: (corpId: string, id: string) =>
        client.delete<unknown>(`${corpPath(corpId)}/welcome-messages/${enc(id)}`),
    },
    customers: {
      list: (corpId: string, filter: CustomerFilter, page: { cursor?: string; limit?: number } = {}) =>
        client.get<CustomerPage>(`/api/customers${query({ corpId, ...filter, ...page })}`),
      get: (id: string) => client.get<CustomerDetail>(`/api/customers/${enc(id)}`),
    },
    tags: {
      list: (corpId: string) => client.get<{ groups: TagGroup[] }>(`${corpPath(corpId)}/tags`),
      create: (corpId: string, input: NewTags) => client.post<TagGroup>(`${corpPath(corpId)}/tags`, input),
      update: (corpId: string, id: string, patch: { name?: string; order?: number }) =>
        client.patch<unknown>(`${corpPath(corpId)}/tags/${enc(id)}`, patch),
      remove: (corpId: string, id: string) => client.delete<unknown>(`${corpPath(corpId)}/tags/${enc(id)}`),
      startJob: (corpId: string, job: NewTagJob) => client.post<TagJob>(`${corpPath(corpId)}/tag-jobs`, job),
      job: (corpId: string, id: string) => client.get<TagJob>(`${corpPath(corpId)}/tag-jobs/${enc(id)}`),
      resumeJob: (corpId: string, id: string) =>
        client.post<TagJob>(`${corpPath(corpId)}/tag-jobs/${enc(id)}/resume`),
    },
    sync: {
      status: (corpId: string) => client.get<SyncStatus>(`${corpPath(corpId)}/sync`),
      start: (corpId: string, body: { kind?: "full" | "reconcile"; resume?: boolean } = {}) =>
        client.post<SyncRun>(`${corpPath(corpId)}/sync`, body),
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
