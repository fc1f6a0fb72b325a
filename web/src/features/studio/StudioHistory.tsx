import { Link, useNavigate } from "react-router-dom";
import { Loading } from "../../app/Guards";
import { useI18n, type MessageKey } from "../../i18n";
import type { Generation } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { useAuth } from "../accounts/auth";
import { attributesFrom, isFinished, recipeKeywords, type StudioCatalog } from "./studio";
import { useCatalog, useHistory, useStudioGemini } from "./queries";
import { useGeneration } from "./useGeneration";
import { useTitle } from "../../ui/useTitle";
import { GenerationProgress } from "./GenerationCard";

export function formatDate(iso: string, lang: string, withTime = true): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === "ko" ? "ko-KR" : "en-US", {
    dateStyle: "medium",
    ...(withTime ? { timeStyle: "short" } : {}),
  }).format(date);
}

/** The list already carries each finished job's thumbnail; only a job that finished while the
 * page was open (a socket event has no URL) asks for its gemini. */
function Thumb({ geminiId, known }: { geminiId: number; known: string | null | undefined }) {
  const { data } = useStudioGemini(known ? null : geminiId);
  const url = known ?? data?.thumbnail_url ?? null;
  return url ? <img src={url} alt="" width={96} height={128} loading="lazy" /> : <span className="history-row__ph" />;
}

function HistoryRow({ initial, catalog, onFinished }: { initial: Generation; catalog: StudioCatalog | null; onFinished: () => void }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const generation = useGeneration(initial, isFinished(initial.status) ? undefined : onFinished);
  const attributes = attributesFrom((generation.recipe as { attributes?: unknown }).attributes) ?? {};
  const keywords = catalog ? recipeKeywords(catalog, attributes) : [];
  const done = isFinished(generation.status);
  return (
    <li className={`history-row glass history-row--${generation.status}`}>
      <div className="history-row__thumb" aria-hidden="true">
        {generation.status === "succeeded" && generation.gemini_id !== null ? (
          <Thumb geminiId={generation.gemini_id} known={generation.thumbnail_url} />
        ) : (
          <span className="history-row__ph">{done ? "·" : "✦"}</span>
        )}
      </div>
      <div className="history-row__body">
        <div className="history-row__top">
          <span className={`status-badge status-badge--${generation.status}`}>
            {t(`status.${generation.status}` as MessageKey)}
          </span>
          <time dateTime={generation.created_at} className="muted">
            {formatDate(generation.created_at, lang)}
          </time>
        </div>
        <p className="history-row__keywords">{keywords.join(" · ")}</p>
        {!done && <GenerationProgress generation={generation} />}
        <div className="history-row__actions">
          {generation.status === "succeeded" && generation.gemini_id !== null && (
            <Link className="btn btn--ghost btn--small" to={`/me?gemini=${generation.gemini_id}#geminis`}>
              {t("studio.viewMine")}
            </Link>
          )}
          <button
            type="button"
            className="btn btn--ghost btn--small"
            onClick={() => navigate("/studio", { state: { attributes } })}
          >
            {t("geminis.useRecipe")}
          </button>
        </div>
      </div>
    </li>
  );
}

export function StudioHistoryPage() {
  const { t } = useI18n();
  useTitle(t("history.title"));
  const { reloadMe } = useAuth();
  const { catalog } = useCatalog();
  const history = useHistory();
  const items = history.data?.pages.flatMap((page) => page.items) ?? null;
  // A failed first page, or a failed "load more" (the rows already shown stay).
  const error = history.error ? errorMessage(history.error, t) : null;
  const busy = history.isFetchingNextPage;

  return (
    <div className="history">
      <header className="studio__intro">
        <p className="eyebrow">{t("studio.title")}</p>
        <h1>{t("history.title")}</h1>
        <p className="lead">{t("history.lead")}</p>
        <Link to="/studio" className="studio__history-link">
          ← {t("history.toStudio")}
        </Link>
      </header>
      {error && (
        <p className="form-alert form-alert--error" role="alert">
          {error}
        </p>
      )}
      {items === null && !error && <Loading />}
      {items && items.length === 0 && (
        <div className="empty-state glass panel">
          <p>{t("history.empty")}</p>
          <Link className="btn btn--gold" to="/studio">
            {t("history.toStudio")}
          </Link>
        </div>
      )}
      {items && items.length > 0 && (
        <ul className="history__list">
          {items.map((g) => (
            <HistoryRow key={g.id} initial={g} catalog={catalog} onFinished={() => void reloadMe().catch(() => undefined)} />
          ))}
        </ul>
      )}
      {history.hasNextPage && (
        <div className="load-more">
          <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => void history.fetchNextPage()}>
            {busy ? t("auth.busy") : t("profile.loadMore")}
          </button>
        </div>
      )}
    </div>
  );
}
