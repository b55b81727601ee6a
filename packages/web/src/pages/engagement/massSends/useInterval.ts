// Calls `tick` every `ms` while `on` is true (a page that keeps asking while numbers move).
import { useEffect, useRef } from "react";

export function useInterval(tick: () => void, ms: number, on: boolean): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => tickRef.current(), ms);
    return () => clearInterval(timer);
  }, [ms, on]);
}
