// The emulated platform's state, per corp. Everything here is plain data (Maps and arrays of records) so that
// a snapshot is a JSON dump; derived indexes live in ./corp-index.ts and are rebuilt after a restore.

export type MassQuotaPolicy = "days_in_month" | "week7" | "day1";

export interface CorpSettings {
  /** Per-recipient mass-message quota (contract §4.6): days-in-month per month (current), 7 per week, or 1 per day. */
  massQuota: MassQuotaPolicy;
  /** When true a mass send is confirmed by every member at once; otherwise it waits for the control API. */
  autoConfirmMass: boolean;
  groupMaxMembers: number;
  rateLimitPerMinute: number;
  rateLimitPerHour: number;
  /** Mint a new access_token on every gettoken instead of returning the one still valid. */
  freshTokenEachTime: boolean;
  tokenTtlSeconds: number;
  memberCustomerCap: number;
  welcomeCodeTtlSeconds: number;
  /** What an expired token answers: 42001 (documented) or 40014 (seen in the wild). */
  expiredTokenErrcode: 42001 | 40014;
}

export const DEFAULT_SETTINGS: CorpSettings = {
  massQuota: "days_in_month",
  autoConfirmMass: false,
  groupMaxMembers: 500,
  rateLimitPerMinute: 10_000,
  rateLimitPerHour: 150_000,
  freshTokenEachTime: false,
  tokenTtlSeconds: 7200,
  memberCustomerCap: 50_000,
  welcomeCodeTtlSeconds: 20,
  expiredTokenErrcode: 42001,
};

export interface AppState {
  agentId: number;
  name: string;
  secret: string;
  token: string;
  aesKey: string;
  callbackUrl: string;
  /** Listed in 「客户联系 → 可调用接口的应用」; without it externalcontact APIs answer 48002. */
  customerContact: boolean;
  /** Department ids whose members (recursively) the app can see; empty = the whole corp. */
  visibleDepartments: number[];
  /**
   * Receives change_contact (directory) events. WeCom states delivery only for the contacts-sync assistant
   * and upstream apps (addendum §7), so this is off by default.
   */
  contactEvents: boolean;
}

export interface Department {
  id: number;
  name: string;
  parentId: number;
  order: number;
}

export interface Member {
  userid: string;
  name: string;
  department: number[];
  mainDepartment: number;
  position: string;
  mobile: string;
  gender: "0" | "1" | "2";
  email: string;
  /** 1 active, 2 disabled, 4 not activated, 5 left. */
  status: 1 | 2 | 4 | 5;
  customerContact: boolean;
  realName: boolean;
  resignedAt: number;
}

export interface Customer {
  externalUserId: string;
  name: string;
  /** 1 WeChat, 2 WeCom. */
  type: 1 | 2;
  gender: 0 | 1 | 2;
  avatar: string;
  unionid: string;
  corpName: string;
  /** Not part of the WeCom API: the demo world's phone and city, exposed through the control API. */
  mobile: string;
  city: string;
}

export type FollowStatus = "active" | "pending" | "deleted_by_member" | "transferred";

export interface Follow {
  userid: string;
  externalUserId: string;
  remark: string;
  description: string;
  createtime: number;
  tagIds: string[];
  remarkCorpName: string;
  remarkMobiles: string[];
  addWay: number;
  operUserid: string;
  state: string;
  status: FollowStatus;
  /** The customer deleted the member (del_follow_user); the one-way relation survives. */
  deletedByCustomer: boolean;
  lastChatAt: number;
}

export interface TagGroup {
  id: string;
  name: string;
  createTime: number;
  order: number;
  agentId: number;
  deleted: boolean;
}

export interface Tag {
  id: string;
  groupId: string;
  name: string;
  createTime: number;
  order: number;
  agentId: number;
  deleted: boolean;
}

