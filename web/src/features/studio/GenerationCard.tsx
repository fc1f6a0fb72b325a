import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { useI18n, type MessageKey } from "../../i18n";
import type { Generation } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { attributesFrom, englishOrdinal, isFinished, recipeKeywords, type StudioCatalog } from "./studio";
import { useGeneration } from "./useGeneration";
import { useCancelGeneration, useStudioGemini } from "./queries";
import { ProgressBar } from "./ProgressBar";

/** The bar finishes filling before the portrait is revealed (the job itself is already done). */
const REVEAL_DELAY_MS = 900;

export function useQueueText(generation: Generation): string {
  const { t, lang } = useI18n();
  if (generation.status === "running") return t("studio.running");
  if (generation.status === "queued") {
    if (generation.position > 0) {
      const ordinal = lang === "en" ? englishOrdinal(generation.position) : String(generation.position);
      return t("studio.queued", { ordinal });
    }
    return t("studio.queuedSoon");
  }
  return t(`status.${generation.status}` as MessageKey);
}

export function GenerationProgress({
  generation,
  onCancel,
  cancelling,
}: {
  generation: Generation;
  onCancel?: () => void;
  cancelling?: boolean;
}) {
  const { t } = useI18n();
  const text = useQueueText(generation);
  const finished = isFinished(generation.status);
  const pct = generation.status === "succeeded" ? 100 : Math.round(generation.progress * 100);
  return (
    <div className={`job-progress job-progress--${generation.status}`}>
      <div className="job-progress__head">
        <span className="job-progress__text" aria-live="polite">
          {text}
        </span>
        <span className="job-progress__pct">{t("studio.percent", { percent: pct })}</span>
      </div>
      <ProgressBar value={pct} label={t("studio.progress")} valueText={`${pct}% · ${text}`} />
      {onCancel && !finished && (
        <button type="button" className="btn btn--ghost btn--small" onClick={onCancel} disabled={cancelling}>
          {cancelling ? t("studio.cancelling") : t("studio.cancel")}
        </button>
      )}
    </div>
  );
}

/** One summoning in the studio: live progress, then the reveal (or a refund note). */
export function GenerationCard({
  initial,
  catalog,
  onFinished,
}: {
  initial: Generation;
  catalog: StudioCatalog | null;
  onFinished?: (g: Generation) => void;
}) {
  const { t, lang } = useI18n();
  const generation = useGeneration(initial, onFinished);
  const [revealed, setRevealed] = useState(false);
  const finished = isFinished(generation.status);
  const portrait = useStudioGemini(generation.status === "succeeded" ? generation.gemini_id : null, lang);
  const gemini = portrait.data ?? null;
  const cancel = useCancelGeneration(generation.id);
  // A failed cancel is said; so is a portrait that cannot be loaded.
  const failure = cancel.error ?? portrait.error;
  const error = failure ? errorMessage(failure, t) : null;

  useEffect(() => {
    if (!finished) return;
    const timer = window.setTimeout(() => setRevealed(true), REVEAL_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [finished]);

  const attributes = attributesFrom((generation.recipe as { attributes?: unknown }).attributes) ?? {};
  const keywords = catalog ? recipeKeywords(catalog, attributes) : [];

  if (!revealed || (generation.status === "succeeded" && !gemini && !error)) {
    return (
      <article className="job glass" aria-label={t("studio.progress")}>
        <div className="job__orb" aria-hidden="true">
          <span />
        </div>
        <GenerationProgress
          generation={generation}
          onCancel={() => cancel.mutate()}
          // Stays "cancelling" after the server agreed, until the job is seen to end.
          cancelling={cancel.isPending || cancel.isSuccess}
        />
        {error && <p className="field__error">{error}</p>}
      </article>
    );
  }

  if (generation.status === "succeeded" && gemini) {
    return (
      <article className="job job--reveal glass" aria-labelledby={`job-${generation.id}-title`}>
        <div className="reveal">
          <div className="reveal__burst" aria-hidden="true">
            {Array.from({ length: 12 }, (_, i) => (
              <span key={i} style={{ ["--i" as string]: i }} />
            ))}
          </div>
          <img
            className="reveal__portrait"
            src={gemini.image_url}
            width={gemini.width}
            height={gemini.height}
            alt={t("studio.portraitAlt", { keywords: keywords.join(", ") })}
          />
        </div>
        <div role="status">
          <h3 id={`job-${generation.id}-title`} className="reveal__title">
            {t("studio.arrived")}
          </h3>
          <p className="muted">{t("studio.arrivedLead")}</p>
        </div>
        <Link className="btn btn--gold btn--small" to={`/me?gemini=${gemini.id}#geminis`}>
          {t("studio.viewMine")}
        </Link>
      </article>
    );
  }

  return (
    <article className="job job--ended glass">
      <p role="status">{generation.status === "cancelled" ? t("studio.cancelled") : t("studio.failed")}</p>
      {error && <p className="field__error">{error}</p>}
    </article>
  );
}
