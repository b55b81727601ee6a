// Words for the send gate's outcomes shared by the pages: the action as a coloured tag, a rule's name and a
// decision's reason in the console's language.
import { Tag } from "antd";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { GateAction } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { massReasonText } from "../engagement/massSends/reasons.ts";

const ACTION_COLOR: Record<GateAction, string> = { send: "green", defer: "orange", drop: "red" };

export function ActionTag({ action }: { action: GateAction }) {
  const { t } = useTranslation();
  return <Tag color={ACTION_COLOR[action]}>{t(`sendGate.actions.${action}`)}</Tag>;
}

export function useGateText() {
  const { t, i18n } = useTranslation();
  const [language] = useLanguage();
  const rule = useCallback(
    (name: string) =>
      i18n.exists(`sendGate.rules.${name}.title`)
        ? t(`sendGate.rules.${name}.title`)
        : i18n.exists(`massSends.rules.${name}`)
          ? t(`massSends.rules.${name}`)
          : name,
    [t, i18n],
  );
  const reason = useCallback(
    // The gate's reasons, and those only mass sends write (a task let through, no sender, not past its day).
    (text: string) => massReasonText(text, t, (iso) => formatDateTime(iso, language)),
    [t, language],
  );
  return { rule, reason };
}
