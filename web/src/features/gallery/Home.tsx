import { Link } from "react-router-dom";
import { Constellation } from "../../ui/Constellation";
import { HomeGallery } from "./HomeGallery";
import { useI18n } from "../../i18n";
import { useAuth } from "../accounts/auth";
import { useTitle } from "../../ui/useTitle";
import { Icon } from "../../ui/Icon";

function FeaturePanels() {
  const { t } = useI18n();
  return (
    <div className="features">
      <Link to="/studio" className="feature feature--studio feature--link">
        <div className="feature__art" aria-hidden="true">
          <span className="feature__orb" />
          <Icon name="star" className="feature__sparkle" size={26} />
        </div>
        <span className="badge badge--open">{t("home.open")}</span>
        <h2>{t("home.studio.title")}</h2>
        <p>{t("home.studio.body")}</p>
        <span className="feature__cta">
          {t("home.studio.cta")} <span aria-hidden="true">→</span>
        </span>
      </Link>
      <Link to="/play" className="feature feature--trpg feature--link">
        <div className="feature__art" aria-hidden="true">
          <Icon name="die" className="feature__die" size={110} />
          <Icon name="star" className="feature__sparkle" size={22} />
        </div>
        <span className="badge badge--open">{t("home.open")}</span>
        <h2>{t("home.trpg.title")}</h2>
        <p>{t("home.trpg.body")}</p>
        <span className="feature__cta">
          {t("home.trpg.cta")} <span aria-hidden="true">→</span>
        </span>
      </Link>
    </div>
  );
}

export function HomePage() {
  const { me } = useAuth();
  const { t } = useI18n();
  useTitle(t("app.tagline"));
  return (
    <div className="home">
      <section className="hero">
        <Constellation className="hero__constellation" />
        <div className="hero__text">
          <p className="eyebrow">{t("app.tagline")}</p>
          {me ? (
            <>
              <h1>{t(me.returning ? "home.welcome" : "home.welcomeNew", { nickname: me.nickname })}</h1>
              <p className="lead">{t("home.lead")}</p>
              <p className="star-count">
                <Icon name="star" size={16} /> {t("home.stars", { count: me.stars })}
              </p>
            </>
          ) : (
            <>
              <h1>{t("home.landing.title")}</h1>
              <p className="lead">{t("home.landing.lead")}</p>
              <div className="hero__actions">
                <Link className="btn btn--gold btn--large" to="/signup">
                  {t("home.landing.cta")}
                </Link>
                <Link className="btn btn--ghost btn--large" to="/login">
                  {t("home.landing.login")}
                </Link>
              </div>
            </>
          )}
        </div>
      </section>
      <FeaturePanels />
      <HomeGallery />
    </div>
  );
}
