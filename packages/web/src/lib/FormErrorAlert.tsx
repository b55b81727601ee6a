// The one error banner above a form after a failed save: the error in the user's language, and the
// server's field issues that no field of the form could show (placed ones appear on their fields).
import { Alert, type FormInstance } from "antd";
import { type CSSProperties, useCallback, useState } from "react";
import type { FieldError } from "../api/index.ts";
import { useErrorText } from "./useErrorText.ts";
import { useServerErrors } from "./useServerErrors.ts";

export function FormErrorAlert({
  error,
  leftOver,
  style,
}: {
  /** The failure, or undefined when there is nothing to show. */
  error: unknown;
  leftOver: FieldError[];
  style?: CSSProperties;
}) {
  const errorText = useErrorText();
  if (error === undefined) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={errorText(error)}
      description={
        leftOver.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {leftOver.map((f) => (
              <li key={`${f.field}:${f.message}`}>{f.field ? `${f.field}: ${f.message}` : f.message}</li>
            ))}
          </ul>
        ) : undefined
      }
      style={{ marginBottom: 16, ...style }}
    />
  );
}

/**
 * A form's save failure: `fail(reason)` puts the server's field issues on the form's fields and keeps the
 * rest for the banner; `clear()` before the next try; `alert` is the banner to render above the form.
 */
export function useSaveFailure<T>(form: FormInstance<T>) {
  const applyServerErrors = useServerErrors(form);
  const [state, setState] = useState<{ error: unknown; leftOver: FieldError[] }>({
    error: undefined,
    leftOver: [],
  });
  const fail = useCallback(
    (reason: unknown) => setState({ error: reason, leftOver: applyServerErrors(reason) }),
    [applyServerErrors],
  );
  const clear = useCallback(() => setState({ error: undefined, leftOver: [] }), []);
  return { fail, clear, alert: <FormErrorAlert error={state.error} leftOver={state.leftOver} /> };
}
