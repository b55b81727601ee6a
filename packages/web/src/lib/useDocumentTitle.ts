// Keeps the browser tab title on the current page, in the current language.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

export function useDocumentTitle(title: string | undefined): void {
  const { t } = useTranslation();
  const app = t("app.name");
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
  }, [title, app]);
}
