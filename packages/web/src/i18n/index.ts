// i18n for the console: zh-CN by default, English switchable; the antd locale follows the language.

import enUSModule from "antd/es/locale/en_US.js";
import type { Locale } from "antd/es/locale/index.js";
import zhCNModule from "antd/es/locale/zh_CN.js";
import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.ts";
import zhCN from "./zh-CN.ts";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "zh-CN";
export const LANGUAGE_STORAGE_KEY = "siyu.language";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

// antd ships these files as ESM without "type": "module", so the repository's NodeNext type check
// sees the default import as the module object while Vite hands over the locale itself.
function interopDefault(module: Locale | { default: Locale }): Locale {
  return "default" in module ? module.default : module;
}
const enUS = interopDefault(enUSModule);
const zhCNLocale = interopDefault(zhCNModule);

export function antdLocale(language: string): Locale {
  return language === "en" ? enUS : zhCNLocale;
}

export function createI18n(language: Language): I18n {
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    resources: { "zh-CN": { translation: zhCN }, en: { translation: en } },
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return instance;
}
