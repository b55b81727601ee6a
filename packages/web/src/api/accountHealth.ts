// Shapes and calls of the account-health, capacity, add-rate settings and bulk-add APIs as the console consumes
// them (mirrors packages/server/src/domains/account-health/account-health.schemas.ts and
// packages/server/src/domains/bulk-adds/bulk-adds.schemas.ts); the phone-list upload is multipart.
import { type ApiClient, ApiError, CSRF_COOKIE, CSRF_HEADER, NETWORK_ERROR, readCookie } from "./client.ts";
import type { RestrictionState } from "./risk.ts";
import type { ItemList } from "./types.ts";

export interface AddRateSettings {
  newAccountDays: number;
  newActivePerHour: number;
  newPassivePerMinute: number;
  minDailyCap: number;
  maxDailyCap: number;
  taskExpiryDays: number;
  maxAttempts: number;
  workStartHour: number;
  workEndHour: number;
}

export interface MemberCapacity {
  userid: string;
  name: string;
  storeIds: string[];
  createdOn: string | null;
  ageDays: number | null;
  isNew: boolean;
  corpVerified: boolean;
  personalVerified: boolean;
  pastRestrictions90d: number;
  healthCap: number;
  cap: number;
  usedToday: number;
  remainingToday: number;
  restricted: { id: string; state: RestrictionState; since: string; until: string | null } | null;
}

export interface CapacityTotals {
  accounts: number;
  restricted: number;
  dailyCapacity: number;
  remainingToday: number;
}

export interface Capacity {
  corpId: string;
  day: string;
  at: string;
  tzOffsetMinutes: number;
  settings: AddRateSettings;
  members: MemberCapacity[];
  stores: Array<CapacityTotals & { storeId: string; name: string }>;
  total: CapacityTotals;
  forecast: { leads: number; days: number | null; perDay: number[] } | null;
}

export interface AccountActivity {
  customers: number;
  adds7d: number;
  lastAddAt: string | null;
  sends7d: number;
}

export type AccountHealthRow = MemberCapacity & { activity: AccountActivity };
export type AccountHealthList = Omit<Capacity, "members" | "forecast"> & { members: AccountHealthRow[] };

export interface AccountProfileInput {
  createdOn?: string | null;
  corpVerified?: boolean;
  personalVerified?: boolean;
}

export interface BulkAddList {
  id: string;
  name: string;
  fileName: string | null;
  rows: number;
  added: number;
  duplicates: number;
  alreadyFriends: number;
  alreadyListed: number;
  badRows: Array<{ row: number; field: string; message: string }>;
  createdAt: string;
  leads: { waiting: number; assigned: number; accepted: number; gaveUp: number };
}

export type BulkAddTaskStatus = "assigned" | "sent" | "accepted" | "expired";

export interface BulkAddTask {
  id: string;
  userid: string;
  day: string;
  dueAt: string;
  status: BulkAddTaskStatus;
  phone: string;
  name: string | null;
  listId: string;
  assignedAt: string;
  sentAt: string | null;
  acceptedAt: string | null;
  expiresAt: string;
}

export interface BulkAddCycle {
  expired: number;
  gaveUp: number;
  accepted: number;
  assigned: number;
}

const enc = encodeURIComponent;

export function createAccountHealthApi(client: ApiClient) {
  const corpPath = (corpId: string) => `/api/corps/${enc(corpId)}`;
  return {
    accountHealth: {
      list: (corpId: string) => client.get<AccountHealthList>(`${corpPath(corpId)}/account-health`),
      updateProfile: (corpId: string, userid: string, input: AccountProfileInput) =>
        client.put<unknown>(`${corpPath(corpId)}/account-health/${enc(userid)}`, input),
      capacity: (corpId: string, q: { leads?: number; storeId?: string } = {}) => {
        const search = new URLSearchParams();
        if (q.leads !== undefined) search.set("leads", String(q.leads));
        if (q.storeId) search.set("storeId", q.storeId);
        const s = search.toString();
        return client.get<Capacity>(`${corpPath(corpId)}/capacity${s ? `?${s}` : ""}`);
      },
      settings: (corpId: string) => client.get<AddRateSettings>(`${corpPath(corpId)}/add-rate-settings`),
      updateSettings: (corpId: string, patch: Partial<AddRateSettings>) =>
        client.patch<AddRateSettings>(`${corpPath(corpId)}/add-rate-settings`, patch),
    },
    bulkAdds: {
      lists: (corpId: string) => client.get<ItemList<BulkAddList>>(`${corpPath(corpId)}/bulk-adds/lists`),
      tasks: (
        corpId: string,
        q: { day?: string; userid?: string; status?: BulkAddTaskStatus; listId?: string } = {},
      ) => {
        const search = new URLSearchParams();
        for (const [k, v] of Object.entries(q)) if (v) search.set(k, v);
        const s = search.toString();
        return client.get<ItemList<BulkAddTask>>(`${corpPath(corpId)}/bulk-adds/tasks${s ? `?${s}` : ""}`);
      },
      markSent: (corpId: string, id: string) =>
        client.post<{ id: string; status: "sent"; sentAt: string }>(
          `${corpPath(corpId)}/bulk-adds/tasks/${enc(id)}/sent`,
        ),
      run: (corpId: string) => client.post<BulkAddCycle>(`${corpPath(corpId)}/bulk-adds/run`),
    },
  };
}

/** Uploads a phone list (multipart). */
export async function uploadPhoneList(corpId: string, file: File, name: string): Promise<BulkAddList> {
  const form = new FormData();
  form.append("name", name);
  form.append("file", file, file.name);
  const headers: Record<string, string> = { accept: "application/json" };
  const csrf = readCookie(document.cookie, CSRF_COOKIE);
  if (csrf) headers[CSRF_HEADER] = csrf;
  let response: Response;
  try {
    response = await fetch(`/api/corps/${enc(corpId)}/bulk-adds/lists`, {
      method: "POST",
      headers,
      body: form,
      credentials: "same-origin",
    });
  } catch (cause) {
    throw new ApiError(0, NETWORK_ERROR, cause instanceof Error ? cause.message : String(cause));
  }
  const body: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const e = (body as { error?: { code: string; message: string; details?: unknown } }).error;
    throw new ApiError(
      response.status,
      e?.code ?? "HTTP_ERROR",
      e?.message ?? response.statusText,
      e?.details,
    );
  }
  return body as BulkAddList;
}
