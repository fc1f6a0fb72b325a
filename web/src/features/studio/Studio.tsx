import { useMemo } from "react";
import { Link, useLocation } from "react-router-dom";
import { Loading } from "../../app/Guards";
import { errorMessage } from "../../api/errors";
import { useI18n } from "../../i18n";
import { useTitle } from "../../ui/useTitle";
import { Designer } from "./Designer";
import { useCatalog } from "./queries";
import type { StudioState } from "./RecipePanel";

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
