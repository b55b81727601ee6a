// The current console language and a setter that also remembers the choice and updates <html lang>.
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGE_STORAGE_KEY, type Language } from "./index.ts";

export function useLanguage(): [Language, (language: Language) => void] {
  const { i18n } = useTranslation();
  const current = isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
  const setLanguage = useCallback(
    (language: Language) => {
      void i18n.changeLanguage(language);
      document.documentElement.lang = language;
      try {
        localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
      } catch {
        // Storage can be unavailable (private mode); the choice then lasts for this tab only.
      }
    },
    [i18n],
  );
  return [current, setLanguage];
}
