// The connected corps, loaded once for the signed-in frame and shared by the header's corp
// switcher and the pages that list or add corps, so an added corp shows up everywhere at once.
import { createContext, type ReactNode, useContext } from "react";
import { api, type Corp, type ItemList } from "../api/index.ts";
import { type ApiData, useApiData } from "../lib/useApiData.ts";

const CorpsContext = createContext<ApiData<ItemList<Corp>> | null>(null);

export function CorpsProvider({ children }: { children: ReactNode }) {
  const corps = useApiData(() => api.corps.list());
  return <CorpsContext.Provider value={corps}>{children}</CorpsContext.Provider>;
}

export function useCorps(): ApiData<ItemList<Corp>> {
  const value = useContext(CorpsContext);
  if (!value) throw new Error("useCorps outside CorpsProvider");
  return value;
}
