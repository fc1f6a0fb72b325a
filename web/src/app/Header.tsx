import { useCallback, useId, useRef, useState } from "react";
import { Link, NavLink, useLocation, useNavigate } from "react-router-dom";
import { LANGS, useI18n } from "../i18n";
import { useAuth } from "../features/accounts/auth";
import { Avatar } from "../ui/Avatar";
import { Bell } from "../features/notifications/Bell";
import { LogoMark } from "../ui/Constellation";
import { Icon } from "../ui/Icon";
import { useMediaQuery } from "../ui/useMediaQuery";
import { useDismiss } from "../ui/useDismiss";

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  const narrow = useMediaQuery("(max-width: 600px)");
  const full = (code: string) => t(code === "ko" ? "lang.ko" : "lang.en");
  const short = (code: string) => t(code === "ko" ? "lang.koShort" : "lang.enShort");
  return (
    <div className="lang-switch" role="group" aria-label={t("nav.language")}>
      {LANGS.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          // What is read out starts with what is shown (the short form on a phone).
          aria-label={narrow ? `${short(code)} (${full(code)})` : full(code)}
          aria-pressed={lang === code}
          className={lang === code ? "is-active" : undefined}
          onClick={() => setLang(code)}
        >
          {/* One form at a time, so what is read out is what is shown. */}
          {narrow ? short(code) : full(code)}
        </button>
      ))}
    </div>
  );
}

/** The star balance, always in view; it follows /api/me (read again after each summoning and purchase). */
function StarBalance() {
  const { me } = useAuth();
  const { t } = useI18n();
  if (!me) return null;
  return (
    <Link
      to="/wallet"
      className="star-pill"
      data-testid="star-balance"
      aria-label={t("nav.stars", { count: me.stars })}
    >
      <Icon name="star" className="star-pill__shard" size={14} />
      <span key={me.stars} className="star-pill__count">
        {me.stars}
      </span>
    </Link>
  );
}

function AccountMenu() {
  const { me, logout } = useAuth();
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  // A new page closes the menu (state adjusted while rendering, not in an effect).
  const [openedAt, setOpenedAt] = useState(location.pathname);
  if (openedAt !== location.pathname) {
    setOpenedAt(location.pathname);
    setOpen(false);
  }
  const dismiss = useCallback(({ focusBack }: { focusBack: boolean }) => {
    setOpen(false);
    if (focusBack) root.current?.querySelector<HTMLButtonElement>("button")?.focus();
  }, []);
  useDismiss(open, root, dismiss);

  if (!me) return null;
  return (
    <div className="account" ref={root}>
      <button
        type="button"
        className="account__trigger"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((v) => !v)}
      >
        <Avatar src={me.avatar_url} alt="" name={me.nickname} size={34} />
        <span className="account__name">{me.nickname}</span>
        <span className="sr-only">{t("nav.account")}</span>
        <Icon name="caret" className="account__caret" size={14} />
        <Icon name="menu" className="account__burger" size={18} />
      </button>
      <div id={menuId} className="account__menu glass" hidden={!open}>
        <p className="account__stars">
          <Icon name="star" size={12} /> {t("home.stars", { count: me.stars })}
        </p>
        {/* On a phone the header keeps only the language, the balance, the bell and this menu. */}
        <Link to="/studio" className="account__nav">
          {t("nav.studio")}
        </Link>
        <Link to="/play" className="account__nav">
          {t("nav.play")}
        </Link>
        <Link to="/me">{t("nav.me")}</Link>
        <Link to="/wallet">{t("nav.wallet")}</Link>
        <Link to="/studio/history">{t("nav.history")}</Link>
        <button
          type="button"
          onClick={async () => {
            // Leave the page first: a members-only page (the studio) would otherwise send the
            // signed-out visitor to /login on its way out.
            navigate("/", { replace: true });
            await logout();
          }}
        >
          {t("nav.logout")}
        </button>
      </div>
    </div>
  );
}

export function Header() {
  const { state } = useAuth();
  const { t } = useI18n();
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <Link to="/" className="brand" aria-label={`${t("app.name")} — ${t("nav.home")}`}>
        <LogoMark />
        <span className="brand__word">mygemini</span>
      </Link>
      <nav className="site-nav" aria-label={t("nav.main")}>
        <LanguageSwitch />
        {state.status === "user" && (
          <>
            <NavLink className="nav-link nav-link--studio" to="/studio" end>
              <Icon name="star" size={14} /> {t("nav.studio")}
            </NavLink>
            <NavLink className="nav-link nav-link--play" to="/play">
              <Icon name="die" size={14} /> {t("nav.play")}
            </NavLink>
            <StarBalance />
            <Bell />
            <AccountMenu />
          </>
        )}
        {state.status === "anonymous" && (
          <>
            <Link className="btn btn--ghost btn--small" to="/login">
              {t("nav.login")}
            </Link>
            <Link className="btn btn--gold btn--small" to="/signup">
              {t("nav.signup")}
            </Link>
          </>
        )}
      </nav>
    </header>
  );
}
