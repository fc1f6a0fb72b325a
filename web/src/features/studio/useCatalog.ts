import { useEffect, useState } from "react";
import { useI18n } from "../../i18n";
import { api, type Catalog } from "../../api/client";
import { parseWhen, type StudioCatalog } from "./studio";

const cache = new Map<string, Promise<StudioCatalog>>();

export function toStudioCatalog(raw: Catalog): StudioCatalog {
  return {
    cost: raw.cost,
    presets: raw.presets,
    categories: raw.categories.map((c) => ({ ...c, when: parseWhen(c.when) })),
  };
}

/** The studio catalog in the UI language (fetched once per language per page load). */
export function loadCatalog(lang: string): Promise<StudioCatalog> {
  let pending = cache.get(lang);
  if (!pending) {
    pending = api.catalog(lang).then(toStudioCatalog);
    pending.catch(() => cache.delete(lang));
    cache.set(lang, pending);
  }
  return pending;
}

export function useCatalog(): { catalog: StudioCatalog | null; error: unknown } {
  const { lang } = useI18n();
  const [state, setState] = useState<{ lang: string; catalog: StudioCatalog | null; error: unknown }>({
    lang,
    catalog: null,
    error: null,
  });
  useEffect(() => {
    let live = true;
    loadCatalog(lang).then(
      (catalog) => live && setState({ lang, catalog, error: null }),
      (error: unknown) => live && setState((s) => ({ ...s, error })),
    );
    return () => {
      live = false;
    };
  }, [lang]);
  // While another language loads, keep showing the previous labels rather than flashing empty.
  return { catalog: state.catalog, error: state.error };
}
