// Remote search for pickers: searches as the user types (debounced), only once the dropdown has been
// opened, loads further pages on demand (keyset `next`), and resolves labels for values chosen earlier
// that no search has returned yet. A stale answer never overwrites a newer one.
import { useCallback, useEffect, useRef, useState } from "react";

export interface SearchPage<T> {
  items: T[];
  next?: string | null;
}

export interface RemoteSearch<T> {
  query: string;
  setQuery: (q: string) => void;
  /** Call when the dropdown opens: the first search runs then. */
  activate: () => void;
  results: T[];
  /** The results answer the query as typed now (not an earlier one, and no search is pending). */
  answered: boolean;
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
  /** The item for a key, from any search or label lookup so far. */
  known: (key: string) => T | undefined;
}

const DEBOUNCE_MS = 250;

export function useRemoteSearch<T>(options: {
  search: (q: string, after?: string) => Promise<SearchPage<T>>;
  resolve: (keys: string[]) => Promise<T[]>;
  keyOf: (item: T) => string;
  selected: string[];
  /** Changing it (e.g. the corp) starts over. */
  scope: string;
}): RemoteSearch<T> {
  const { keyOf, scope } = options;
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(false);
  const [results, setResults] = useState<T[]>([]);
  /** The query the results answer. */
  const [answeredQuery, setAnsweredQuery] = useState<string | undefined>();
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const [, setVersion] = useState(0);
  const cache = useRef(new Map<string, T>());
  const tried = useRef(new Set<string>());
  const generation = useRef(0);
  const fns = useRef(options);
  fns.current = options;

  const remember = useCallback(
    (items: T[]) => {
      for (const item of items) cache.current.set(keyOf(item), item);
    },
    [keyOf],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: scope is a reset trigger
  useEffect(() => {
    cache.current = new Map();
    tried.current = new Set();
    setResults([]);
    setAnsweredQuery(undefined);
    setNext(null);
  }, [scope]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: scope restarts the search
  useEffect(() => {
    if (!active) return;
    const mine = ++generation.current;
    const timer = setTimeout(
      () => {
        setLoading(true);
        fns.current
          .search(query.trim())
          .then((page) => {
            if (mine !== generation.current) return;
            remember(page.items);
            setResults(page.items);
            setAnsweredQuery(query.trim());
            setNext(page.next ?? null);
            setError(undefined);
          })
          .catch((reason: unknown) => mine === generation.current && setError(reason))
          .finally(() => mine === generation.current && setLoading(false));
      },
      query ? DEBOUNCE_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [active, query, scope, remember]);

  const loadMore = useCallback(() => {
    if (!next || loading) return;
    const mine = generation.current;
    setLoading(true);
    fns.current
      .search(query.trim(), next)
      .then((page) => {
        if (mine !== generation.current) return;
        remember(page.items);
        setResults((prev) => [...prev, ...page.items]);
        setNext(page.next ?? null);
      })
      .catch((reason: unknown) => mine === generation.current && setError(reason))
      .finally(() => mine === generation.current && setLoading(false));
  }, [next, loading, query, remember]);

  const selectedKey = options.selected.join("\u0000");
  // biome-ignore lint/correctness/useExhaustiveDependencies: selectedKey stands for options.selected
  useEffect(() => {
    const missing = fns.current.selected.filter((k) => k && !cache.current.has(k) && !tried.current.has(k));
    if (missing.length === 0) return;
    for (const k of missing) tried.current.add(k);
    fns.current
      .resolve(missing)
      .then((items) => {
        remember(items);
        setVersion((v) => v + 1);
      })
      .catch(() => {
        // Labels are a nicety: the raw value still shows.
      });
  }, [selectedKey, scope, remember]);

  return {
    query,
    setQuery,
    activate: useCallback(() => setActive(true), []),
    results,
    answered: !loading && answeredQuery === query.trim(),
    loading,
    error,
    hasMore: next !== null,
    loadMore,
    known: (key) => cache.current.get(key),
  };
}
