import { useCallback, useState } from "react";

/** A per-person setting kept in this browser (localStorage), read once and written on change. */
export function usePref<T>(key: string, parse: (raw: string | null) => T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      return parse(window.localStorage.getItem(key));
    } catch {
      return parse(null);
    }
  });
  const set = useCallback(
    (next: T) => {
      setValue(next);
      try {
        window.localStorage.setItem(key, String(next));
      } catch {
        // Private mode or a full store: the setting lasts for this page only.
      }
    },
    [key],
  );
  return [value, set];
}
