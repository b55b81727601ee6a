// Puts a VALIDATION_FAILED answer onto an antd form: each issue lands on the nearest field the form
// has (its own field, else the list or group that holds it), in the user's language where the console
// knows the rule; what fits no field is returned so the page can list it.
import type { FieldError } from "../api/errors.ts";

export type NamePath = (string | number)[];

/** "staff.0.userid" → ["staff", 0, "userid"]. */
export function toNamePath(field: string): NamePath {
  return field
    .split(".")
    .filter((part) => part !== "")
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function startsWith(path: NamePath, prefix: NamePath): boolean {
  return prefix.length <= path.length && prefix.every((part, i) => part === path[i]);
}

export interface PlacedErrors {
  placed: { name: NamePath; errors: string[] }[];
  unplaced: FieldError[];
}

/** Assigns every issue to the longest registered field name that is a prefix of its path. */
export function placeErrors(issues: FieldError[], registered: NamePath[]): PlacedErrors {
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const unplaced: FieldError[] = [];
  for (const issue of issues) {
    const path = toNamePath(issue.field);
    let best: NamePath | undefined;
    for (const name of registered) {
      if (startsWith(path, name) && (!best || name.length > best.length)) best = name;
    }
    if (!best) {
      unplaced.push(issue);
      continue;
    }
    const key = JSON.stringify(best);
    const entry = byField.get(key) ?? { name: best, errors: [] };
    if (!entry.errors.includes(issue.message)) entry.errors.push(issue.message);
    byField.set(key, entry);
  }
  return { placed: [...byField.values()], unplaced };
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The server's English issue messages the console can say in the user's language. */
const KNOWN: [RegExp, (m: RegExpExecArray, t: Translate) => string][] = [
  [/^Too small: expected string to have >=1 characters$/, (_m, t) => t("validation.required")],
  [/^Too big: expected string to have <=(\d+) characters$/, (m, t) => t("validation.tooLong", { max: m[1] })],
  [/^Too big: expected array to have <=(\d+) items$/, (m, t) => t("validation.tooMany", { max: m[1] })],
  [/^Too small: expected number to be >=(\d+)$/, (m, t) => t("validation.min", { min: m[1] })],
  [/^Too big: expected number to be <=(\d+)$/, (m, t) => t("validation.max", { max: m[1] })],
  [/^Invalid URL$/, (_m, t) => t("validation.url")],
  [/^a live code needs at least one staff member$/, (_m, t) => t("validation.staffRequired")],
  [/^a contact way holds at most 100 people$/, (_m, t) => t("validation.staffTooMany")],
  [/^overlaps range (\d+) on weekday (\d+)$/, (m, t) => t("validation.overlap", { n: Number(m[1]) + 1 })],
  [/^end must be after start$/, (_m, t) => t("validation.endAfterStart")],
  [/^a time is "HH:MM"/, (_m, t) => t("validation.time")],
  [/^a welcome message needs text or an attachment$/, (_m, t) => t("validation.welcomeEmpty")],
  [/^state is at most 30 characters/, (_m, t) => t("validation.stateTooLong")],
  [/^state may contain letters, digits/, (_m, t) => t("validation.stateChars")],
  [/^(.+) is listed twice$/, (m, t) => t("validation.staffTwice", { userid: m[1] })],
  [/^at most 9 attachments/, (_m, t) => t("validation.attachmentsTooMany")],
  [/^contains the sensitive word "(.*)"$/, (m, t) => t("sendGate.reasons.sensitive", { word: m[1] })],
  [/^a moment carries images, one video or one link, not a mix/, (_m, t) => t("moments.mixed")],
  [/^at most 9 images per moment/, (_m, t) => t("moments.tooManyImages")],
  [/^a moment needs text or at least one attachment$/, (_m, t) => t("moments.emptyPost")],
  [/^the publish time has already passed$/, (_m, t) => t("moments.pastTime")],
  [/^a link title is at most 64 bytes/, (_m, t) => t("moments.titleTooLong")],
  [/^a group code needs at least one group$/, (_m, t) => t("validation.groupsRequired")],
  [/^at most 5 groups per code/, (_m, t) => t("validation.groupsTooMany")],
  [/^group listed twice$/, (_m, t) => t("validation.groupTwice")],
  [/^a name is required$/, (_m, t) => t("validation.nameRequired")],
  [/^not a domain name; write it like example\.com$/, (_m, t) => t("guard.errors.domain")],
  [/^flooding needs at least 2 messages$/, (_m, t) => t("guard.errors.floodCount")],
  [/^the rule checks nothing/, (_m, t) => t("guard.errors.nothing")],
  [/^(\S+) is not a group of this corp$/, (m, t) => t("guard.errors.notGroup", { chatId: m[1] })],
  [/^at least 1 violation$|^at most 10 violations$/, (_m, t) => t("guard.errors.range", { min: 1, max: 10 })],
  [/^at least 1 hour$|^at most 720 hours/, (_m, t) => t("guard.errors.range", { min: 1, max: 720 })],
  [/^at least 1 second$|^at most 3600 seconds/, (_m, t) => t("guard.errors.range", { min: 1, max: 3600 })],
  [/^a name is at most (\d+) characters$/, (m, t) => t("validation.tooLong", { max: m[1] })],
  [/^(?:newest and oldest|largest and smallest) contradict/, (_m, t) => t("duplicates.errors.contradict")],
  [/^unknown rule; use store_group/, (_m, t) => t("duplicates.errors.unknown")],
  [/^give at least one rule$/, (_m, t) => t("duplicates.errors.none")],
  [/^rule listed twice$/, (_m, t) => t("duplicates.errors.twice")],
  [/^a date as YYYY-MM-DD/, (_m, t) => t("sops.errors.date")],
  [/^pick at least one weekday$/, (_m, t) => t("sops.errors.weekdays")],
  [/^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) has already passed$/, (m, t) => t("sops.errors.past", { when: m[1] })],
  [/^no such saved segment$/, (_m, t) => t("sops.errors.segment")],
  [/^days after joining is for personal SOPs/, (_m, t) => t("sops.errors.afterJoinGroup")],
  [
    /^(?:remark|room base name) is at most (\d+) characters$/,
    (m, t) => t("validation.tooLong", { max: m[1] }),
  ],
  [/^latitude is between -90 and 90$/, (_m, t) => t("stores.latRange")],
  [/^longitude is between -180 and 180$/, (_m, t) => t("stores.lngRange")],
  [/^latitude and longitude go together$/, (_m, t) => t("validation.latLngTogether")],
  [/^a store needs at least one staff member/, (_m, t) => t("stores.staffRequired")],
  [/^at most 5 groups per store/, (_m, t) => t("stores.groupsTooMany")],
  [/^(.+) is not a current member of this corp$/, (m, t) => t("validation.notMember", { userid: m[1] })],
  [/^(.+) is not a customer group of this corp$/, (m, t) => t("validation.notGroup", { chatId: m[1] })],
  [/^an image needs a material/, (_m, t) => t("validation.imageSource")],
  [/^a (file|video) needs a material/, (_m, t) => t("validation.mediaSource")],
  [/^a mini program needs a cover image$/, (_m, t) => t("validation.coverSource")],
  [/^at most ([\d,]+) characters$/, (m, t) => t("validation.tooLong", { max: m[1] })],
  [/^Invalid input: expected number, received null$/, (_m, t) => t("validation.required")],
  [/^a time of day as HH:MM/, (_m, t) => t("sendGate.timeOfDay")],
  [
    /^a (?:mass )?message needs text or (?:at least one|an) attachment$/,
    (_m, t) => t("validation.massEmpty"),
  ],
  [/^the segment no longer exists$/, (_m, t) => t("validation.segmentGone")],
  [/^(?:the scheduled time|the time) is in the past$/, (_m, t) => t("validation.scheduledPast")],
  [/^choose at least one group$/, (_m, t) => t("validation.groupsNeeded")],
  [/^a mass send needs a name$/, (_m, t) => t("validation.nameRequired")],
  [/^at most ([\d,]+) groups per mass send$/, (m, t) => t("validation.tooMany", { max: m[1] })],
  [/^at most ([\d,]+) bytes/, (m, t) => t("validation.textBytes", { max: m[1] })],
  [/^no material \S+$/, (_m, t) => t("validation.noMaterial")],
  [/^a mini program's cover must be an image$/, (_m, t) => t("validation.coverImage")],
  [/^step (\d+) comes before step (\d+)/, (m, t) => t("journeys.outOfOrder", { n: m[1], prev: m[2] })],
  [/^a step needs text or an attachment$/, (_m, t) => t("journeys.stepEmpty")],
  [/^a line needs at least one step$/, (_m, t) => t("journeys.noSteps")],
  [
    /^(.+) is the member handing over; pick someone else/,
    (m, t) => t("inheritance.errors.self", { userid: m[1] }),
  ],
  [
    /^(.+) is not a member of this corp's directory/,
    (m, t) => t("inheritance.errors.unknown", { userid: m[1] }),
  ],
  [
    /^(.+) has resigned and cannot take over customers$/,
    (m, t) => t("inheritance.errors.resigned", { userid: m[1] }),
  ],
  [
    /^(.+) is disabled in WeCom and cannot take over/,
    (m, t) => t("inheritance.errors.disabled", { userid: m[1] }),
  ],
  [
    /^(.+) has not activated WeCom yet and cannot take over/,
    (m, t) => t("inheritance.errors.inactive", { userid: m[1] }),
  ],
  [/^(.+) has no customer-contact licence/, (m, t) => t("inheritance.errors.unlicensed", { userid: m[1] })],
  [
    /^(.+) has not resigned: use an in-service/,
    (m, t) => t("inheritance.errors.notResigned", { userid: m[1] }),
  ],
  [
    /^(.+) has resigned: use a departed-staff/,
    (m, t) => t("inheritance.errors.hasResigned", { userid: m[1] }),
  ],
  [
    /^(\S+) is not a (?:customer|group) (\S+) still (?:has|owns)/,
    (m, t) => t("inheritance.errors.notHeld", { id: m[1], userid: m[2] }),
  ],
  [
    /^(.+) has no customers or groups left to transfer$/,
    (m, t) => t("inheritance.errors.nothing", { userid: m[1] }),
  ],
  [/^no member can take over customers/, (_m, t) => t("inheritance.errors.nobody")],
  [
    /^(\S+) is (\w+); only refused or failed customers/,
    (m, t) =>
      t("inheritance.errors.notFailed", { id: m[1], status: t(`inheritance.customerStatuses.${m[2]}`) }),
  ],
  [/^a tier needs at least 1 invite$/, (_m, t) => t("fission.errors.tierMin")],
  [
    /^needs more invites than tier (\d+) \((\d+)\)$/,
    (m, t) => t("fission.errors.tierOrder", { n: m[1], prev: m[2] }),
  ],
  [/^coupon pool "(.+)" has no codes left/, (m, t) => t("fission.errors.poolEmpty", { name: m[1] })],
  [/^coupon pool \d+ does not exist$/, (_m, t) => t("fission.errors.poolMissing")],
  [/^pick at least one member to add the invitees$/, (_m, t) => t("fission.errors.staffRequired")],
  [/^the odds add up to ([\d.]+) %/, (m, t) => t("groupActivities.errors.oddsSum", { total: m[1] })],
  [/^the odds are at most 100 %$/, (_m, t) => t("groupActivities.errors.oddsMax")],
  [/^the odds are above 0 %$/, (_m, t) => t("groupActivities.errors.oddsMin")],
];

export function translateIssue(message: string, t: Translate): string {
  for (const [pattern, say] of KNOWN) {
    const match = pattern.exec(message);
    if (match) return say(match, t);
  }
  return message;
}
