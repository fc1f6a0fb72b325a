import { useI18n } from "../../i18n";
import type { CatalogCategory } from "./studio";

/**
 * One category's options as preview cards: a native radio group, so arrow keys move between options
 * and screen readers announce "n of m". Optional categories start with a "none" card.
 */
export function OptionGrid({
  category,
  value,
  onChange,
}: {
  category: CatalogCategory;
  value: string | null;
  onChange: (option: string | null) => void;
}) {
  const { t } = useI18n();
  const name = `option-${category.id}`;
  return (
    <fieldset className="option-grid">
      <legend className="sr-only">{category.label}</legend>
      {!category.required && (
        <label className={`option-card option-card--none${value === null ? " is-selected" : ""}`}>
          <input type="radio" name={name} value="" checked={value === null} onChange={() => onChange(null)} />
          <span className="option-card__frame" aria-hidden="true">
            <span className="option-card__none">∅</span>
          </span>
          <span className="option-card__label">{t("studio.none")}</span>
        </label>
      )}
      {category.options.map((option) => (
        <label key={option.id} className={`option-card${value === option.id ? " is-selected" : ""}`}>
          <input
            type="radio"
            name={name}
            value={option.id}
            checked={value === option.id}
            onChange={() => onChange(option.id)}
          />
          <span className="option-card__frame">
            <img src={option.preview_url} alt="" width={192} height={256} loading="lazy" decoding="async" />
          </span>
          <span className="option-card__label">{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
