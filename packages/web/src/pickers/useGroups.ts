// The customer groups behind a list of chat ids (names, owners, sizes), looked up in batches of 100;
// ids the corp no longer has are simply missing from the map.
import { useEffect, useState } from "react";
import { api, type CustomerGroup } from "../api/index.ts";

export function useGroups(corpId: string, chatIds: string[]): Map<string, CustomerGroup> {
  const [groups, setGroups] = useState(new Map<string, CustomerGroup>());
  const key = [...new Set(chatIds)].sort().join(",");
  useEffect(() => {
    let live = true;
    const ids = key ? key.split(",") : [];
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += 100) batches.push(ids.slice(i, i + 100));
    Promise.all(batches.map((b) => api.groups.list(corpId, { ids: b, limit: 100 })))
      .then((pages) => {
        if (live) setGroups(new Map(pages.flatMap((p) => p.items.map((g) => [g.chatId, g]))));
      })
      .catch(() => {
        // Names are a nicety: chat ids still show.
      });
    return () => {
      live = false;
    };
  }, [corpId, key]);
  return groups;
}
