// The emulated platform: corps with their apps, directory and customer-contact state, plus the machinery
// around them (tokens, rate limits, faults, callbacks, clock). API handlers and the control API both act
// on this one object.
import { CallbackDispatcher, type CallbackOptions, DEFAULT_CALLBACK_OPTIONS } from "../callbacks.ts";
import type { EmulatorClock } from "../clock.ts";
import { ControlError } from "../errors.ts";
import { FaultBox } from "../faults.ts";
import { RateLimiter } from "../ratelimit.ts";
import { CorpIndex } from "./corp-index.ts";
import { type EventField, eventXml } from "./event-xml.ts";
import { Identity } from "./identity.ts";
import { createRng, Ids } from "./ids.ts";
import { dayStart } from "./time.ts";
import {
  type AppState,
  type ArchivedMessage,
  type CorpSettings,
  type CorpState,
  type Customer,
  type DailyStat,
  DEFAULT_SETTINGS,
  type Department,
  type Member,
} from "./types.ts";

export interface AppSeed {
  agentId?: number;
  name?: string;
  secret: string;
  token?: string;
  aesKey?: string;
  callbackUrl?: string;
  customerContact?: boolean;
  visibleDepartments?: number[];
  contactEvents?: boolean;
}

export interface CorpSeed {
  corpId: string;
  secret: string;
  name?: string;
  token?: string;
  aesKey?: string;
  callbackUrl?: string;
  agentId?: number;
  settings?: Partial<CorpSettings>;
}

export interface TokenRecord {
  token: string;
  corpId: string;
  agentId: number;
  expiresAt: number;
  /** Set when the app's secret was reset: business calls with this token answer 40001. */
  revokedErrcode?: number;
}

export type MemberSeed = Partial<Member> & { userid: string };
export type CustomerSeed = Partial<Customer>;

type Ticker = (world: World, corp: CorpState, now: number) => void;

export class World {
  readonly corps = new Map<string, CorpState>();
  private readonly indexes = new Map<string, CorpIndex>();
  readonly tokens = new Map<string, TokenRecord>();
  private readonly currentToken = new Map<string, string>();
  readonly gettokenCalls = new Map<string, number>();
  readonly faults = new FaultBox();
  readonly rate = new RateLimiter();
  readonly callbacks: CallbackDispatcher;
  readonly ids: Ids;
  readonly identity: Identity;
  /** Limits that are not per corp (contract §6): per (IP, API), and the IP block after repeated bad secrets. */
  readonly limits = { ipPerMinute: 20_000, ipPerHour: 600_000, badSecretsBeforeBlock: 20 };
  /** ip → emulated ms until which gettoken from it answers 45009. */
  readonly ipBlocks = new Map<string, number>();
  private readonly badSecrets = new Map<string, number[]>();
  private readonly tickers: Ticker[] = [];
  private requestSeq = 0;

  constructor(
    readonly clock: EmulatorClock,
    opts: { seed?: number; callbacks?: Partial<CallbackOptions> } = {},
  ) {
    this.ids = new Ids(createRng(opts.seed ?? Math.floor(Math.random() * 2 ** 32)));
    this.identity = new Identity(this);
    const nonceRng = createRng((opts.seed ?? 1) ^ 0x5bd1e995);
    this.callbacks = new CallbackDispatcher({ ...DEFAULT_CALLBACK_OPTIONS, ...opts.callbacks }, () =>
      String(Math.floor(nonceRng() * 1e10)),
    );
  }