export interface ContactWay {
  configId: string;
  type: number;
  scene: number;
  style: number;
  remark: string;
  skipVerify: boolean;
  state: string;
  qrCode: string;
  user: string[];
  party: number[];
  isTemp: boolean;
  expiresIn: number;
  chatExpiresIn: number;
  unionid: string;
  conclusions: Record<string, unknown> | null;
  createdAt: number;
  agentId: number;
  used: boolean;
}

export interface JoinWay {
  configId: string;
  scene: number;
  remark: string;
  autoCreateRoom: number;
  roomBaseName: string;
  roomBaseId: number;
  chatIdList: string[];
  qrCode: string;
  state: string;
  createdAt: number;
}

export interface GroupMember {
  userid: string;
  type: 1 | 2;
  joinTime: number;
  joinScene: number;
  invitor: string;
  groupNickname: string;
  name: string;
  state: string;
  unionid: string;
}

export interface GroupChat {
  chatId: string;
  name: string;
  owner: string;
  createTime: number;
  notice: string;
  members: GroupMember[];
  admins: string[];
  version: number;
  /** 0 normal, 1 owner resigned, 2 inheriting, 3 inherited. */
  status: 0 | 1 | 2 | 3;
  dismissed: boolean;
  /** Times of on-job owner transfers (2 per 90 days). */
  transfers: number[];
}

export interface MassRecipient {
  target: string;
  isChat: boolean;
  userid: string;
  /** 0 not sent, 1 sent, 2 not a friend, 3 recipient quota hit. */
  status: 0 | 1 | 2 | 3;
  sendTime: number;
}

export interface MassTask {
  msgid: string;
  chatType: "single" | "group";
  creator: string;
  createType: 0 | 1;
  createTime: number;
  text: { content: string } | null;
  attachments: unknown[];
  allowSelect: boolean;
  /** userid → 0 not sent, 2 sent; ignored members stay 0. */
  members: Record<string, { status: 0 | 2; sendTime: number; ignored: boolean }>;
  recipients: MassRecipient[];
  cancelled: boolean;
  reminds: number[];
}

export interface MomentTask {
  jobid: string;
  momentId: string;
  createTime: number;
  text: string;
  attachments: unknown[];
  senders: string[];
  tagList: string[];
  published: Record<string, number>;
  cancelled: boolean;
  creator: string;
  createType: 0 | 1;
  /** Likes and comments under the member's post: from a customer (externalUserId) or a colleague. */
  comments: { userid: string; externalUserId: string; at: number; like: boolean }[];
}

export interface Transfer {
  externalUserId: string;
  handover: string;
  takeover: string;
  kind: "onjob" | "resigned";
  startedAt: number;
  takeoverAt: number;
  /** 1 taken over, 2 waiting, 3 refused, 4 takeover at customer limit. */
  status: 1 | 2 | 3 | 4;
  successMsg: string;
}

export interface Media {
  mediaId: string;
  type: string;
  filename: string;
  size: number;
  createdAt: number;
  expiresAt: number;
}

export interface WelcomeCode {
  code: string;
  userid: string;
  externalUserId: string;
  issuedAt: number;
  used: boolean;
}

/** A message a customer received (welcome, mass send, member chat, conclusion) — for the inspection view. */
export interface CustomerMessage {
  externalUserId: string;
  chatId: string;
  sender: string;
  at: number;
  kind: "welcome" | "mass" | "chat" | "conclusion" | "transfer" | "kf";
  text: string;
  attachments: unknown[];
  ref: string;
}

/** A message a customer sent to a member. */
export interface CustomerUtterance {
  externalUserId: string;
  userid: string;
  at: number;
  text: string;
}

export interface AppMessage {
  userid: string;
  agentId: number;
  at: number;
  msgtype: string;
  content: unknown;
  msgid: string;
}

export interface RuleHit {
  at: number;
  rule: string;
  path: string;
  detail: string;
}

export interface DailyStat {
  new_apply_cnt: number;
  new_contact_cnt: number;
  chat_cnt: number;
  message_cnt: number;
  replied_chats: number;
  reply_minutes: number;
  negative_feedback_cnt: number;
}

