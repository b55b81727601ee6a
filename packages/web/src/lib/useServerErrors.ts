// Applies a failed save to an antd form: VALIDATION_FAILED issues (and WeCom's refusal of a field)
// land on the nearest field in the user's language; the rest is returned for the page to list.
import type { FormInstance } from "antd";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, type FieldError, fieldErrors } from "../api/index.ts";
import { type NamePath, placeErrors, translateIssue } from "./formErrors.ts";
import { useErrorText } from "./useErrorText.ts";

export function useServerErrors<T>(form: FormInstance<T>): (reason: unknown) => FieldError[] {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return useCallback(
    (reason: unknown) => {
      let issues = fieldErrors(reason).map((f) => ({
        field: f.field,
        message: translateIssue(f.message, t),
      }));
      // WeCom refusing a field's value (e.g. a member it does not know) names the field in details.path.
      if (reason instanceof ApiError && reason.code !== "VALIDATION_FAILED") {
        const path = (reason.details as { path?: unknown } | undefined)?.path;
        if (typeof path === "string")
          issues = [{ field: path.replace(/^\//, "").replaceAll("/", "."), message: errorText(reason) }];
      }
      const registered = form.getFieldsError().map((f) => f.name as NamePath);
      const { placed, unplaced } = placeErrors(issues, registered);
      form.setFields(placed.map((p) => ({ name: p.name as never, errors: p.errors })));
      return unplaced;
    },
    [form, t, errorText],
  );
}
