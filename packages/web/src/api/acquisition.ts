// Shapes of the live codes (渠道活码) and welcome messages (欢迎语) APIs as the console consumes them
// (mirrors packages/server/src/domains/live-codes/live-codes.schemas.ts and welcome/welcome.schemas.ts).

export type Strategy = "rotation" | "least_load" | "weighted";

export interface ScheduleRange {
  /** 1 Monday … 7 Sunday. */
  weekday: number;
  /** "HH:MM", 00:00–24:00. */
  start: string;
  end: string;
}

export interface StaffInput {
  userid: string;
  weight?: number;
  dailyCap?: number | null;
  schedule?: ScheduleRange[];
}

export interface StaffView {
  userid: string;
  weight: number;
  dailyCap: number | null;
  schedule: ScheduleRange[];
  addsToday: number;
}

export type AttachmentType = "image" | "link" | "miniprogram" | "file" | "video";

export type WelcomeAttachment =
  | { type: "image"; materialId?: string; mediaId?: string; picUrl?: string }
  | { type: "link"; title: string; url: string; picUrl?: string; desc?: string }
  | {
      type: "miniprogram";
      title: string;
      picMaterialId?: string;
      picMediaId?: string;
      appid: string;
      page: string;
    }
  | { type: "file"; materialId?: string; mediaId?: string }
  | { type: "video"; materialId?: string; mediaId?: string };

export interface WelcomeContent {
  text: string;
  attachments: WelcomeAttachment[];
}

export type WelcomeScope = "code" | "staff" | "default";

export interface WelcomeMessage extends WelcomeContent {
  id: string;
  scope: WelcomeScope;
  liveCodeId: string | null;
  userid: string | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface NewWelcomeMessage extends WelcomeContent {
  scope: WelcomeScope;
  liveCodeId?: string;
  userid?: string;
  enabled?: boolean;
}

export interface WelcomePatch {
  text?: string;
  attachments?: WelcomeAttachment[];
  enabled?: boolean;
}

export interface DayNumbers {
  adds: number;
  deletesByCustomer: number;
  net: number;
}

export interface LiveCode {
  id: string;
  name: string;
  state: string;
  configId: string | null;
  qrCode: string | null;
  qrPngUrl: string;
  strategy: Strategy;
  dailyCap: number | null;
  staff: StaffView[];
  backupStaff: StaffView[];
  tagIds: string[];
  skipVerify: boolean;
  storeName: string | null;
  remark: string | null;
  enabled: boolean;
  welcome: WelcomeMessage | null;
  routing: {
    offeredUsers: string[];
    syncedAt: string | null;
    syncPending: boolean;
    lastSyncError: string | null;
  };
  today: DayNumbers;
  createdAt: string;
  updatedAt: string;
}

export interface LiveCodePage {
  items: LiveCode[];
  /** Pass as `after` for the next page; null on the last page (always null without `limit`). */
  nextAfter: string | null;
}

/** The body of POST /live-codes; PATCH takes the same fields (all optional) except `state`. */
export interface LiveCodeInput {
  name: string;
  state?: string;
  staff: StaffInput[];
  backupStaff: StaffInput[];
  strategy: Strategy;
  dailyCap: number | null;
  tagIds: string[];
  skipVerify: boolean;
  storeName: string | null;
  remark: string | null;
  enabled: boolean;
  welcome: WelcomeContent | null;
}

export type LiveCodePatch = Partial<Omit<LiveCodeInput, "state">>;

export interface LiveCodeStats {
  liveCodeId: string;
  from: string;
  to: string;
  days: (DayNumbers & { day: string })[];
  total: DayNumbers;
  byStaff: { userid: string; adds: number; deletesByCustomer: number }[];
}
