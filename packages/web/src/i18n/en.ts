// English translation. The type keeps its keys identical to zh-CN.ts.

import { liveCodes, validation, welcome, welcomePage } from "./sections/acquisition.en.ts";
import { fission, groupActivities, rewards } from "./sections/activities.en.ts";
import { autoTags } from "./sections/autoTags.en.ts";
import { bulkAdds } from "./sections/bulkAdds.en.ts";
import { callCampaigns } from "./sections/callCampaigns.en.ts";
import { customers, sync, tags } from "./sections/customers.en.ts";
import { followups } from "./sections/followups.en.ts";
import { groupCodes, pickers } from "./sections/groupCodes.en.ts";
import { duplicates, groupList, guard } from "./sections/groups.en.ts";
import { inheritance } from "./sections/inheritance.en.ts";
import { journeys } from "./sections/journeys.en.ts";
import { massSends } from "./sections/massSends.en.ts";
import { materials } from "./sections/materials.en.ts";
import { moments } from "./sections/moments.en.ts";
import { orders } from "./sections/orders.en.ts";
import { accountHealth, churnWatch, optOuts, sendGate, sensitiveWords } from "./sections/risk.en.ts";
import { segments } from "./sections/segments.en.ts";
import { sops } from "./sections/sops.en.ts";
import { stages } from "./sections/stages.en.ts";
import { storeCodes, storeReport, stores } from "./sections/stores.en.ts";
import type { Messages } from "./zh-CN.ts";

