// Shapes and calls of the follow-ups API as the console consumes them (the contract shared with the server:
// packages/server/src/domains/followups).
import type { ApiClient } from "./client.ts";
import type { ItemList } from "./types.ts";

export type FollowupOutcome = "positive" | "neutral" | "no";

export interface FollowupTask {
  id: string;
  planId: string;
  userid: string;
  externalUserId: string;
  customerName: string | null;
  branch: "main" | "fallback";
  round: number;
  name: string;
  script: string;
  dueAt: string;
  status: "open" | "done" | "cancelled";
  outcome: FollowupOutcome | null;
  note: string | null;
  doneAt: string | null;
}

export interface FollowupPlan {
  id: string;
  templateId: string;
  externalUserId: string;
  userid: string;
  status: "active" | "completed" | "ended";
  branch: "main" | "fallback";
  nextRound: number;
  nextDueAt: string | null;
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
  tasks: FollowupTask[];
}

export interface FollowupMemberTasks {
  userid: string;
  name: string | null;
  open: number;
  done: number;
  plans: number;
}

export interface SlaMember {
  userid: string;
  name: string | null;
  exchanges: number;
  replied: number;
  medianFirstReplySeconds: number | null;
  firstReplyBreaches: number;
  fullAnswerBreaches: number;
}

export interface SlaBreach {
  id: string;
  kind: "first_reply" | "full_answer";
  userid: string;
  externalUserId: string;
  customerName: string | null;
  openedAt: string;
  dueAt: string;
  repliedAt: string | null;
  alertedTo: string | null;
}

export interface SlaReport {
  from: string;
  to: string;
  settings: { firstReplyMinutes: number; fullAnswerMinutes: number };
  members: SlaMember[];
  breaches: SlaBreach[];
}

const enc = encodeURIComponent;

export function createFollowupsApi(client: ApiClient) {
  const base = (corpId: string) => `/api/corps/${enc(corpId)}/followups`;
  return {
    followups: {
      tasks: (corpId: string, filter: { userid?: string; status?: string } = {}) => {
        const q = new URLSearchParams(
          Object.entries(filter).filter(
            (e): e is [string, string] => typeof e[1] === "string" && e[1] !== "",
          ),
        ).toString();
        return client.get<ItemList<FollowupTask> & { perMember: FollowupMemberTasks[] }>(
          `${base(corpId)}/tasks${q ? `?${q}` : ""}`,
        );
      },
      outcome: (corpId: string, taskId: string, outcome: FollowupOutcome) =>
        client.post<FollowupPlan>(`${base(corpId)}/tasks/${enc(taskId)}/outcome`, { outcome }),
      sla: (corpId: string, from: string, to: string) =>
        client.get<SlaReport>(`${base(corpId)}/sla?from=${enc(from)}&to=${enc(to)}`),
    },
  };
}
