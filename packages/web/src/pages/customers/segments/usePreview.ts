// Live count and sample while the operator edits: debounced requests, and only the latest request's answer is
// applied (a slower earlier answer arriving late is ignored).
import { useCallback, useEffect, useRef, useState } from "react";
import {
  ApiError,
  api,
  type SegmentExpr,
  type SegmentIssue,
  type SegmentLang,
  type SegmentPreview,
} from "../../../api/index.ts";

export type PreviewInput = { expr: SegmentExpr } | { text: string };

export interface PreviewState {
  result: SegmentPreview | undefined;
  issues: SegmentIssue[];
  /** The request the issues are about. */
  issuesFor: "expr" | "text" | undefined;
  error: unknown;
  loading: boolean;
}

export function usePreview(
  corpId: string,
  lang: SegmentLang,
  onResult: (r: SegmentPreview, input: PreviewInput) => void,
  delayMs = 300,
) {
  const [state, setState] = useState<PreviewState>({
    result: undefined,
    issues: [],
    issuesFor: undefined,
    error: undefined,
    loading: false,
  });
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const onResultRef = useRef(onResult);
  onResultRef.current = onResult;

  useEffect(() => () => clearTimeout(timer.current), []);

  const request = useCallback(
    (input: PreviewInput | null) => {
      clearTimeout(timer.current);
      const mine = ++seq.current;
      if (!input) {
        setState({ result: undefined, issues: [], issuesFor: undefined, error: undefined, loading: false });
        return;
      }
      setState((s) => ({ ...s, loading: true }));
      timer.current = setTimeout(() => {
        api.segments
          .preview(corpId, input, lang)
          .then((result) => {
            if (mine !== seq.current) return; // a newer edit is on its way
            setState({ result, issues: [], issuesFor: undefined, error: undefined, loading: false });
            onResultRef.current(result, input);
          })
          .catch((reason: unknown) => {
            if (mine !== seq.current) return;
            const issues =
              reason instanceof ApiError && reason.code === "SEGMENT_INVALID" && Array.isArray(reason.details)
                ? (reason.details as SegmentIssue[])
                : [];
            setState((s) => ({
              result: s.result,
              issues,
              issuesFor: "text" in input ? "text" : "expr",
              error: issues.length ? undefined : reason,
              loading: false,
            }));
          });
      }, delayMs);
    },
    [corpId, lang, delayMs],
  );
  return { ...state, request };
}
