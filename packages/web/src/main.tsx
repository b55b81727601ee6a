// Browser entry point: picks the remembered language and mounts the console.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { App } from "./App.tsx";
import { createI18n, DEFAULT_LANGUAGE, isLanguage, LANGUAGE_STORAGE_KEY } from "./i18n/index.ts";
import "./styles.css";

function rememberedLanguage() {
  try {
    const stored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

const language = rememberedLanguage();
document.documentElement.lang = language;
const i18n = createI18n(language);
const root = document.getElementById("root");
if (!root) throw new Error("#root missing from index.html");

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
