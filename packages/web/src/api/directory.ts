// Shapes of the pickers' APIs: directory members and customer groups (mirrors the server's
// directory/directory.schemas.ts and customers/groups.schemas.ts), and group live codes (群活码,
// group-codes/group-codes.schemas.ts).

export type MemberStatus = "active" | "disabled" | "not_activated" | "left";

export interface Member {
  userid: string;
  name: string;
  departments: { id: number; name: string | null }[];
  position: string | null;
  status: MemberStatus;
  customerContact: boolean;
}

export type GroupStatus = "normal" | "owner_resigned" | "inheriting" | "inherited";

export interface CustomerGroup {
  chatId: string;
  name: string;
  owner: string | null;
  ownerName: string | null;
  memberCount: number;
  status: GroupStatus;
  dismissed: boolean;
  createdAt: string | null;
}

export interface GroupPage {
  items: CustomerGroup[];
  nextAfter: string | null;
}

export interface GroupFilter {
  q?: string;
  owner?: string;
  ids?: string[];
  dismissed?: "true" | "false";
  after?: string;
  limit?: number;
}

export interface GroupCode {
  id: string;
  name: string;
  state: string;
  configId: string | null;
  qrCode: string | null;
  remark: string | null;
  autoCreateRoom: boolean;
  roomBaseName: string | null;
  roomBaseId: number | null;
  chats: { chatId: string; origin: "configured" | "auto"; addedAt: string }[];
  joinsTotal: number;
  createdAt: string;
}

/** The body of POST /group-codes; PATCH takes the same fields (all optional) except `state`. */
export interface GroupCodeInput {
  name: string;
  state?: string;
  remark: string | null;
  chatIds: string[];
  autoCreateRoom: boolean;
  roomBaseName: string | null;
  roomBaseId: number | null;
}

export type GroupCodePatch = Partial<Omit<GroupCodeInput, "state">>;

export interface GroupCodeDay {
  day: string;
  joins: number;
  leaves: number;
  groupsCreated: number;
}

export interface GroupCodeStats {
  days: GroupCodeDay[];
  totals: Omit<GroupCodeDay, "day">;
  /** Today in the code's time zone. */
  today: string;
}