const en: Messages = {
  app: { name: "Siyu", tagline: "Open-source WeCom SCRM" },
  common: {
    loading: "Loading…",
    retry: "Retry",
    cancel: "Cancel",
    save: "Save",
    create: "Create",
    close: "Close",
    copy: "Copy",
    copied: "Copied",
    never: "Never",
    actions: "Actions",
    edit: "Edit",
    delete: "Delete",
    comingSoon: "Arrives in a later release",
    backHome: "Back to the dashboard",
    notFoundTitle: "Page not found",
    notFoundText: "This address does not exist; it may have moved.",
  },
  language: { label: "Language", "zh-CN": "简体中文", en: "English" },
  login: {
    title: "Sign in to the console",
    username: "Username",
    password: "Password",
    usernameRequired: "Enter your username",
    passwordRequired: "Enter your password",
    submit: "Sign in",
    hint: "The admin password is printed in the server log on first start, or set with SIYU_ADMIN_PASSWORD.",
  },
  layout: {
    corpSwitcher: "Switch corp",
    noCorp: "No corp connected",
    logout: "Log out",
    collapse: "Collapse menu",
    expand: "Expand menu",
  },
  nav: {
    groups: {
      dashboard: "Dashboard",
      acquisition: "Acquisition",
      customers: "Customers",
      groups: "Groups",
      engagement: "Engagement",
      content: "Content",
      risk: "Risk",
      analytics: "Analytics",
      settings: "Settings",
    },
    pages: {
      dashboard: {
        overview: {
          title: "Dashboard",
          description: "Today's new and lost customers, tasks due, sends held by the gate, and alerts.",
        },
      },
      acquisition: {
        liveCodes: {
          title: "Live codes",
          description:
            "QR codes per channel that assign staff, tag customers and send a welcome, with daily adds and deletes.",
        },
        groupCodes: {
          title: "Group codes",
          description: "One QR code rotating across groups, switching when one is full.",
        },
        storeCodes: {
          title: "Store codes",
          description: "Assign shop assistants by store and location; scan in store to add.",
        },
        fission: {
          title: "Fission",
          description: "Invite-a-friend campaigns with rewards, tracing every invitation chain.",
        },
        bulkAdd: {
          title: "Bulk add",
          description: "Import phone numbers and let staff add them gradually, paced to stay safe.",
        },
        outboundCalls: {
          title: "Outbound calls",
          description:
            "Pick who to call by order recency and spending, schedule over the team's capacity and the best windows, code answers A/B/C and follow with an add-me SMS.",
        },
        acquisitionLinks: {
          title: "Acquisition links",
          description: "Links that add a staff member when opened outside WeChat (SMS, ads, apps).",
        },
      },
      customers: {
        list: { title: "Customers", description: "Filter, bulk-tag, assign and export all customers." },
        profile: {
          title: "Customer 360",
          description: "One customer's profile, tags, stage, orders and full timeline.",
        },
        tags: { title: "Tags", description: "Corp tag groups and tags, kept in sync with WeCom." },
        autoTag: {
          title: "Auto-tag rules",
          description: "Tag customers by keywords, behaviour and source, with the reason kept.",
        },
        segments: {
          title: "Segments",
          description: "Select audiences by tags, behaviour and orders, counted live.",
        },
        stages: {
          title: "Stages",
          description: "Define lifecycle stages and follow conversion between them.",
        },
        orders: { title: "Orders", description: "Import or sync orders and link them to customers for GMV." },
      },
      groups: {
        list: {
          title: "Groups",
          description: "All customer groups with owners, member counts and activity.",
        },
        duplicates: { title: "Duplicates", description: "Customers who are members of several groups." },
        antiHarassment: {
          title: "Anti-harassment",
          description: "Detect and handle ads, flooding and forbidden links.",
        },
        activities: {
          title: "Check-in / lottery / red packets",
          description: "Group check-ins, lotteries and red packets.",
        },
      },
      engagement: {
        welcome: { title: "Welcome", description: "Welcome messages per channel and staff member." },
        massSends: {
          title: "Mass sends",
          description:
            "Messages to many customers or groups, checked by the send gate, with staff confirmation tracked.",
        },
        moments: { title: "Moments", description: "Schedule Moments posts for staff and track publishing." },
        lines: {
          title: "T+ lines",
          description: "Follow-up message lines over T+N days, with conversion per step.",
        },
        triggers: {
          title: "Triggers",
          description: "Reach customers when something happens: an order, a birthday, silence.",
        },
        sop: { title: "SOP", description: "Standard operating tasks for staff and groups." },
        followUps: { title: "Follow-ups", description: "Follow-up reminders and tasks for key customers." },
        autoReply: { title: "Auto-reply", description: "Keyword replies to customer messages." },
      },
      content: {
        materials: {
          title: "Materials",
          description: "Images, files, videos, links and mini programs staff can send in one click.",
        },
        scripts: { title: "Scripts", description: "Shared standard replies, organised by scenario." },
        trackedLinks: {
          title: "Tracked links",
          description: "Links that record which customer opened them, and when.",
        },
      },
      risk: {
        sendGate: {
          title: "Send gate",
          description:
            "Frequency and quiet-hour policy, and the log of deferred or dropped sends with reasons.",
        },
        complaints: {
          title: "Complaints & deletions",
          description:
            "Customers deleting staff, against the sends of each mass send, automation and member; above the threshold it pauses itself until resumed by hand.",
        },
        sensitiveWords: {
          title: "Sensitive words",
          description:
            "Sensitive words and opted-out customers: messages with a listed word are dropped before sending.",
        },
        accountHealth: {
          title: "Account health",
          description: "Restrictions and bans per staff account; the send gate holds or drops their sends.",
        },
      },
      analytics: {
        gmvTree: { title: "GMV tree", description: "GMV broken down by channel, staff and segment." },
        funnels: { title: "Funnels", description: "Conversion from add to purchase." },
        staffPerformance: {
          title: "Staff performance",
          description: "Adds, replies, conversions and deletions per staff member.",
        },
        exports: { title: "Exports", description: "Export history and downloads; every export is audited." },
      },
      settings: {
        corps: { title: "Corps", description: "Connected WeCom corps and their callback settings." },
        staff: { title: "Staff & roles", description: "Staff accounts, roles and data scopes." },
        inheritance: {
          title: "Inheritance",
          description: "Hand over customers of departing or moving staff.",
        },
        apiTokens: { title: "API tokens", description: "Access tokens for integrating other systems." },
        webhooks: { title: "Webhooks", description: "Push events to your systems, signed and retried." },
        auditLog: {
          title: "Audit log",
          description: "Logins, permission changes, exports, mass sends and more.",
        },
      },
    },
  },
  dashboard: {
    corps: "Connected corps",
    receivedToday: "Events received today",
    pending: "Pending events",
    processed: "Processed events",
    dead: "Failed events",
    inboxTitle: "Callback events",
    noCorpTitle: "No corp connected yet",
    noCorpText: "Add a WeCom corp and set its callback URL; customers and events will show up here.",
    addCorp: "Add corp",
    viewDead: "View failed events",
  },
  deadEvents: {
    title: "Failed events",
    description: "Callback events parked after repeated failures. Fix the cause, then replay them.",
    corpId: "Corp ID",
    eventType: "Event type",
    error: "Error",
    attempts: "Attempts",
    receivedAt: "Received",
    replay: "Replay",
    replayed: "Queued for processing again",
    empty: "No failed events",
  },
  corps: {
    title: "Corps",
    add: "Add corp",
    empty:
      "No corp connected yet. After adding one, set its callback URL in the WeCom admin to this server's /wecom/callback/<corp ID>.",
    corpId: "Corp ID",
    name: "Name",
    secret: "App secret",
    token: "Callback token",
    aesKey: "EncodingAESKey",
    apiBase: "API base URL",
    createdAt: "Added",
    corpIdRequired: "Enter the corp ID",
    nameRequired: "Enter a name",
    secretRequired: "Enter the app secret",
    tokenRequired: "Enter the callback token",
    aesKeyInvalid: "The EncodingAESKey is 43 letters or digits",
    apiBaseInvalid: "Enter an address starting with http:// or https://",
    apiBaseHelp: "Real WeCom or an emulator",
    secretHelp: "Stored encrypted and never shown again",
    created: "Corp added",
  },
  tokens: {
    title: "API tokens",
    create: "New token",
    empty: "No API tokens yet. Create one per system that calls the Siyu API, so each can be revoked alone.",
    name: "Name",
    nameRequired: "Enter a token name",
    namePlaceholder: "e.g. Order system",
    createdAt: "Created",
    lastUsedAt: "Last used",
    revoke: "Revoke",
    revokeConfirm: "Systems using this token will lose access. Revoke it?",
    revoked: "Token revoked",
    createdTitle: "Token created",
    createdWarning: "This token is shown only once. Copy it now and keep it safe.",
    usage: "Send it as a request header: Authorization: Bearer <token>",
  },
  validation,
  liveCodes,
  groupCodes,
  orders,
  pickers,
  stores,
  storeCodes,
  storeReport,
  welcome,
  welcomePage,
  customers,
  tags,
  autoTags,
  sync,
  materials,
  massSends,
  moments,
  sops,
  followups,
  callCampaigns,
  inheritance,
  groupList,
  duplicates,
  guard,
  fission,
  groupActivities,
  rewards,
  journeys,
  segments,
  sendGate,
  sensitiveWords,
  optOuts,
  accountHealth,
  bulkAdds,
  churnWatch,
  stages,
  errors: {
    FISSION_NOT_FOUND: "This fission campaign does not exist",
    FISSION_PARTICIPANT_NOT_FOUND: "This participant does not exist",
    FISSION_NOT_ACTIVE: "The campaign is not active; resume it first",
    GROUP_ACTIVITY_NOT_FOUND: "This group activity does not exist",
    GROUP_ACTIVITY_NOT_OPEN: "This group activity is not open",
    REWARD_NOT_FOUND: "This reward does not exist",
    REWARD_NOT_PENDING: "This reward was already handed over or given automatically",
    INVALID_CREDENTIALS: "Wrong username or password",
    LOGIN_RATE_LIMITED: "Too many sign-in attempts. Try again later",
    VALIDATION_FAILED: "Some fields need attention",
    UNAUTHENTICATED: "Your session has ended. Sign in again",
    FORBIDDEN: "You are not allowed to do this",
    CSRF_FAILED: "This page has expired. Reload and try again",
    NOT_FOUND: "Not found",
    CORP_EXISTS: "This corp ID has already been added",
    TOKEN_NOT_FOUND: "The token does not exist or was revoked",
    EVENT_NOT_DEAD: "Only failed events can be replayed",
    PAYLOAD_TOO_LARGE: "The request is too large",
    EVENT_NOT_FOUND: "The event does not exist",
    RATE_LIMITED: "Too many requests. Try again later",
    INTERNAL_ERROR: "Something went wrong on the server. Try again later",
    NETWORK_ERROR: "Cannot reach the server. Check your network or whether Siyu is running",
    HTTP_ERROR: "The server sent a response the console does not understand",
    UNKNOWN: "Something went wrong",
    INTERNAL: "The server had a problem; try again later",
    CORP_NOT_FOUND: "This corp does not exist",
    PAUSE_NOT_FOUND: "Nothing is paused under this id, or it was resumed already",
    MATERIAL_NOT_FOUND: "This material does not exist or was deleted",
    MATERIAL_INVALID: "The file cannot be used as a material",
    MOMENT_NOT_FOUND: "This moment does not exist",
    JOURNEY_NOT_FOUND: "This message line does not exist",
    SOP_NOT_FOUND: "This SOP does not exist",
    SOP_TASK_NOT_FOUND: "This SOP task does not exist or is not yours",
    JOURNEY_INVALID: "The message line refers to something that does not exist in this corp",
    JOURNEY_TASK_NOT_FOUND: "This follow-up task does not exist",
    JOURNEY_PAUSED: "This message line is paused: resume it before enrolling customers",
    COUPON_POOL_NOT_FOUND: "This coupon pool does not exist",
    SCENARIO_NOT_FOUND: "This scenario does not exist",
    SCENARIO_IMPORT_NOT_FOUND: "This coupon or subscription import does not exist",
    SCENARIO_IMPORT_UNREADABLE: "The file could not be read as CSV or XLSX",
    SCENARIO_IMPORT_COLUMNS_MISSING:
      "The file lacks required columns (id, expiry and the coupon name or product)",
    FOLLOWUP_TEMPLATE_NOT_FOUND: "This follow-up template does not exist",
    CALL_CAMPAIGN_NOT_FOUND: "This call campaign does not exist",
    CALL_CAMPAIGN_EMPTY: "Nobody to call in this bucket with these filters",
    CALL_CAMPAIGN_NO_CAPACITY: "No account can take new friends (all restricted or without a daily cap)",
    CALL_RESULTS_UNREADABLE: "The call-result file could not be read, or lacks a phone or result column",
    FOLLOWUP_PLAN_NOT_FOUND: "This follow-up plan does not exist or is not yours",
    FOLLOWUP_TASK_NOT_FOUND: "This follow-up task does not exist or is not yours",
    FOLLOWUP_PLAN_RUNNING: "This customer already has a running follow-up plan with this member",
    FOLLOWUP_TASK_CLOSED: "This follow-up round is already closed",
    MOMENT_NOT_CANCELLABLE:
      "This moment is being published, failed or was already cancelled; it cannot be cancelled",
    BULK_ADD_LIST_NOT_FOUND: "This list does not exist",
    BULK_ADD_TASK_NOT_FOUND: "This add task does not exist",
    BULK_ADD_TASK_CLOSED: "This task was already sent, accepted or expired",
    BULK_ADD_IMPORT_UNREADABLE: "The file could not be read as CSV or XLSX",
    BULK_ADD_IMPORT_COLUMNS_MISSING: "The file has no phone column (name it 手机号 or phone)",
    ACCOUNT_RESTRICTED: "This account is restricted and must not add anyone",
    ADD_RATE_LIMITED: "This new account is at its hourly limit; send later",
    LIVE_CODE_NOT_FOUND: "This live code does not exist or was deleted",
    LIVE_CODE_STATE_TAKEN: "Another live code already uses this state",
    GROUP_NOT_FOUND: "This group does not exist or is outside your scope",
    GROUP_REMOVAL_NOT_FOUND: "This removal task does not exist",
    GROUP_REMOVAL_NOT_OWNER: "Only the group's owner may confirm or keep",
    GROUP_REMOVAL_CLOSED: "This removal task was already handled",
    GROUP_GUARD_RULE_NOT_FOUND: "This anti-harassment rule does not exist or was deleted",
    GROUP_CODE_NOT_FOUND: "This group code does not exist or was deleted",
    GROUP_CODE_STATE_TAKEN: "Another group code already uses this state",
    WELCOME_NOT_FOUND: "This welcome message does not exist or was deleted",
    STORE_NOT_FOUND: "This store does not exist or was deleted",
    STORE_NAME_TAKEN: "Another store already has this name",
    STORE_CODE_NOT_FOUND: "This store code does not exist or is disabled",
    STORE_CODE_SLUG_TAKEN: "Another store code already uses this landing address",
    WELCOME_EXISTS: "This scope already has a welcome message; edit that one",
    WECOM_REJECTED:
      "WeCom refused this: every member must be active, verified, allowed to contact customers and visible to the app",
    WECOM_REFUSED: "WeCom cannot be reached right now; try again later",
    CUSTOMER_NOT_FOUND: "This customer does not exist",
    STAGE_NOT_FOUND: "This stage does not exist or was removed",
    STAGE_BUILTIN: "A default stage can be renamed but not removed",
    STAGE_NOT_EMPTY: "The stage still holds customers; choose the stage they move to first",
    TAG_NOT_FOUND: "This tag does not exist or was deleted",
    TAG_JOB_NOT_FOUND: "This bulk tagging job does not exist",
    RULE_NOT_FOUND: "This rule does not exist or was deleted",
    SYNC_NOT_RESUMABLE: "This sync cannot resume; start a new sync",
    SEGMENT_INVALID: "The segment has a problem; see the marked place",
    SEGMENTS_WARMING_UP: "Segment counts are still being prepared after a restart; try again in a moment",
    SEGMENT_NOT_FOUND: "The segment does not exist or was deleted",
    SEGMENT_NAME_TAKEN: "Another segment has this name; choose another",
    MASS_SEND_NOT_FOUND: "This mass send does not exist",
    MASS_SEND_REMIND_LIMIT:
      "No one could be reminded: WeCom allows 3 reminders per member in 24 hours, or everyone has already sent it",
    MASS_SEND_NOT_CANCELLABLE:
      "This mass send can no longer be cancelled: it was cancelled already or every part of it was sent",
    ORDER_IMPORT_NOT_FOUND: "This order import does not exist",
    ORDER_IMPORT_UNREADABLE: "The file cannot be read: upload an order export as CSV or XLSX",
    ORDER_IMPORT_COLUMNS_MISSING: "The file lacks columns the preset needs; check you chose the right preset",
  },
};

export default en;
