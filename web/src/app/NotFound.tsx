import { useEffect } from "react";
import { Link } from "react-router-dom";
import { Starfield } from "../ui/Starfield";
import { useI18n } from "../i18n";

export function NotFoundPage() {
  const { t } = useI18n();
  useEffect(() => {
    const previous = document.title;
    document.title = `${t("notFound.code")} · ${t("notFound.title")} · mygemini`;
    return () => {
      document.title = previous;
    };
  }, [t]);
  return (
    <main className="lost" id="main">
      <Starfield density={2.4} className="starfield starfield--lost" />
      <div className="lost__content">
        <p className="lost__code" aria-label={t("notFound.code")}>
          <span aria-hidden="true">4</span>
          <span className="planet" aria-hidden="true">
            <span className="planet__ring" />
          </span>
          <span aria-hidden="true">4</span>
        </p>
        <h1>{t("notFound.title")}</h1>
        <p className="lead">{t("notFound.lead")}</p>
        <Link className="btn btn--gold btn--large" to="/">
          {t("notFound.home")}
        </Link>
      </div>
    </main>
  );
}
