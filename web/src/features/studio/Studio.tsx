import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { Link, useLocation } from "react-router-dom";
import { FormAlert, TextArea, TextField } from "../../ui/Form";
import { Loading } from "../../app/Guards";
import { useI18n } from "../../i18n";
import { api, ApiError, type Generation } from "../../api/client";
import { useAuth } from "../accounts/auth";
import { errorMessage } from "../../api/errors";
import {
  attributesFrom,
  charCount,
  choose,
  EXTRA_PROMPT_MAX,
  matchingPreset,
  missingRequired,
  normalize,
  parseSeed,
  randomAttributes,
  recipeSummary,
  visibleCategories,
  type Attributes,
  type CatalogCategory,
  type StudioCatalog,
} from "./studio";
import { useCatalog } from "./useCatalog";
import { useTitle } from "../../ui/useTitle";
import { GenerationCard } from "./GenerationCard";
import { OptionGrid } from "./OptionGrid";
import { StarsDialog } from "./StarsDialog";

const DRAFT_KEY = "mygemini.studio.draft";

function readDraft(): Record<string, unknown> | null {
  try {
    const raw = window.sessionStorage.getItem(DRAFT_KEY);
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function writeDraft(attributes: Attributes): void {
  try {
    window.sessionStorage.setItem(DRAFT_KEY, JSON.stringify(attributes));
  } catch {
    // Storage may be unavailable; the draft is simply not kept.
  }
}

/** What other pages may hand the studio through router state ("use this recipe"). */
export interface StudioState {
  attributes?: Record<string, unknown>;
  extra_prompt?: string | null;
  seed?: number | null;
}

function CategoryTabs({
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

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
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
    <div className="cat-tabs" role="tablist" aria-label={t("studio.features")} ref={list} onKeyDown={onKeyDown}>
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
          >
            <span className="cat-tab__step" aria-hidden="true">
              {chosen ? "✦" : index + 1}
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

function Presets({
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

function Designer({ catalog, initial }: { catalog: StudioCatalog; initial: StudioState | null }) {
  const { t } = useI18n();
  const { me, reloadMe } = useAuth();
  // A handed-over recipe wins; otherwise the draft of this tab's last visit.
  const [attributes, setAttributes] = useState<Attributes>(() =>
    normalize(catalog, attributesFrom(initial?.attributes) ?? attributesFrom(readDraft()) ?? {}),
  );
  const [extra, setExtra] = useState(initial?.extra_prompt ?? "");
  const [seedText, setSeedText] = useState(typeof initial?.seed === "number" ? String(initial.seed) : "");
  const [active, setActive] = useState(() => catalog.categories[0]?.id ?? "");
  const [announce, setAnnounce] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [needStars, setNeedStars] = useState(false);
  const [jobs, setJobs] = useState<Generation[]>([]);
  const [fineTune, setFineTune] = useState(Boolean(initial?.extra_prompt) || typeof initial?.seed === "number");
  const uid = useId();
  const panelId = `${uid}-panel`;
  const tabId = (id: string) => `${uid}-tab-${id}`;
  const jobsRef = useRef<HTMLElement>(null);
  const sideRef = useRef<HTMLElement>(null);

  // Labels change with the language; ids stay. Re-normalise if the catalog object changes.
  useEffect(() => setAttributes((a) => normalize(catalog, a)), [catalog]);
  useEffect(() => writeDraft(attributes), [attributes]);

  // Summons still on their way (started here before, or in another tab) are followed again.
  useEffect(() => {
    let live = true;
    api.generations(null, 10).then(
      (page) => {
        if (!live) return;
        const open = page.items.filter((g) => g.status === "queued" || g.status === "running");
        if (open.length === 0) return;
        setJobs((list) => [...list, ...open.filter((g) => !list.some((j) => j.id === g.id))]);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const categories = visibleCategories(catalog, attributes);
  const activeCategory = categories.find((c) => c.id === active) ?? categories[0];
  const activeIndex = activeCategory ? categories.indexOf(activeCategory) : -1;
  const nextCategory = activeIndex >= 0 ? categories[activeIndex + 1] : undefined;
  const missing = missingRequired(catalog, attributes);
  const summary = recipeSummary(catalog, attributes);
  const seed = parseSeed(seedText);
  const extraLength = charCount(extra);
  const extraTooLong = extraLength > EXTRA_PROMPT_MAX;
  const balance = me?.stars ?? 0;
  const ready = missing.length === 0 && seed !== "invalid" && !extraTooLong;
  const canGenerate = ready && !busy;

  function pickPreset(id: string) {
    const preset = catalog.presets.find((p) => p.id === id);
    if (!preset) return;
    setAttributes(normalize(catalog, { ...preset.attributes }));
    setAnnounce(t("studio.presetApplied", { name: preset.label }));
  }

  function roll() {
    setAttributes(randomAttributes(catalog));
    setAnnounce(t("studio.randomDone"));
  }

  async function generate() {
    if (!canGenerate) return;
    setBusy(true);
    setError(null);
    try {
      const trimmed = extra.trim();
      const job = await api.generate({
        attributes,
        ...(trimmed ? { extra_prompt: trimmed } : {}),
        ...(typeof seed === "number" ? { seed } : {}),
      });
      setJobs((list) => [job, ...list]);
      void reloadMe().catch(() => undefined);
      window.setTimeout(() => {
        sideRef.current?.scrollTo({ top: 0, behavior: "smooth" });
        jobsRef.current?.scrollIntoView({ behavior: "smooth", block: "nearest" });
      }, 50);
    } catch (err) {
      if (err instanceof ApiError && err.error === "InsufficientStars") {
        setNeedStars(true);
        void reloadMe().catch(() => undefined);
      } else {
        setError(errorMessage(err, t) + (err instanceof ApiError && err.detail && err.status !== 402 ? ` (${err.detail})` : ""));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Presets catalog={catalog} attributes={attributes} onPick={pickPreset} onRandom={roll} />
      <p className="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      <div className="studio__grid">
        <section className="designer glass" aria-label={t("studio.features")}>
          <CategoryTabs
            categories={categories}
            attributes={attributes}
            active={activeCategory?.id ?? ""}
            onSelect={setActive}
            panelId={panelId}
            tabId={tabId}
          />
          {activeCategory && (
            <div
              id={panelId}
              role="tabpanel"
              aria-labelledby={tabId(activeCategory.id)}
              className="designer__panel"
              tabIndex={-1}
            >
              <div className="designer__head">
                <h2>{activeCategory.label}</h2>
                {!activeCategory.required && <span className="badge">{t("studio.optional")}</span>}
              </div>
              <OptionGrid
                category={activeCategory}
                value={attributes[activeCategory.id] ?? null}
                onChange={(option) => setAttributes((a) => choose(catalog, a, activeCategory.id, option))}
              />
              <div className="designer__foot">
                {nextCategory ? (
                  <button
                    type="button"
                    className="btn btn--ghost btn--small"
                    onClick={() => {
                      setActive(nextCategory.id);
                      document.getElementById(tabId(nextCategory.id))?.focus();
                    }}
                  >
                    {t("studio.next", { category: nextCategory.label })} →
                  </button>
                ) : (
                  <a className="btn btn--ghost btn--small" href="#recipe-title">
                    {t("studio.toSummary")} ↓
                  </a>
                )}
              </div>
            </div>
          )}
        </section>

        <aside className="studio__side" ref={sideRef}>
          {jobs.length > 0 && (
            <section className="jobs" aria-labelledby="jobs-title" ref={jobsRef}>
              <h2 id="jobs-title" className="sr-only">
                {t("studio.jobs")}
              </h2>
              {jobs.map((job) => (
                <GenerationCard
                  key={job.id}
                  initial={job}
                  catalog={catalog}
                  onFinished={() => void reloadMe().catch(() => undefined)}
                />
              ))}
              <Link to="/studio/history" className="jobs__history">
                {t("studio.historyLink")} →
              </Link>
            </section>
          )}
          <section className="recipe glass" aria-labelledby="recipe-title">
            <h2 id="recipe-title">{t("studio.summary")}</h2>
            <dl className="recipe__list">
              {summary.map((line) => (
                <div key={line.categoryId} className={line.option ? undefined : "is-empty"}>
                  <dt>{line.category}</dt>
                  <dd>
                    <button type="button" className="recipe__edit" onClick={() => {
                      setActive(line.categoryId);
                      document.getElementById(tabId(line.categoryId))?.focus();
                    }}>
                      {line.option ?? (line.required ? t("studio.unset") : "—")}
                    </button>
                  </dd>
                </div>
              ))}
            </dl>

            <details className="fine-tune" open={fineTune} onToggle={(e) => setFineTune(e.currentTarget.open)}>
              <summary>{t("studio.fineTune")}</summary>
              <TextArea
                label={t("studio.extra")}
                name="extra_prompt"
                rows={2}
                value={extra}
                placeholder={t("studio.extraPlaceholder")}
                onChange={(e) => setExtra(e.target.value)}
                hint={`${extraLength} / ${EXTRA_PROMPT_MAX}`}
                error={extraTooLong ? t("studio.extraTooLong") : null}
              />
              <TextField
                label={t("studio.seed")}
                name="seed"
                inputMode="numeric"
                autoComplete="off"
                value={seedText}
                onChange={(e) => setSeedText(e.target.value)}
                hint={t("studio.seedHint")}
                error={seed === "invalid" ? t("studio.seedInvalid") : null}
              />
            </details>

            <div className="recipe__price">
              <div>
                <span className="muted">{t("studio.cost")}</span>
                <strong data-testid="studio-cost" aria-label={t("home.stars", { count: catalog.cost })}>
                  <span aria-hidden="true">✦ {catalog.cost}</span>
                </strong>
              </div>
              <div>
                <span className="muted">{t("studio.balance")}</span>
                <strong
                  data-testid="studio-balance"
                  className={balance < catalog.cost ? "is-low" : undefined}
                  aria-label={t("home.stars", { count: balance })}
                >
                  <span aria-hidden="true">✦ {balance}</span>
                </strong>
              </div>
            </div>
            {missing.length > 0 && (
              <p className="recipe__missing">{t("studio.missing", { list: missing.map((c) => c.label).join(", ") })}</p>
            )}
            <FormAlert message={error} />
            <button
              type="button"
              className="btn btn--gold btn--large btn--block summon-btn"
              // Not `disabled` while sending: the button keeps focus (and gets it back from the dialog).
              disabled={!ready}
              aria-busy={busy}
              onClick={generate}
            >
              <span aria-hidden="true">✦</span>
              {busy ? t("studio.generating") : t("studio.generate")}
            </button>
          </section>

        </aside>
      </div>
      <StarsDialog open={needStars} onClose={() => setNeedStars(false)} cost={catalog.cost} balance={balance} />
    </>
  );
}

export function StudioPage() {
  const { t } = useI18n();
  useTitle(t("studio.title"));
  const { catalog, error } = useCatalog();
  const location = useLocation();
  const initial = useMemo(() => (location.state as StudioState | null) ?? null, [location.state]);

  return (
    <div className="studio">
      <header className="studio__intro">
        <p className="eyebrow">{t("app.tagline")}</p>
        <h1>{t("studio.title")}</h1>
        <p className="lead">{t("studio.lead")}</p>
        <Link to="/studio/history" className="studio__history-link">
          {t("nav.history")} →
        </Link>
      </header>
      {catalog ? (
        // A new key when a recipe is handed over again, so the designer starts from it.
        <Designer key={location.key} catalog={catalog} initial={initial} />
      ) : error ? (
        <div className="empty-state glass panel" role="alert">
          <p>{t("studio.loadError")}</p>
          <p className="muted">{errorMessage(error, t)}</p>
          <button type="button" className="btn btn--ghost" onClick={() => window.location.reload()}>
            {t("studio.retry")}
          </button>
        </div>
      ) : (
        <Loading />
      )}
    </div>
  );
}
