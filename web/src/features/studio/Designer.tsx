import { useEffect, useId, useMemo, useRef, useState } from "react";
import { Link } from "react-router-dom";
import type { Generation } from "../../api/client";
import { useI18n } from "../../i18n";
import { useAuth } from "../accounts/auth";
import { CategoryTabs } from "./CategoryTabs";
import { readDraft, writeDraft } from "./draft";
import { GenerationCard } from "./GenerationCard";
import { OptionGrid } from "./OptionGrid";
import { Presets } from "./Presets";
import { useOpenOnArrival } from "./queries";
import { RecipePanel, type StudioState } from "./RecipePanel";
import { StarsDialog } from "./StarsDialog";
import { VaryPanel } from "./VaryPanel";
import {
  attributesFrom,
  choose,
  normalize,
  randomAttributes,
  visibleCategories,
  type Attributes,
  type StudioCatalog,
} from "./studio";

const STRIP_SIZE = 4;

/** The studio's working area: presets, the feature tabs, the recipe, and the summons on their way. */
export function Designer({ catalog, initial }: { catalog: StudioCatalog; initial: StudioState | null }) {
  const { t } = useI18n();
  const { me, reloadMe } = useAuth();
  // A handed-over recipe wins; otherwise the draft of this tab's last visit.
  const [chosen, setChosen] = useState<Attributes>(
    () => attributesFrom(initial?.attributes) ?? attributesFrom(readDraft()) ?? {},
  );
  // Labels change with the language, ids stay: what is shown is always valid for this catalog.
  const attributes = useMemo(() => normalize(catalog, chosen), [catalog, chosen]);
  const [active, setActive] = useState(() => catalog.categories[0]?.id ?? "");
  const [announce, setAnnounce] = useState("");
  const [needStars, setNeedStars] = useState(false);
  const [started, setStarted] = useState<Generation[]>([]);
  const [varied, setVaried] = useState<Generation[] | null>(null);
  const openOnArrival = useOpenOnArrival();
  const uid = useId();
  const panelId = `${uid}-panel`;
  const tabId = (id: string) => `${uid}-tab-${id}`;
  const jobsRef = useRef<HTMLElement>(null);
  // The summon bar's slot: the last thing in the studio, kept in view at the bottom (sticky).
  const [dock, setDock] = useState<HTMLDivElement | null>(null);

  useEffect(() => writeDraft(attributes), [attributes]);

  // Summoned here first (newest first), then those still on their way from before. The strip shows
  // the newest few; the rest are one link away in the history (nothing piles up on this page).
  const jobs = [...started, ...openOnArrival.filter((g) => !started.some((j) => j.id === g.id))].slice(0, STRIP_SIZE);
  const categories = visibleCategories(catalog, attributes);
  const activeCategory = categories.find((c) => c.id === active) ?? categories[0];
  const activeIndex = activeCategory ? categories.indexOf(activeCategory) : -1;
  const nextCategory = activeIndex >= 0 ? categories[activeIndex + 1] : undefined;
  const balance = me?.stars ?? 0;
  const reloadStars = () => void reloadMe().catch(() => undefined);

  function focusCategory(id: string) {
    setActive(id);
    document.getElementById(tabId(id))?.focus();
  }

  function pickPreset(id: string) {
    const preset = catalog.presets.find((p) => p.id === id);
    if (!preset) return;
    setChosen({ ...preset.attributes });
    setAnnounce(t("studio.presetApplied", { name: preset.label }));
  }

  function roll() {
    setChosen(randomAttributes(catalog));
    setAnnounce(t("studio.randomDone"));
  }

  function summoned(job: Generation) {
    setStarted((list) => [job, ...list]);
    reloadStars();
    window.setTimeout(() => {
      const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      jobsRef.current?.scrollIntoView({ behavior: smooth ? "smooth" : "auto", block: "nearest" });
    }, 50);
  }

  return (
    <>
      <Presets catalog={catalog} attributes={attributes} onPick={pickPreset} onRandom={roll} />
      <p className="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      {jobs.length > 0 && (
        <section className="results-strip" aria-labelledby="jobs-title" ref={jobsRef}>
          <div className="results-strip__head">
            <h2 id="jobs-title">{t("studio.results")}</h2>
            <Link to="/studio/history" className="jobs__history">
              {t("studio.historyLink")} →
            </Link>
          </div>
          <div className="results-strip__cards">
            {jobs.map((job) => (
              <GenerationCard key={job.id} initial={job} catalog={catalog} onFinished={reloadStars} />
            ))}
          </div>
        </section>
      )}
      {varied && <VaryPanel key={varied[0]?.id ?? 0} items={varied} onDone={() => setVaried(null)} />}
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
                onChange={(option) => setChosen(choose(catalog, attributes, activeCategory.id, option))}
              />
              <div className="designer__foot">
                {nextCategory ? (
                  <button type="button" className="btn btn--ghost btn--small" onClick={() => focusCategory(nextCategory.id)}>
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

        <aside className="studio__side">
          <RecipePanel
            catalog={catalog}
            attributes={attributes}
            initial={initial}
            balance={balance}
            onEdit={focusCategory}
            onSummoned={summoned}
            dock={dock}
            onVaried={(items) => {
              setVaried(items);
              reloadStars();
              window.setTimeout(() => document.getElementById("vary-title")?.scrollIntoView({ block: "nearest" }), 50);
            }}
            onNeedStars={() => {
              setNeedStars(true);
              reloadStars();
            }}
          />
        </aside>
      </div>
      <div className="summon-dock-slot" ref={setDock} />
      <StarsDialog open={needStars} onClose={() => setNeedStars(false)} cost={catalog.cost} balance={balance} />
    </>
  );
}
