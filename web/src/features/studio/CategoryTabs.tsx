import { useRef, type KeyboardEvent } from "react";
import { useI18n } from "../../i18n";
import type { Attributes, CatalogCategory } from "./studio";
import { Icon } from "../../ui/Icon";

/** One tab per category that applies, each showing its choice (or that it is still missing). */
export function CategoryTabs({
  categories,
  attributes,
  active,
  onSelect,
  panelId,
  tabId,
}: {
  categories: CatalogCategory[];
  attributes: Attributes;
  active: string;
  onSelect: (id: string) => void;
  panelId: string;
  tabId: (id: string) => string;
}) {
  const { t } = useI18n();
  const list = useRef<HTMLDivElement>(null);

  // Arrow keys, Home and End move between tabs (the ARIA tabs pattern); only the tabs take focus.
  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const index = categories.findIndex((c) => c.id === active);
    let next = index;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") next = (index + 1) % categories.length;
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp")
      next = (index - 1 + categories.length) % categories.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = categories.length - 1;
    else return;
    event.preventDefault();
    const id = categories[next]!.id;
    onSelect(id);
    list.current?.querySelector<HTMLButtonElement>(`#${CSS.escape(tabId(id))}`)?.focus();
  }

  return (
    <div className="cat-tabs" role="tablist" aria-label={t("studio.features")} ref={list}>
      {categories.map((category, index) => {
        const chosen = attributes[category.id];
        const label = chosen ? category.options.find((o) => o.id === chosen)?.label : null;
        const missing = category.required && !chosen;
        const selected = category.id === active;
        return (
          <button
            key={category.id}
            id={tabId(category.id)}
            type="button"
            role="tab"
            aria-selected={selected}
            aria-controls={panelId}
            tabIndex={selected ? 0 : -1}
            className={`cat-tab${chosen ? " is-done" : ""}${missing ? " is-missing" : ""}`}
            onClick={() => onSelect(category.id)}
            onKeyDown={onKeyDown}
          >
            <span className="cat-tab__step" aria-hidden="true">
              {chosen ? <Icon name="check" size={14} /> : index + 1}
            </span>
            <span className="cat-tab__text">
              <span className="cat-tab__name">{category.label}</span>
              <span className="cat-tab__value">
                {label ?? (category.required ? t("studio.unset") : t("studio.optional"))}
              </span>
            </span>
          </button>
        );
      })}
    </div>
  );
}
