// Fission campaigns (任务宝), their participants (each with a personal contact way and poster) and the invites
// the participants' codes brought.
import type { ColumnType, Generated } from "kysely";
import type { RewardInput } from "../rewards/rewards.schemas.ts";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface PosterSpec {
  /** An image material (素材) drawn behind the poster; null = a plain background. */
  materialId: string | null;
  title: string;
  subtitle: string;
}

export interface FissionTier {
  invites: number;
  reward: RewardInput;
}

export type FissionStatus = "active" | "paused" | "ended";

export interface FissionCampaignsTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  status: ColumnType<FissionStatus, FissionStatus | undefined, FissionStatus>;
  /** Members offered on every participant's contact way. */
  staff: TextArray;
  poster: Json<PosterSpec>;
  tiers: Json<FissionTier[]>;
  /** An invitee who deletes the member within this many hours of adding does not count. */
  window_hours: number;
  tag_ids: TextArray;
  /** Sent to a new participant with their poster link. */
  join_text: string;
  progress_messages: ColumnType<boolean, boolean | undefined, boolean>;
  /** Invitees become participants with their own poster. */
  invitees_join: ColumnType<boolean, boolean | undefined, boolean>;
  /** The campaign's own code (the first poster): customers adding through it join as participants. */
  entry_state: string;
  entry_config_id: string | null;
  entry_qr_code: string | null;
  ends_at: Date | null;
  created_at: Date;
  updated_at: Timestamp;
}

export interface FissionParticipantsTable {
  id: Generated<string>;
  corp_id: string;
  campaign_id: string;
  external_userid: string;
  inviter_id: string | null;
  /** The public poster link's secret part (/f/:token). */
  token: string;
  /** The personal contact way's state; the way itself is created when the poster is first drawn. */
  state: string;
  config_id: string | null;
  qr_code: string | null;
  /** Opens of the poster page (the funnel's "scans": WeCom reports adds, not scans). */
  poster_views: ColumnType<number, number | undefined, number>;
  qualified: ColumnType<number, number | undefined, number>;
  pending: ColumnType<number, number | undefined, number>;
  last_qualified_at: Date | null;
  joined_at: Date;
}

export type InviteStatus = "pending" | "qualified" | "void";
/** self: the participant scanned their own code; returning: the invitee was the corp's customer before; same_phone:
 * the invitee shares a phone with the participant or an earlier invitee; deleted: removed the member in the
 * window. */
export type VoidReason = "self" | "returning" | "same_phone" | "deleted";

export interface FissionInvitesTable {
  id: Generated<string>;
  corp_id: string;
  campaign_id: string;
  participant_id: string;
  invitee: string;
  userid: string;
  status: InviteStatus;
  void_reason: VoidReason | null;
  added_at: Date;
  /** When the retention window passes and the invite is decided. */
  due_at: Date;
  deleted_at: Date | null;
  decided_at: Date | null;
}

export interface FissionTables {
  fission_campaigns: FissionCampaignsTable;
  fission_participants: FissionParticipantsTable;
  fission_invites: FissionInvitesTable;
}
