// Words for the send gate's outcomes shared by the pages: the action as a coloured tag, a rule's name and a
// decision's reason in the console's language.
import { Tag } from "antd";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { GateAction } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { gateReasonText } from "./gateReason.ts";

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
      i18n.exists(`sendGate.rules.${name}.title`) ? t(`sendGate.rules.${name}.title`) : name,
    [t, i18n],
  );
  const reason = useCallback(
    (text: string) => gateReasonText(text, t, (iso) => formatDateTime(iso, language)),
    [t, language],
  );
  return { rule, reason };
}
