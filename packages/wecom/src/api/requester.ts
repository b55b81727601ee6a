// The one capability every endpoint group needs from the client; kept as an interface so the groups do not
// import the client (no import cycle) and can be built on any requester.
import type { HttpMethod, RequestOptions } from "../client/client.ts";

export interface Requester {
  request<T = Record<string, unknown>>(method: HttpMethod, path: string, opts?: RequestOptions): Promise<T>;
}

/** Fields every WeCom response carries. errcode is always 0 in a value the client returns. */
export interface WeComResponse {
  errcode: number;
  errmsg: string;
}

/** Walks a cursor-paged API until next_cursor is empty, refusing to loop on a repeated cursor. */
export async function* walkCursor<P extends { next_cursor?: string }, I>(
  fetchPage: (cursor: string) => Promise<P>,
  itemsOf: (page: P) => I[],
): AsyncGenerator<I, void, undefined> {
  const seen = new Set<string>();
  let cursor = "";
  for (;;) {
    const page = await fetchPage(cursor);
    yield* itemsOf(page);
    const next = page.next_cursor ?? "";
    if (next === "" || seen.has(next)) return;
    seen.add(next);
    cursor = next;
  }
}
