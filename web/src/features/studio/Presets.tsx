import { useI18n } from "../../i18n";
import { matchingPreset, type Attributes, type StudioCatalog } from "./studio";

/** Ready-made recipes, and the dice for a random one. */
export function Presets({
  catalog,
  attributes,
  onPick,
  onRandom,
}: {
  catalog: StudioCatalog;
  attributes: Attributes;
  onPick: (id: string) => void;
  onRandom: () => void;
}) {
  const { t } = useI18n();
  const current = matchingPreset(catalog, attributes);
  return (
    <section className="presets" aria-labelledby="presets-title">
      <div className="presets__head">
        <div>
          <h2 id="presets-title">{t("studio.presets")}</h2>
          <p className="muted">{t("studio.presetsHint")}</p>
        </div>
        <button type="button" className="btn btn--ghost dice-btn" onClick={onRandom}>
          <span className="dice-btn__die" aria-hidden="true">
            ⚄
          </span>
          {t("studio.random")}
        </button>
      </div>
      <ul className="presets__row">
        {catalog.presets.map((preset) => (
          <li key={preset.id}>
            <button
              type="button"
              className={`preset-card${current?.id === preset.id ? " is-selected" : ""}`}
              aria-pressed={current?.id === preset.id}
              onClick={() => onPick(preset.id)}
            >
              <img src={preset.preview_url} alt="" width={192} height={256} loading="lazy" decoding="async" />
              <span className="preset-card__label">{preset.label}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
