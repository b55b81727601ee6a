// Shapes and calls of the inheritance API (离职继承 / 在职继承) as the console consumes them (the contract shared
// with the server: packages/server/src/domains/inheritance).
import type { ApiClient } from "./client.ts";
import type { ItemList } from "./types.ts";

export type TransferKind = "resigned" | "onjob";
export type CustomerTransferStatus = "planned" | "waiting" | "succeeded" | "refused" | "limit" | "failed";

export interface DepartedMember {
  userid: string;
  name: string;
  dimissionTime: string | null;
  unassigned: number;
  customers: number;
  groups: number;
  latestJob: { id: string; status: string } | null;
}

export interface MemberAssets {
  userid: string;
  name: string;
  customers: { externalUserid: string; name: string; store: string | null }[];
  groups: { chatId: string; name: string; memberCount: number }[];
  warnings: string[];
}

export interface TransferJob {
  id: string;
  kind: TransferKind;
  handover: string;
  handoverName: string;
  mode: "rule" | "hand";
  status: "running" | "done";
  createdAt: string;
  finishedAt: string | null;
  before: { customers: number; groups: number };
  customers: Record<CustomerTransferStatus, number>;
  groups: { planned: number; succeeded: number; failed: number };
  warnings: string[];
}

export interface TransferInput {
  kind: TransferKind;
  handover: string;
  assign: { mode: "rule"; candidates?: string[] } | { mode: "hand"; takeover: string };
  groupOwner?: string;
  message?: string;
}

export interface JobCustomer {
  id: string;
  externalUserid: string;
  name: string;
  takeover: string;
  takeoverName: string;
  status: CustomerTransferStatus;
  errcode: number | null;
  reason: string | null;
  startedAt: string | null;
  takeoverAt: string | null;
  finishedAt: string | null;
}

export interface JobReport {
  before: { customers: number; groups: number };
  after: {
    customers: { newOwner: number; refused: number; limit: number; failed: number; open: number };
    groups: { newOwner: number; failed: number; open: number };
  };
  perTakeover: { takeover: string; name: string; counts: Record<string, number> }[];
  ownerMismatches: { externalUserid: string; takeover: string }[];
  finished: boolean;
  balanced: boolean;
}

const enc = encodeURIComponent;

export function createInheritanceApi(client: ApiClient) {
  const base = (corpId: string) => `/api/corps/${enc(corpId)}/inheritance`;
  return {
    inheritance: {
      departed: (corpId: string) =>
        client.get<ItemList<DepartedMember> & { warnings: string[] }>(`${base(corpId)}/departed`),
      assets: (corpId: string, userid: string, kind: TransferKind) =>
        client.get<MemberAssets>(`${base(corpId)}/members/${enc(userid)}/assets?kind=${kind}`),
      jobs: (corpId: string) => client.get<ItemList<TransferJob>>(`${base(corpId)}/transfers`),
      plan: (corpId: string, input: TransferInput) =>
        client.post<TransferJob>(`${base(corpId)}/transfers`, input),
      job: (corpId: string, id: string) => client.get<TransferJob>(`${base(corpId)}/transfers/${enc(id)}`),
      customers: (corpId: string, id: string, status?: string) =>
        client.get<{ items: JobCustomer[]; next: string | null }>(
          `${base(corpId)}/transfers/${enc(id)}/customers?limit=1000${status ? `&status=${enc(status)}` : ""}`,
        ),
      report: (corpId: string, id: string) =>
        client.get<JobReport>(`${base(corpId)}/transfers/${enc(id)}/report`),
      poll: (corpId: string, id: string) =>
        client.post<TransferJob>(`${base(corpId)}/transfers/${enc(id)}/poll`),
      reassign: (corpId: string, id: string, customers: string[], takeover: string) =>
        client.post<TransferJob>(`${base(corpId)}/transfers/${enc(id)}/reassign`, { customers, takeover }),
    },
  };
}
