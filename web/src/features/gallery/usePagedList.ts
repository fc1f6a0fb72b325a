import { useCallback, useEffect, useState } from "react";
import { useI18n } from "../../i18n";
import { errorMessage } from "../../api/errors";

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/**
 * A keyset-paged list that grows with "load more": `items` is null until the first page arrives,
 * `load(null)` starts over, `load(cursor)` appends. Errors come back as translated text.
 * Only the studio history still uses it; lists in the gallery are `useInfiniteQuery`s (queries.ts).
 */
export function usePagedList<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>) {
  const { t } = useI18n();
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (from: string | null) => {
      setBusy(true);
      try {
        const page = await fetchPage(from);
        setItems((list) => (from ? [...(list ?? []), ...page.items] : page.items));
        setCursor(page.next_cursor);
        setError(null);
      } catch (err) {
        setError(errorMessage(err, t));
      } finally {
        setBusy(false);
      }
    },
    [fetchPage, t],
  );

  // The first page: state is set only when it answers (`busy` starts true), never during the effect.
  useEffect(() => {
    let live = true;
    fetchPage(null).then(
      (page) => {
        if (!live) return;
        setItems(page.items);
        setCursor(page.next_cursor);
        setError(null);
        setBusy(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(errorMessage(err, t));
        setBusy(false);
      },
    );
    return () => {
      live = false;
    };
  }, [fetchPage, t]);

  return { items, setItems, cursor, busy, error, load };
}
