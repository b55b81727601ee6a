// The pre-flight as the draft changes: asked for after the operator pauses typing, only when the draft has
// someone to send to and something to send, and only the latest answer counts (a slower earlier one is
// ignored). The last good answer stays on screen while a newer one is on its way.
import { useEffect, useRef, useState } from "react";
import { api, type MassSendDraft, type Preflight } from "../../../api/index.ts";
import { canPreflight } from "./draft.ts";

export interface PreflightState {
  result: Preflight | undefined;
  /** The draft the result is about, as JSON. */
  resultFor: string | undefined;
  error: unknown;
  loading: boolean;
  /** The draft cannot be pre-flighted yet (no target or no content). */
  idle: boolean;
}

export const PREFLIGHT_DELAY_MS = 500;

export function usePreflight(corpId: string, draft: MassSendDraft): PreflightState {
  const key = JSON.stringify(draft);
  const ready = canPreflight(draft);
  const [state, setState] = useState<Omit<PreflightState, "idle">>({
    result: undefined,
    resultFor: undefined,
    error: undefined,
    loading: false,
  });
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    if (!ready) {
      setState((s) => ({ ...s, error: undefined, loading: false }));
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      api.massSends
        .preflight(corpId, JSON.parse(key) as MassSendDraft)
        .then((result) => {
          if (mine === seq.current) setState({ result, resultFor: key, error: undefined, loading: false });
        })
        .catch((reason: unknown) => {
          if (mine === seq.current) setState((s) => ({ ...s, error: reason, loading: false }));
        });
    }, PREFLIGHT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [corpId, key, ready]);

  return { ...state, idle: !ready };
}
