// A mass send's reasons and rule names in the console's language, with times formatted like the rest of it.
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useGateText } from "../../risk/gateText.tsx";
import { massReasonText } from "./reasons.ts";

export function useMassText() {
  const { t, i18n } = useTranslation();
  const [language] = useLanguage();
  const gate = useGateText();
  const reason = useCallback(
    (text: string) => massReasonText(text, t, (iso) => formatDateTime(iso, language)),
    [t, language],
  );
  const rule = useCallback(
    (name: string) =>
      i18n.exists(`massSends.rules.${name}`) ? t(`massSends.rules.${name}`) : gate.rule(name),
    [t, i18n, gate],
  );
  return { reason, rule };
}
