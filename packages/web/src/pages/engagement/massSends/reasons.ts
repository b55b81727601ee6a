// A mass send's reasons as the server writes them (packages/server/src/domains/mass-sends: planning, the
// send gate's own reasons, the results pulled from WeCom), said in the console's language. A recipient's
// stored reason may carry the gate rule's name in front ("quota: …"); the console drops it, as the rule
// shows elsewhere. A reason the console does not know is shown as the server wrote it.
import { gateReasonText } from "../../risk/gateReason.ts";

type Translate = (key: string, options?: Record<string, unknown>) => string;
type FormatTime = (iso: string) => string;

const NOT_PAST_DAY = "; this send does not wait past its day";

const KNOWN: [RegExp, (m: RegExpExecArray, t: Translate) => string][] = [
  [/^the group is unknown to Siyu or was dismissed$/, (_m, t) => t("massSends.reasons.groupUnknown")],
  [/^not any member's customer now/, (_m, t) => t("massSends.reasons.noFollower")],
  [
    /^no longer (\S+)'s customer when it was sent$/,
    (m, t) => t("massSends.reasons.notFriend", { sender: m[1] }),
  ],
  [/^WeCom: the recipient had already received its quota/, (_m, t) => t("massSends.reasons.quota")],
  [/^cancelled before (\S+) sent it$/, (m, t) => t("massSends.reasons.cancelledBefore", { sender: m[1] })],
  [/^waiting for (\S+) to send it in WeCom$/, (m, t) => t("massSends.reasons.waiting", { sender: m[1] })],
  [/^the mass send was cancelled before it went out$/, (_m, t) => t("massSends.reasons.cancelled")],
  [
    /^every rule passed for ([\d,]+) recipients?; submitted to WeCom as one task of (\S+)$/,
    (m, t) => t("massSends.reasons.passedTask", { count: m[1], sender: m[2] }),
  ],
];

export function massReasonText(reason: string, t: Translate, time: FormatTime): string {
  const ruled = /^[a-z_]+: (.+)$/s.exec(reason);
  if (ruled?.[1]) return massReasonText(ruled[1], t, time);
  if (reason.endsWith(NOT_PAST_DAY)) {
    return massReasonText(reason.slice(0, -NOT_PAST_DAY.length), t, time) + t("massSends.reasons.notPastDay");
  }
  for (const [pattern, say] of KNOWN) {
    const m = pattern.exec(reason);
    if (m) return say(m, t);
  }
  return gateReasonText(reason, t, time);
}
