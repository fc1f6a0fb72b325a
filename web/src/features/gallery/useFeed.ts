import { useCallback, useEffect, useRef, useState } from "react";
import { applyGeminiChange, mergePages, onGeminiChange, type FeedItem, type FeedPage } from "./gallery";

export interface FeedState {
  items: FeedItem[];
  loading: boolean;
  error: unknown;
  done: boolean;
  loadMore: () => void;
  retry: () => void;
}

/**
 * A keyset-paginated list of gemini cards: `load(cursor)` fetches one page. `key` resets it (new tab,
 * new viewer). Pages merge without duplicates, and dialog changes (likes, edits, deletion) apply live.
 */
export function useFeed(load: (cursor: string | null) => Promise<FeedPage>, key: string): FeedState {
  const [items, setItems] = useState<FeedItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);
  const busy = useRef(false);
  const loadRef = useRef(load);
  loadRef.current = load;

  const fetchPage = useCallback((from: string | null, reset: boolean) => {
    if (busy.current && !reset) return;
    const mine = ++generation.current;
    busy.current = true;
    setLoading(true);
    setError(null);
    loadRef.current(from).then(
      (page) => {
        if (mine !== generation.current) return;
        setItems((current) => mergePages(reset ? [] : current, page.items));
        setCursor(page.next_cursor);
        setDone(!page.next_cursor);
        setLoading(false);
        busy.current = false;
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        setError(err);
        setLoading(false);
        busy.current = false;
      },
    );
  }, []);

  useEffect(() => {
    setItems([]);
    setCursor(null);
    setDone(false);
    fetchPage(null, true);
  }, [key, fetchPage]);

  useEffect(() => onGeminiChange((change) => setItems((current) => applyGeminiChange(current, change))), []);

  const loadMore = useCallback(() => {
    if (!done && cursor) fetchPage(cursor, false);
  }, [cursor, done, fetchPage]);
  const retry = useCallback(() => fetchPage(cursor, cursor === null), [cursor, fetchPage]);

  return { items, loading, error, done, loadMore, retry };
}
