// Shapes and calls of the SOP API as the console consumes them (the contract shared with the server:
// packages/server/src/domains/sops).
import type { ApiClient } from "./client.ts";
import type { ItemList } from "./types.ts";

export type SopKind = "personal" | "group";
export type SopMode = "remind" | "auto";

export type SopSchedule =
  | { kind: "date"; date: string; at: string }
  | { kind: "daily"; at: string }
  | { kind: "weekly"; weekdays: number[]; at: string }
  | { kind: "monthly"; day: number; at: string }
  | { kind: "after_join"; day: number; at: string };

export interface SopContent {
  text?: string;
  attachments?: Record<string, unknown>[];
}

export interface SopAudience {
  segmentId?: string;
  tagIds?: string[];
  owners?: string[];
  nameContains?: string;
}

export interface SopInput {
  name: string;
  kind: SopKind;
  mode: SopMode;
  audience: SopAudience;
  deadlineHours: number;
  rules: { schedule: SopSchedule; content: SopContent }[];
}

export interface Sop extends SopInput {
  id: string;
  status: "active" | "paused";
  rules: {
    schedule: SopSchedule;
    content: SopContent;
    nextDueAt: string | null;
    lastFiredAt: string | null;
  }[];
  tasks: { open: number; overdue: number; done: number };
  createdAt: string;
}

export type SopTaskStatusFilter = "open" | "done" | "overdue";

export interface SopTask {
  id: string;
  sopId: string;
  sopName: string;
  kind: SopKind;
  mode: SopMode;
  owner: string;
  ownerName: string | null;
  chatId: string | null;
  groupName: string | null;
  targets: string[];
  targetCount: number;
  content: SopContent;
  dueAt: string;
  deadlineAt: string;
  status: "open" | "done";
  overdue: boolean;
  doneAt: string | null;
  doneBy: string | null;
  escalatedAt: string | null;
  escalatedTo: string | null;
}

const enc = encodeURIComponent;

export function createSopsApi(client: ApiClient) {
  const base = (corpId: string) => `/api/corps/${enc(corpId)}/sops`;
  return {
    sops: {
      list: (corpId: string) => client.get<ItemList<Sop>>(base(corpId)),
      get: (corpId: string, id: string) => client.get<Sop>(`${base(corpId)}/${enc(id)}`),
      create: (corpId: string, input: SopInput) => client.post<Sop>(base(corpId), input),
      update: (corpId: string, id: string, input: SopInput) =>
        client.put<Sop>(`${base(corpId)}/${enc(id)}`, input),
      setStatus: (corpId: string, id: string, status: "active" | "paused") =>
        client.post<Sop>(`${base(corpId)}/${enc(id)}/status`, { status }),
      remove: (corpId: string, id: string) => client.delete<unknown>(`${base(corpId)}/${enc(id)}`),
      tasks: (
        corpId: string,
        filter: { owner?: string; sopId?: string; status?: SopTaskStatusFilter } = {},
      ) => {
        const q = new URLSearchParams(
          Object.entries(filter).filter(
            (e): e is [string, string] => typeof e[1] === "string" && e[1] !== "",
          ),
        ).toString();
        return client.get<ItemList<SopTask>>(`${base(corpId)}/tasks${q ? `?${q}` : ""}`);
      },
      complete: (corpId: string, taskId: string) =>
        client.post<SopTask>(`${base(corpId)}/tasks/${enc(taskId)}/complete`),
    },
  };
}
