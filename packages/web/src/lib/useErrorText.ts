// errorText bound to the current language.
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../api/index.ts";

export function useErrorText(): (error: unknown) => string {
  const { i18n } = useTranslation();
  return useCallback(
    (error: unknown) => errorText(error, { t: (key) => i18n.t(key), exists: (key) => i18n.exists(key) }),
    [i18n],
  );
}