export interface Order {
  orderId: string;
  externalUserId: string;
  storeId: number;
  category: string;
  product: string;
  amountFen: number;
  paidAt: number;
}

/** A 获客助手 customer-acquisition link (addendum §5). */
export interface AcquisitionLink {
  linkId: string;
  name: string;
  createTime: number;
  skipVerify: boolean;
  userList: string[];
  departmentList: number[];
  priorityOption: Record<string, unknown> | null;
  markSource: boolean;
  agentId: number;
  customers: { externalUserId: string; userid: string; chatStatus: 0 | 1 | 2; state: string; at: number }[];
  clicks: { at: number; externalUserId: string }[];
}

export interface AcquisitionQuota {
  total: number;
  balance: number;
  expireDate: number;
}

/** One line of the conversation archive feed (会话存档-like), in order of `seq`. */
export interface ArchivedMessage {
  seq: number;
  at: number;
  from: string;
  to: string;
  roomId: string;
  kind: string;
  text: string;
  /** Content of a non-text message: a link's url/title, a mini-program's appid/name, a contact card's userid. */
  detail?: ArchivedDetail;
}

export interface ArchivedDetail {
  url?: string;
  title?: string;
  appid?: string;
  appName?: string;
  cardUserid?: string;
}

/** 微信客服 (addendum §4): accounts, per-customer sessions, and the message log sync_msg pages through. */
export interface KfAccount {
  openKfid: string;
  name: string;
  avatar: string;
  managePrivilege: boolean;
  servicers: { userid: string; status: 0 | 1; stopType: 0 | 1 }[];
}

export interface KfSession {
  openKfid: string;
  externalUserId: string;
  /** 0 new, 1 bot, 2 queued, 3 human, 4 ended. */
  state: 0 | 1 | 2 | 3 | 4;
  servicerUserid: string;
  lastInboundAt: number;
  sendsSinceInbound: number;
  greeted: boolean;
  scene: string;
  sceneParam: string;
}

export interface KfLogItem {
  seq: number;
  msgid: string;
  openKfid: string;
  externalUserId: string;
  sendTime: number;
  /** 3 customer, 4 system event, 5 servicer via client. */
  origin: 3 | 4 | 5;
  servicerUserid: string;
  msgtype: string;
  body: Record<string, unknown>;
}

export interface KfState {
  accounts: Map<string, KfAccount>;
  sessions: Map<string, KfSession>;
  log: KfLogItem[];
}

export interface CorpState {
  corpId: string;
  name: string;
  settings: CorpSettings;
  apps: AppState[];
  departments: Map<number, Department>;
  members: Map<string, Member>;
  customers: Map<string, Customer>;
  follows: Follow[];
  tagGroups: Map<string, TagGroup>;
  tags: Map<string, Tag>;
  contactWays: Map<string, ContactWay>;
  joinWays: Map<string, JoinWay>;
  groups: Map<string, GroupChat>;
  massTasks: Map<string, MassTask>;
  moments: Map<string, MomentTask>;
  transfers: Transfer[];
  media: Map<string, Media>;
  welcomeCodes: Map<string, WelcomeCode>;
  customerInbox: CustomerMessage[];
  customerSaid: CustomerUtterance[];
  appMessages: AppMessage[];
  rules: RuleHit[];
  /** `${userid}|${dayStart}` → counters for get_user_behavior_data. */
  stats: Map<string, DailyStat>;
  /** recipient → send times of mass messages it received (quota accounting). */
  massReceived: Map<string, number[]>;
  orders: Order[];
  welcomeTemplates: Map<string, { templateId: string; agentId: number; body: Record<string, unknown> }>;
  acquisitionLinks: Map<string, AcquisitionLink>;
  acquisitionQuota: AcquisitionQuota;
  archive: ArchivedMessage[];
  kf: KfState;
}
