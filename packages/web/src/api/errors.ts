// Turns any thrown value into text for the user: the translated message for a known error code,
// else the server's own message; and maps VALIDATION_FAILED details onto form fields.
import { ApiError } from "./client.ts";

/** The part of an i18next instance errorText needs. */
export interface Translator {
  t: (key: string) => string;
  exists: (key: string) => boolean;
}

export function errorText(error: unknown, i18n: Translator): string {
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`;
    if (i18n.exists(key)) return i18n.t(key);
    return error.message || i18n.t("errors.UNKNOWN");
  }
  return i18n.t("errors.UNKNOWN");
}

export interface FieldError {
  field: string;
  message: string;
}

/**
 * Field errors carried by a VALIDATION_FAILED response. Accepts an array of issues
 * `{ path, message }` (the server's shape), `{ fieldErrors: { name: [msg] } }`, or a `{ name: msg }` map.
 */
export function fieldErrors(error: unknown): FieldError[] {
  if (!(error instanceof ApiError) || error.code !== "VALIDATION_FAILED") return [];
  const details = error.details;
  const out: FieldError[] = [];
  const push = (field: unknown, message: unknown) => {
    if (typeof message !== "string") return;
    // Paths arrive as arrays (zod), JSON pointers ("/aesKey", as Siyu's server sends) or dotted names.
    const name = Array.isArray(field)
      ? field.map(String).join(".")
      : String(field ?? "")
          .replace(/^\//, "")
          .replaceAll("/", ".");
    if (name) out.push({ field: name, message });
  };
  if (Array.isArray(details)) {
    for (const issue of details) {
      if (typeof issue === "object" && issue !== null) {
        const { path, field, message } = issue as { path?: unknown; field?: unknown; message?: unknown };
        push(path ?? field, message);
      }
    }
  } else if (typeof details === "object" && details !== null) {
    const map = (details as { fieldErrors?: unknown }).fieldErrors ?? details;
    if (typeof map === "object" && map !== null) {
      for (const [field, value] of Object.entries(map)) push(field, Array.isArray(value) ? value[0] : value);
    }
  }
  return out;
}
