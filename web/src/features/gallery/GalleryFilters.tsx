import { useEffect, useId, useState } from "react";
import { useI18n } from "../../i18n";
import { Icon } from "../../ui/Icon";
import { useCatalog } from "../studio/queries";
import type { StudioCatalog } from "../studio/studio";
import { QUERY_MAX, withLook, withoutLook, type FeedFilters } from "./feedFilters";

const TYPING_PAUSE_MS = 400;

function lookLabel(catalog: StudioCatalog | null, category: string, option: string): string {
  const cat = catalog?.categories.find((c) => c.id === category);
  const opt = cat?.options.find((o) => o.id === option);
  return `${cat?.label ?? category}: ${opt?.label ?? option}`;
}

/** Name search: typed freely, applied after a pause (each applied search is a step in the history). */
function NameSearch({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState(value);
  // Back/forward changes the address: the box follows (state adjusted while rendering).
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value);
  }
  useEffect(() => {
    if (text.trim() === value.trim()) return;
    const timer = window.setTimeout(() => onSearch(text), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [text, value, onSearch]);
  return (
    <div className="gsearch">
      <label htmlFor={id} className="sr-only">
        {t("gallery.search")}
      </label>
      <Icon name="search" size={16} className="gsearch__icon" />
      <input
        id={id}
        type="search"
        value={text}
        maxLength={QUERY_MAX}
        placeholder={t("gallery.searchPlaceholder")}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") onSearch(text);
        }}
      />
    </div>
  );
}

/** The look picker: a category, then one of its options by its preview (or "any"). */
function LookPicker({
  catalog,
  filters,
  onChange,
}: {
  catalog: StudioCatalog;
  filters: FeedFilters;
  onChange: (next: FeedFilters) => void;
}) {
  const { t } = useI18n();
  const [category, setCategory] = useState(catalog.categories[0]?.id ?? "");
  const active = catalog.categories.find((c) => c.id === category) ?? catalog.categories[0];
  if (!active) return null;
  const chosen = filters.look.find((f) => f.category === active.id)?.option ?? null;
  const name = `look-${active.id}`;
  return (
    <div className="look-picker">
      <div className="look-picker__cats" role="group" aria-label={t("gallery.lookTitle")}>
        {catalog.categories.map((c) => {
          const picked = filters.look.some((f) => f.category === c.id);
          return (
            <button
              key={c.id}
              type="button"
              className={`look-cat${c.id === active.id ? " is-active" : ""}${picked ? " is-picked" : ""}`}
              aria-pressed={c.id === active.id}
              onClick={() => setCategory(c.id)}
            >
              {picked && <Icon name="check" size={12} />} {c.label}
            </button>
          );
        })}
      </div>
      <fieldset className="look-options">
        <legend className="sr-only">{active.label}</legend>
        <label className={`look-option look-option--any${chosen === null ? " is-selected" : ""}`}>
          <input
            type="radio"
            name={name}
            checked={chosen === null}
            onChange={() => onChange({ ...filters, look: withoutLook(filters.look, active.id) })}
          />
          <span className="look-option__frame" aria-hidden="true">
            <Icon name="grid" size={22} />
          </span>
          <span className="look-option__label">{t("gallery.lookAny")}</span>
        </label>
        {active.options.map((o) => (
          <label key={o.id} className={`look-option${chosen === o.id ? " is-selected" : ""}`}>
            <input
              type="radio"
              name={name}
              checked={chosen === o.id}
              onChange={() => onChange({ ...filters, look: withLook(filters.look, { category: active.id, option: o.id }) })}
            />
            <span className="look-option__frame">
              <img src={o.preview_url} alt="" width={96} height={128} loading="lazy" decoding="async" />
            </span>
            <span className="look-option__label">{o.label}</span>
          </label>
        ))}
      </fieldset>
    </div>
  );
}

/** Search by name and by look; every change is written to the address bar by `onChange`. */
export function GalleryFilters({ filters, onChange }: { filters: FeedFilters; onChange: (next: FeedFilters) => void }) {
  const { t } = useI18n();
  const { catalog } = useCatalog();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="gfilters">
      <div className="gfilters__bar">
        <NameSearch value={filters.q} onSearch={(q) => onChange({ ...filters, q })} />
        <button
          type="button"
          className={`btn btn--ghost btn--small gfilters__look${filters.look.length ? " has-filters" : ""}`}
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((v) => !v)}
        >
          <Icon name="grid" size={14} /> {t("gallery.look")}
          {filters.look.length > 0 && <span className="gfilters__count">{filters.look.length}</span>}
        </button>
      </div>
      {(filters.look.length > 0 || filters.q) && (
        <ul className="gfilters__chips" aria-label={t("gallery.count", { count: filters.look.length + (filters.q ? 1 : 0) })}>
          {filters.q && (
            <li>
              <button
                type="button"
                className="gfilter-chip"
                aria-label={t("gallery.remove", { label: `“${filters.q}”` })}
                onClick={() => onChange({ ...filters, q: "" })}
              >
                “{filters.q}” <Icon name="close" size={12} />
              </button>
            </li>
          )}
          {filters.look.map((f) => {
            const label = lookLabel(catalog, f.category, f.option);
            return (
              <li key={f.category}>
                <button
                  type="button"
                  className="gfilter-chip"
                  aria-label={t("gallery.remove", { label })}
                  onClick={() => onChange({ ...filters, look: withoutLook(filters.look, f.category) })}
                >
                  {label} <Icon name="close" size={12} />
                </button>
              </li>
            );
          })}
          <li>
            <button type="button" className="gfilter-chip gfilter-chip--clear" onClick={() => onChange({ ...filters, q: "", look: [] })}>
              {t("gallery.clear")}
            </button>
          </li>
        </ul>
      )}
      <div id={panelId} className="gfilters__panel glass" hidden={!open} role="region" aria-label={t("gallery.lookTitle")}>
        {open && catalog && <LookPicker catalog={catalog} filters={filters} onChange={onChange} />}
        {open && (
          <div className="gfilters__panel-foot">
            <button type="button" className="btn btn--gold btn--small" onClick={() => setOpen(false)}>
              {t("gallery.lookDone")}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