  now(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  requestId(): string {
    this.requestSeq = (this.requestSeq + 1) % 1e9;
    return `${(this.clock.now() % 1e8).toString(16)}-${this.requestSeq.toString(16)}`;
  }

  // ---- corps, apps, directory -------------------------------------------------------------------

  createCorp(seed: CorpSeed): CorpState {
    if (this.corps.has(seed.corpId)) throw new ControlError("CONFLICT", `corp ${seed.corpId} exists`);
    const corp: CorpState = {
      corpId: seed.corpId,
      name: seed.name ?? seed.corpId,
      settings: { ...DEFAULT_SETTINGS, ...seed.settings },
      apps: [],
      departments: new Map(),
      members: new Map(),
      customers: new Map(),
      follows: [],
      tagGroups: new Map(),
      tags: new Map(),
      contactWays: new Map(),
      joinWays: new Map(),
      groups: new Map(),
      massTasks: new Map(),
      moments: new Map(),
      transfers: [],
      media: new Map(),
      welcomeCodes: new Map(),
      customerInbox: [],
      customerSaid: [],
      appMessages: [],
      rules: [],
      stats: new Map(),
      massReceived: new Map(),
      orders: [],
      welcomeTemplates: new Map(),
      acquisitionLinks: new Map(),
      acquisitionQuota: { total: 0, balance: 100, expireDate: this.now() + 365 * 86_400 },
      archive: [],
      kf: { accounts: new Map(), sessions: new Map(), log: [] },
    };
    corp.departments.set(1, { id: 1, name: corp.name, parentId: 0, order: 100000000 });
    this.attach(corp);
    this.addApp(corp, {
      agentId: seed.agentId,
      secret: seed.secret,
      token: seed.token,
      aesKey: seed.aesKey,
      callbackUrl: seed.callbackUrl,
    });
    return corp;
  }

  /** Registers a corp state (new or restored from a snapshot) and builds its indexes. */
  attach(corp: CorpState): void {
    // Snapshots written before a collection existed restore without it.
    corp.acquisitionLinks ??= new Map();
    corp.acquisitionQuota ??= { total: 0, balance: 100, expireDate: this.now() + 365 * 86_400 };
    corp.archive ??= [];
    corp.kf ??= { accounts: new Map(), sessions: new Map(), log: [] };
    corp.settings = { ...DEFAULT_SETTINGS, ...corp.settings };
    for (const app of corp.apps) app.contactEvents ??= false;
    this.corps.set(corp.corpId, corp);
    this.indexes.set(corp.corpId, new CorpIndex(corp));
  }

  corp(corpId: string): CorpState {
    const corp = this.corps.get(corpId);
    if (!corp) throw new ControlError("NOT_FOUND", `unknown corp ${corpId}`);
    return corp;
  }

  index(corp: CorpState): CorpIndex {
    return this.indexes.get(corp.corpId)!;
  }

  addApp(corp: CorpState, seed: AppSeed): AppState {
    const agentId = seed.agentId ?? 1000002 + corp.apps.length;
    if (corp.apps.some((a) => a.agentId === agentId || a.secret === seed.secret)) {
      throw new ControlError("CONFLICT", `app ${agentId} or its secret exists`);
    }
    const app: AppState = {
      agentId,
      name: seed.name ?? `App ${agentId}`,
      secret: seed.secret,
      token: seed.token ?? this.ids.opaque(16),
      aesKey: seed.aesKey ?? this.ids.opaque(43),
      callbackUrl: seed.callbackUrl ?? "",
      customerContact: seed.customerContact ?? true,
      visibleDepartments: seed.visibleDepartments ?? [],
      contactEvents: seed.contactEvents ?? false,
    };
    corp.apps.push(app);
    return app;
  }

  addDepartment(corp: CorpState, dept: Partial<Department> & { name: string }): Department {
    const id = dept.id ?? Math.max(0, ...corp.departments.keys()) + 1;
    const d: Department = {
      id,
      name: dept.name,
      parentId: dept.parentId ?? 1,
      order: dept.order ?? 100000000 - id,
    };
    corp.departments.set(id, d);
    return d;
  }

  addMember(corp: CorpState, seed: MemberSeed): Member {
    if (corp.members.has(seed.userid)) throw new ControlError("CONFLICT", `member ${seed.userid} exists`);
    const department = seed.department ?? [1];
    const member: Member = {
      userid: seed.userid,
      name: seed.name ?? seed.userid,
      department,
      mainDepartment: seed.mainDepartment ?? department[0] ?? 1,
      position: seed.position ?? "",
      mobile: seed.mobile ?? "",
      gender: seed.gender ?? "0",
      email: seed.email ?? "",
      status: seed.status ?? 1,
      customerContact: seed.customerContact ?? true,
      realName: seed.realName ?? true,
      resignedAt: seed.resignedAt ?? 0,
    };
    corp.members.set(member.userid, member);
    return member;
  }

  addCustomer(corp: CorpState, seed: CustomerSeed = {}): Customer {
    const type = seed.type ?? 1;
    const customer: Customer = {
      externalUserId: seed.externalUserId ?? this.ids.externalUserId(type === 2),
      name: seed.name ?? "微信用户",
      type,
      gender: seed.gender ?? 0,
      avatar: seed.avatar ?? "http://wx.qlogo.cn/mmhead/emulator/0",
      unionid: seed.unionid ?? (type === 1 ? this.ids.unionid() : ""),
      corpName: seed.corpName ?? "",
      mobile: seed.mobile ?? "",
      city: seed.city ?? "",
    };
    corp.customers.set(customer.externalUserId, customer);
    return customer;
  }

  /** True when the member is inside the app's visible range (contract: 60011 otherwise). */
  visible(corp: CorpState, app: AppState, member: Member): boolean {
    if (app.visibleDepartments.length === 0) return true;
    for (const dept of member.department) {
      let id: number | undefined = dept;
      for (let hops = 0; id !== undefined && id !== 0 && hops < 64; hops++) {
        if (app.visibleDepartments.includes(id)) return true;
        id = corp.departments.get(id)?.parentId;
      }
    }
    return false;
  }

  // ---- tokens -------------------------------------------------------------------------------------

  issueToken(corp: CorpState, app: AppState): { token: string; expiresIn: number } {
    const now = this.now();
    const key = `${corp.corpId}|${app.agentId}`;
    const current = this.tokens.get(this.currentToken.get(key) ?? "");
    if (current && !corp.settings.freshTokenEachTime && current.expiresAt > now) {
      return { token: current.token, expiresIn: current.expiresAt - now };
    }
    if (this.tokens.size > 200_000) this.pruneTokens(now);
    const token = this.ids.token();
    const ttl = corp.settings.tokenTtlSeconds;
    this.tokens.set(token, { token, corpId: corp.corpId, agentId: app.agentId, expiresAt: now + ttl });
    this.currentToken.set(key, token);
    return { token, expiresIn: ttl };
  }

  /** Makes every token of the corp expired now: the next business call answers 42001. */
  expireTokens(corpId: string): number {
    const now = this.now();
    let n = 0;
    for (const rec of this.tokens.values()) {
      if (rec.corpId === corpId && rec.expiresAt > now) {
        rec.expiresAt = now;
        n++;
      }
    }
    return n;
  }

  /** The secret of an app was reset: its tokens now answer 40001 and gettoken needs the new secret. */
  revokeAppTokens(corpId: string, agentId: number): void {
    for (const rec of this.tokens.values())
      if (rec.corpId === corpId && rec.agentId === agentId) rec.revokedErrcode = 40001;
    this.currentToken.delete(`${corpId}|${agentId}`);
  }

  private pruneTokens(now: number): void {
    for (const [t, rec] of this.tokens) if (rec.expiresAt < now - 86_400) this.tokens.delete(t);
  }

  /** Records a wrong secret from `ip`; returns true when that IP is now blocked for an hour. */
  badSecret(ip: string, corp: CorpState): boolean {
    const threshold = this.limits.badSecretsBeforeBlock;
    if (threshold <= 0) return false;
    const nowMs = this.clock.now();
    const recent = (this.badSecrets.get(ip) ?? []).filter((t) => t > nowMs - 3_600_000);
    recent.push(nowMs);
    this.badSecrets.set(ip, recent);
    if (recent.length < threshold) return false;
    this.ipBlocks.set(ip, nowMs + 3_600_000);
    this.badSecrets.delete(ip);
    this.ruleHit(
      corp,
      "ip_blocked",
      "gettoken",
      `${ip}: ${threshold} wrong secrets within an hour, blocked for 1 h`,
    );
    return true;
  }

  // ---- callbacks, rules, statistics --------------------------------------------------------------

  /** Fires a callback event to every app of the corp that has a callback URL; returns the event ids. */
  emit(
    corp: CorpState,
    fields: Record<string, EventField>,
    opts: { fromSys?: boolean; only?: (app: AppState) => boolean } = {},
  ): number[] {
    const now = this.now();
    const xml = eventXml(corp.corpId, now, fields, opts);
    const ids: number[] = [];
    for (const app of corp.apps) {
      if (!app.callbackUrl || (opts.only && !opts.only(app))) continue;
      ids.push(
        this.callbacks.enqueue({
          corpId: corp.corpId,
          agentId: app.agentId,
          url: app.callbackUrl,
          token: app.token,
          aesKey: app.aesKey,
          xml,
          event: String(fields.Event ?? ""),
          changeType: String(fields.ChangeType ?? ""),
          timestamp: now,
        }),
      );
    }
    return ids;
  }

  /** Appends to the conversation archive feed (what a session-archive adapter would pull). */
  archive(corp: CorpState, line: Omit<ArchivedMessage, "seq" | "at">): void {
    const last = corp.archive.at(-1);
    corp.archive.push({ seq: (last?.seq ?? 0) + 1, at: this.now(), ...line });
    if (corp.archive.length > 200_000) corp.archive.splice(0, 100_000);
  }

  ruleHit(corp: CorpState, rule: string, path: string, detail: string): void {
    corp.rules.push({ at: this.now(), rule, path, detail });
    if (corp.rules.length > 50_000) corp.rules.splice(0, 25_000);
  }

  stat(corp: CorpState, userid: string, at: number, field: keyof DailyStat, n = 1): void {
    const key = `${userid}|${dayStart(at)}`;
    let row = corp.stats.get(key);
    if (!row) {
      row = {
        new_apply_cnt: 0,
        new_contact_cnt: 0,
        chat_cnt: 0,
        message_cnt: 0,
        replied_chats: 0,
        reply_minutes: 0,
        negative_feedback_cnt: 0,
      };
      corp.stats.set(key, row);
    }
    row[field] += n;
  }

  // ---- time-driven state ---------------------------------------------------------------------------

  onTick(ticker: Ticker): void {
    this.tickers.push(ticker);
  }

  /** Applies everything that has come due by the current emulated time (e.g. 24 h transfer takeovers). */
  tick(): void {
    const now = this.now();
    for (const corp of this.corps.values()) {
      for (const t of this.tickers) t(this, corp, now);
      // Long traffic runs must not grow the logs without bound: keep the newest half once one passes 300k.
      for (const log of [corp.customerInbox, corp.customerSaid, corp.appMessages] as unknown[][]) {
        if (log.length > 300_000) log.splice(0, log.length / 2);
      }
      // Welcome codes live 20 s; keep a day of them for 41050/41051 answers, then forget.
      if (corp.welcomeCodes.size > 10_000) {
        for (const [code, w] of corp.welcomeCodes)
          if (w.issuedAt < now - 86_400) corp.welcomeCodes.delete(code);
      }
    }
  }
}
