// Typed calls to the Siyu API, one function per endpoint the console uses.

import { createAccountHealthApi } from "./accountHealth.ts";
import type {
  LiveCode,
  LiveCodeInput,
  LiveCodePage,
  LiveCodePatch,
  LiveCodeStats,
  NewWelcomeMessage,
  WelcomeMessage,
  WelcomePatch,
  WelcomeScope,
} from "./acquisition.ts";
import { createActivitiesApi } from "./activities.ts";
import type { LiveImportResult, RuleInput, StaffAlert, TagRule, TrackedLink } from "./autoTags.ts";
import { createCallCampaignsApi } from "./callCampaigns.ts";
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
  GroupCode,
  GroupCodeInput,
  GroupCodePatch,
  GroupCodeStats,
  GroupFilter,
  GroupPage,
  Member,
} from "./directory.ts";
import { createFollowupsApi } from "./followups.ts";
import { createGroupRegistryApi } from "./groups.ts";
import { createInheritanceApi } from "./inheritance.ts";
import type { EnrollResult, Journey, JourneyInput, JourneySettings, JourneyStep } from "./journeys.ts";
import { createMassSendsApi } from "./massSends.ts";
import type { Material, MaterialKind } from "./materials.ts";
import type { Moment, MomentDetail, MomentInput, MomentStatus } from "./moments.ts";
import type { BadRow, OrderFilter, OrderImport, OrderPage, OrderPreset } from "./orders.ts";
import { createRiskApi } from "./risk.ts";
import type {
  SavedSegment,
  SegmentCountPoint,
  SegmentExpr,
  SegmentInput,
  SegmentLang,
  SegmentPickers,
  SegmentPreview,
} from "./segments.ts";
import { createSopsApi } from "./sops.ts";
import type { ChurnSettings, CustomerStage, Pipeline, Stage, StageBoard, StageColumn } from "./stages.ts";
import type {
  Store,
  StoreCode,
  StoreCodeInput,
  StoreImportResult,
  StoreInput,
  StorePatch,
  StoreReport,
} from "./stores.ts";
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
    ...createRiskApi(client),
    ...createAccountHealthApi(client),
    ...createMassSendsApi(client),
    ...createSopsApi(client),
    ...createFollowupsApi(client),
    ...createCallCampaignsApi(client),
    ...createInheritanceApi(client),
    ...createGroupRegistryApi(client),
    ...createActivitiesApi(client),
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
      list: (
        corpId: string,
        filter: { q?: string; enabled?: "true" | "false"; after?: string; limit?: number } = {},
      ) => client.get<LiveCodePage>(`${corpPath(corpId)}/live-codes${query({ ...filter })}`),
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
    members: {
      list: (corpId: string, filter: { q?: string; ids?: string[]; limit?: number } = {}) =>
        client.get<ItemList<Member>>(`${corpPath(corpId)}/members${query({ ...filter })}`),
    },
    groups: {
      list: (corpId: string, filter: GroupFilter = {}) =>
        client.get<GroupPage>(`${corpPath(corpId)}/groups${query({ ...filter })}`),
    },
    groupCodes: {
      list: (corpId: string) => client.get<ItemList<GroupCode>>(`${corpPath(corpId)}/group-codes`),
      get: (corpId: string, id: string) =>
        client.get<GroupCode>(`${corpPath(corpId)}/group-codes/${enc(id)}`),
      create: (corpId: string, input: GroupCodeInput) =>
        client.post<GroupCode>(`${corpPath(corpId)}/group-codes`, input),
      update: (corpId: string, id: string, patch: GroupCodePatch) =>
        client.patch<GroupCode>(`${corpPath(corpId)}/group-codes/${enc(id)}`, patch),
      remove: (corpId: string, id: string) =>
        client.delete<unknown>(`${corpPath(corpId)}/group-codes/${enc(id)}`),
      stats: (corpId: string, id: string, range: { from?: string; to?: string } = {}) =>
        client.get<GroupCodeStats>(`${corpPath(corpId)}/group-codes/${enc(id)}/stats${query(range)}`),
      qrPngUrl: (corpId: string, id: string) => `${corpPath(corpId)}/group-codes/${enc(id)}/qr.png`,
    },
    stores: {
      list: (corpId: string, filter: { q?: string; city?: string; status?: string } = {}) =>
        client.get<ItemList<Store>>(`${corpPath(corpId)}/stores${query(filter)}`),
      get: (corpId: string, id: string) => client.get<Store>(`${corpPath(corpId)}/stores/${enc(id)}`),
      create: (corpId: string, input: StoreInput) => client.post<Store>(`${corpPath(corpId)}/stores`, input),
      update: (corpId: string, id: string, patch: StorePatch) =>
        client.patch<Store>(`${corpPath(corpId)}/stores/${enc(id)}`, patch),
      remove: (corpId: string, id: string) => client.delete<unknown>(`${corpPath(corpId)}/stores/${enc(id)}`),
      qrUrl: (corpId: string, id: string, kind: "staff" | "group") =>
        `${corpPath(corpId)}/stores/${enc(id)}/qr.png?kind=${kind}`,
      report: (corpId: string, range: { from?: string; to?: string; city?: string } = {}) =>
        client.get<StoreReport>(`${corpPath(corpId)}/stores/report${query(range)}`),
      importCsv: (corpId: string, csv: string) =>
        client.post<StoreImportResult>(`${corpPath(corpId)}/stores/import`, { csv }),
      reportCsvUrl: (corpId: string, range: { from?: string; to?: string; lang?: string } = {}) =>
        `${corpPath(corpId)}/stores/report.csv${query(range)}`,
    },
    storeCodes: {
      list: (corpId: string) => client.get<ItemList<StoreCode>>(`${corpPath(corpId)}/store-codes`),
      create: (corpId: string, input: StoreCodeInput) =>
        client.post<StoreCode>(`${corpPath(corpId)}/store-codes`, input),
      update: (corpId: string, id: string, patch: Partial<StoreCodeInput>) =>
        client.patch<StoreCode>(`${corpPath(corpId)}/store-codes/${enc(id)}`, patch),
      remove: (corpId: string, id: string) =>
        client.delete<unknown>(`${corpPath(corpId)}/store-codes/${enc(id)}`),
      qrUrl: (corpId: string, id: string) => `${corpPath(corpId)}/store-codes/${enc(id)}/qr.png`,
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
    orders: {
      list: (
        corpId: string,
        filter: OrderFilter & { customerId?: string } = {},
        page: { cursor?: string } = {},
      ) => client.get<OrderPage>(`${corpPath(corpId)}/orders${query({ ...filter, ...page })}`),
      presets: () => client.get<ItemList<OrderPreset>>("/api/order-presets"),
      imports: (corpId: string) => client.get<ItemList<OrderImport>>(`${corpPath(corpId)}/order-imports`),
      importErrors: (corpId: string, id: string, offset = 0) =>
        client.get<ItemList<BadRow>>(
          `${corpPath(corpId)}/order-imports/${enc(id)}/errors${query({ offset, limit: 100 })}`,
        ),
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
    autoTags: {
      list: (corpId: string) => client.get<{ rules: TagRule[] }>(`${corpPath(corpId)}/tag-rules`),
      create: (corpId: string, input: RuleInput) =>
        client.post<TagRule>(`${corpPath(corpId)}/tag-rules`, input),
      update: (corpId: string, id: string, input: RuleInput) =>
        client.patch<TagRule>(`${corpPath(corpId)}/tag-rules/${enc(id)}`, input),
      remove: (corpId: string, id: string) =>
        client.delete<unknown>(`${corpPath(corpId)}/tag-rules/${enc(id)}`),
      alerts: (corpId: string) => client.get<{ alerts: StaffAlert[] }>(`${corpPath(corpId)}/staff-alerts`),
      links: (corpId: string) => client.get<{ links: TrackedLink[] }>(`${corpPath(corpId)}/tracked-links`),
      importLive: (corpId: string, input: { fileName?: string; content: string }) =>
        client.post<LiveImportResult>(`${corpPath(corpId)}/live-imports`, input),
    },
    stages: {
      pipeline: (corpId: string) => client.get<Pipeline>(`${corpPath(corpId)}/stages`),
      board: (corpId: string, limit = 20) =>
        client.get<StageBoard>(`${corpPath(corpId)}/stages/board${query({ limit })}`),
      column: (corpId: string, stageId: string, page: { cursor?: string; limit?: number }) =>
        client.get<StageColumn>(`${corpPath(corpId)}/stages/${enc(stageId)}/customers${query(page)}`),
      create: (corpId: string, input: { name: string; position?: number }) =>
        client.post<Stage>(`${corpPath(corpId)}/stages`, input),
      rename: (corpId: string, stageId: string, name: string) =>
        client.patch<Stage>(`${corpPath(corpId)}/stages/${enc(stageId)}`, { name }),
      reorder: (corpId: string, stageIds: string[]) =>
        client.put<Pipeline>(`${corpPath(corpId)}/stages/order`, { stageIds }),
      remove: (corpId: string, stageId: string, moveTo?: string) =>
        client.delete<{ removed: true; moved: number }>(
          `${corpPath(corpId)}/stages/${enc(stageId)}${query({ moveTo })}`,
        ),
      settings: (corpId: string, settings: ChurnSettings) =>
        client.put<ChurnSettings>(`${corpPath(corpId)}/stages/settings`, settings),
      ofCustomer: (corpId: string, customerId: string) =>
        client.get<CustomerStage>(`${corpPath(corpId)}/customers/${enc(customerId)}/stage`),
      move: (corpId: string, customerId: string, stageId: string) =>
        client.post<CustomerStage>(`${corpPath(corpId)}/customers/${enc(customerId)}/stage`, { stageId }),
    },
    sync: {
      status: (corpId: string) => client.get<SyncStatus>(`${corpPath(corpId)}/sync`),
      start: (corpId: string, body: { kind?: "full" | "reconcile"; resume?: boolean } = {}) =>
        client.post<SyncRun>(`${corpPath(corpId)}/sync`, body),
    },
    segments: {
      preview: (corpId: string, input: { expr?: SegmentExpr; text?: string }, lang: SegmentLang) =>
        client.post<SegmentPreview>("/api/segments/preview", { corpId, ...input, lang }),
      pickers: (corpId: string) => client.get<SegmentPickers>(`${corpPath(corpId)}/segments/catalog`),
      list: (corpId: string, lang: SegmentLang) =>
        client.get<ItemList<SavedSegment>>(`${corpPath(corpId)}/segments${query({ lang })}`),
      create: (corpId: string, input: SegmentInput, lang: SegmentLang) =>
        client.post<SavedSegment>(`${corpPath(corpId)}/segments${query({ lang })}`, input),
      update: (corpId: string, id: string, input: SegmentInput, lang: SegmentLang) =>
        client.patch<SavedSegment>(`${corpPath(corpId)}/segments/${enc(id)}${query({ lang })}`, input),
      remove: (corpId: string, id: string) =>
        client.delete<unknown>(`${corpPath(corpId)}/segments/${enc(id)}`),
      counts: (corpId: string, id: string) =>
        client.get<ItemList<SegmentCountPoint>>(`${corpPath(corpId)}/segments/${enc(id)}/counts`),
    },
    materials: {
      list: (corpId: string, filter: { kind?: MaterialKind; q?: string } = {}) =>
        client.get<ItemList<Material>>(`${corpPath(corpId)}/materials${query(filter)}`),
      upload: (corpId: string, file: File, name = file.name) =>
        client.upload<Material & { existing: boolean }>(
          `${corpPath(corpId)}/materials${query({ name })}`,
          file,
        ),
      remove: (corpId: string, id: string) =>
        client.delete<unknown>(`${corpPath(corpId)}/materials/${enc(id)}`),
      contentUrl: (corpId: string, id: string) => `${corpPath(corpId)}/materials/${enc(id)}/content`,
    },
    journeys: {
      list: (corpId: string) => client.get<ItemList<Journey>>(`${corpPath(corpId)}/journeys`),
      get: (corpId: string, id: string) => client.get<Journey>(`${corpPath(corpId)}/journeys/${enc(id)}`),
      create: (corpId: string, input: JourneyInput) =>
        client.post<Journey>(`${corpPath(corpId)}/journeys`, input),
      updateSteps: (corpId: string, id: string, steps: JourneyStep[]) =>
        client.put<Journey>(`${corpPath(corpId)}/journeys/${enc(id)}/steps`, { steps }),
      setStatus: (corpId: string, id: string, status: Journey["status"]) =>
        client.post<Journey>(`${corpPath(corpId)}/journeys/${enc(id)}/status`, { status }),
      updateSettings: (corpId: string, id: string, settings: JourneySettings) =>
        client.put<Journey>(`${corpPath(corpId)}/journeys/${enc(id)}/settings`, settings),
      enroll: (corpId: string, id: string, externalUserids: string[]) =>
        client.post<EnrollResult>(`${corpPath(corpId)}/journeys/${enc(id)}/enrollments`, {
          externalUserids,
          source: "hand",
        }),
    },
    moments: {
      list: (corpId: string, filter: { status?: MomentStatus; before?: string; limit?: number } = {}) =>
        client.get<ItemList<Moment>>(`${corpPath(corpId)}/moments${query({ ...filter })}`),
      get: (corpId: string, id: string) => client.get<MomentDetail>(`${corpPath(corpId)}/moments/${enc(id)}`),
      create: (corpId: string, input: MomentInput) =>
        client.post<MomentDetail>(`${corpPath(corpId)}/moments`, input),
      cancel: (corpId: string, id: string) =>
        client.post<MomentDetail>(`${corpPath(corpId)}/moments/${enc(id)}/cancel`),
      refresh: (corpId: string, id: string) =>
        client.post<MomentDetail & { newInteractions: number }>(
          `${corpPath(corpId)}/moments/${enc(id)}/refresh`,
        ),
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
