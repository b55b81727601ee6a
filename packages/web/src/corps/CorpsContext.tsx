// The connected corps, loaded once for the signed-in frame and shared by the header's corp
// switcher and the pages that list or add corps, so an added corp shows up everywhere at once.
// Also holds the corp the operator is working in (remembered per browser); pages that are
// scoped to one corp read it from here.
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { api, type Corp, type ItemList } from "../api/index.ts";
import { type ApiData, useApiData } from "../lib/useApiData.ts";

const CURRENT_CORP_KEY = "siyu.corp";

interface CorpsContextValue {
  corps: ApiData<ItemList<Corp>>;
  /** The chosen corp if it still exists, else the first one; undefined with no corp at all. */
  current: Corp | undefined;
  select: (corpId: string) => void;
}

const CorpsContext = createContext<CorpsContextValue | null>(null);

function remembered(): string | undefined {
  try {
    return localStorage.getItem(CURRENT_CORP_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function CorpsProvider({ children }: { children: ReactNode }) {
  const corps = useApiData(() => api.corps.list());
  const [chosen, setChosen] = useState(remembered);
  const items = corps.data?.items ?? [];
  const current = items.find((corp) => corp.corpId === chosen) ?? items[0];

  const select = useCallback((corpId: string) => {
    setChosen(corpId);
    try {
      localStorage.setItem(CURRENT_CORP_KEY, corpId);
    } catch {
      // Without storage the choice lasts for this tab only.
    }
  }, []);

  const value = useMemo(() => ({ corps, current, select }), [corps, current, select]);
  return <CorpsContext.Provider value={value}>{children}</CorpsContext.Provider>;
}

export function useCorps(): CorpsContextValue {
  const value = useContext(CorpsContext);
  if (!value) throw new Error("useCorps outside CorpsProvider");
  return value;
}
