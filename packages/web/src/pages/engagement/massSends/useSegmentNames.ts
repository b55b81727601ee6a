// The corp's saved segments (人群) by id, for naming a send's target; empty until loaded or if they fail
// to load (the target then shows as a deleted segment).
import { useMemo } from "react";
import { api, type SavedSegment } from "../../../api/index.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useSegmentLang } from "../../customers/segments/SegmentEditor.tsx";

export function useSegments(corpId: string) {
  const lang = useSegmentLang();
  const { data, error, loading, reload } = useApiData(() => api.segments.list(corpId, lang));
  const byId = useMemo(
    () => new Map<string, SavedSegment>((data?.items ?? []).map((s) => [s.id, s])),
    [data],
  );
  return { items: data?.items ?? [], byId, error, loading, reload };
}
