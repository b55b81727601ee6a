// One mass send, kept current: loaded once, asked again every few seconds while its numbers move, and
// replaced by what an action (refresh, cancel) answers. A failed poll keeps the last view on screen.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, type MassSendView } from "../../../api/index.ts";
import { isMoving, POLL_MS } from "./report.ts";
import { useInterval } from "./useInterval.ts";

export function useMassSend(corpId: string, id: string) {
  const [view, setView] = useState<MassSendView>();
  const [error, setError] = useState<unknown>();
  const seq = useRef(0);

  const load = useCallback(() => {
    const mine = ++seq.current;
    api.massSends
      .get(corpId, id)
      .then((v) => {
        if (mine !== seq.current) return;
        setView(v);
        setError(undefined);
      })
      .catch((reason: unknown) => mine === seq.current && setError(reason));
  }, [corpId, id]);

  useEffect(load, [load]);
  useInterval(load, POLL_MS, view !== undefined && isMoving(view, Date.now()));

  /** Shows an action's answer, ignoring any poll already on its way. */
  const replace = useCallback((v: MassSendView) => {
    seq.current++;
    setView(v);
    setError(undefined);
  }, []);

  return { view, error, reload: load, replace };
}
