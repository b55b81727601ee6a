// The send gate's reasons arrive as English sentences (packages/server/src/domains/send-gate/gate-rules.ts);
// this says the known ones in the console's language, with times formatted like the rest of the console.
// A reason the console does not know is shown as the server wrote it.

type Translate = (key: string, options?: Record<string, unknown>) => string;
type FormatTime = (iso: string) => string;

const ISO = "(\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z)";
const NOTE = "(?: \\((.*)\\))?";
/** Churn watch's figures: "31 deletions of 1,000 sends in 24 h (3.1% > 2%)". */
const FIGURES = "([\\d,]+) deletions? of ([\\d,]+) sends? in (\\d+) h \\(([\\d.]+)% > ([\\d.]+)%\\)";

function figures(m: RegExpExecArray, i: number, t: Translate): string {
  return t("churnWatch.figures", {
    deletions: m[i],
    sends: m[i + 1],
    hours: m[i + 2],
    percent: m[i + 3],
    threshold: m[i + 4],
  });
}

/** Churn watch's own reasons (a pause, a member cooling down) in the console's language. */
export function churnReasonText(reason: string, t: Translate): string {
  const paused = new RegExp(`^(campaign|automation) paused: ${FIGURES}$`).exec(reason);
  if (paused) return t(`churnWatch.pausedAs.${paused[1]}`, { figures: figures(paused, 2, t) });
  const cooling = new RegExp(`^cooling down: ${FIGURES}$`).exec(reason);
  if (cooling) return t("churnWatch.coolingAs", { figures: figures(cooling, 1, t) });
  return reason;
}

const POLICY: Record<string, string> = {
  "1 per day": "day1",
  "7 per week": "week7",
  "days-in-month per month": "days_in_month",
};
const STATE: Record<string, string> = { "member banned": "member_banned", "corp banned": "corp_banned" };

const RULES: [RegExp, (m: RegExpExecArray, t: Translate, time: FormatTime) => string][] = [
  [/^every rule passed$/, (_m, t) => t("sendGate.reasons.passed")],
  [/^the message has no text and no attachments$/, (_m, t) => t("sendGate.reasons.empty")],
  [/^(\d+) attachments; WeCom takes at most \d+$/, (m, t) => t("sendGate.reasons.attachments", { n: m[1] })],
  [
    new RegExp(`^too late: it had to go out by ${ISO} \\((\\d+) s ago\\)(?:; (.*))?$`),
    (m, t, time) =>
      t("sendGate.reasons.tooLate", { time: time(m[1] as string), late: m[2] }) + (m[3] ? `; ${m[3]}` : ""),
  ],
  [
    new RegExp(`^(campaign|automation) paused: ${FIGURES}; paused since ${ISO}, resumes only by hand$`),
    (m, t, time) =>
      t("sendGate.reasons.paused", {
        what: t(`churnWatch.pausedAs.${m[1]}`, { figures: figures(m, 2, t) }),
        time: time(m[7] as string),
      }),
  ],
  [/^contains the sensitive word "(.*)"$/, (m, t) => t("sendGate.reasons.sensitive", { word: m[1] })],
  [
    new RegExp(`^the customer opted out on ${ISO} \\((\\w+)\\)$`),
    (m, t, time) =>
      t("sendGate.reasons.optedOut", {
        time: time(m[1] as string),
        source: t(`optOuts.sources.${m[2]}`, { defaultValue: m[2] }),
      }),
  ],
  [
    new RegExp(`^(\\S+) is restricted until ${ISO}${NOTE}$`),
    (m, t, time) =>
      t("sendGate.reasons.restricted", { sender: m[1], time: time(m[2] as string) }) + note(m[3], t),
  ],
  [
    new RegExp(`^(\\S+) is (member banned|corp banned)${NOTE}$`),
    (m, t) =>
      t("sendGate.reasons.banned", {
        sender: m[1],
        state: t(`accountHealth.states.${STATE[m[2] as string]}`),
      }) + note(m[3], t),
  ],
  [
    new RegExp(`^planned for ${ISO}$`),
    (m, t, time) => t("sendGate.reasons.planned", { time: time(m[1] as string) }),
  ],
  [
    /^quiet hours (\d\d:\d\d)–(\d\d:\d\d)$/,
    (m, t) => t("sendGate.reasons.quiet", { start: m[1], end: m[2] }),
  ],
  [
    /^the customer is active (\d\d:\d\d)–(\d\d:\d\d)$/,
    (m, t) => t("sendGate.reasons.active", { start: m[1], end: m[2] }),
  ],
  [
    new RegExp(
      `^the customer already received (\\d+) of (\\d+) \\((.+?)\\)(?:; next period starts ${ISO})?$`,
    ),
    (m, t, time) => {
      const policy = POLICY[m[3] as string];
      return (
        t("sendGate.reasons.quota", {
          used: m[1],
          limit: m[2],
          policy: policy ? t(`sendGate.policies.${policy}`) : m[3],
        }) + (m[4] ? t("sendGate.reasons.nextPeriod", { time: time(m[4]) }) : "")
      );
    },
  ],
  [
    /^(\d+) touches in the last (\d+) days \(cap (\d+)\)$/,
    (m, t) => t("sendGate.reasons.touchCap", { count: m[1], days: m[2], max: m[3] }),
  ],
];

function note(text: string | undefined, t: Translate): string {
  return text ? t("sendGate.reasons.note", { note: churnReasonText(text, t) }) : "";
}

export function gateReasonText(reason: string, t: Translate, time: FormatTime): string {
  for (const [pattern, say] of RULES) {
    const m = pattern.exec(reason);
    if (m) return say(m, t, time);
  }
  return reason;
}
