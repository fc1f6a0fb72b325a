import { Link } from "react-router-dom";
import { Constellation } from "../../ui/Constellation";
import { HomeGallery, SignedInGallery } from "./HomeGallery";
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
  if (me) {
    // Signed in: the gallery is the home page (TOP 5 compact above it), the studio one click away.
    return (
      <div className="home home--signed-in">
        <section className="hello" aria-labelledby="hello-title">
          <div className="hello__text">
            <h1 id="hello-title">{t(me.returning ? "home.welcome" : "home.welcomeNew", { nickname: me.nickname })}</h1>
            <p className="star-count">
              <Icon name="star" size={14} /> {t("home.stars", { count: me.stars })}
            </p>
          </div>
          <div className="hello__actions">
            <Link className="btn btn--gold" to="/studio">
              <Icon name="star" size={14} /> {t("home.studio.title")}
            </Link>
            <Link className="btn btn--ghost" to="/play">
              <Icon name="die" size={14} /> {t("home.trpg.cta")}
            </Link>
          </div>
        </section>
        <SignedInGallery />
      </div>
    );
  }
  return (
    <div className="home">
      <section className="hero">
        <Constellation className="hero__constellation" />
        <div className="hero__text">
          <p className="eyebrow">{t("app.tagline")}</p>
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
        </div>
      </section>
      <FeaturePanels />
      <HomeGallery />
    </div>
  );
}
