import { useCallback, useId, useRef, useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { useI18n } from "../../i18n";
import { notificationIcon, notificationTarget, notificationText, type Notification } from "./notifications";
import { useInbox, useMarkRead, useUnreadCount } from "./queries";
import { useDismiss } from "../../ui/useDismiss";
import { Icon } from "../../ui/Icon";
import "../gallery/gallery.css";

function timeAgo(iso: string, lang: string): string {
  const diff = (new Date(iso).getTime() - Date.now()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  const abs = Math.abs(diff);
  if (abs < 60) return rtf.format(Math.round(diff), "second");
  if (abs < 3600) return rtf.format(Math.round(diff / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), "hour");
  return rtf.format(Math.round(diff / 86400), "day");
}

/** The header bell: unread badge (live), and a popover listing notifications. */
export function Bell() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const unread = useUnreadCount();
  const [open, setOpen] = useState(false);
  // Navigating anywhere closes the drawer (state adjusted while rendering, not in an effect).
  const here = location.pathname + location.search;
  const [openedAt, setOpenedAt] = useState(here);
  if (openedAt !== here) {
    setOpenedAt(here);
    setOpen(false);
  }
  // The inbox is fetched the first time the drawer opens, then kept (and fed by pushes).
  const [wanted, setWanted] = useState(false);
  const inbox = useInbox(wanted);
  const items = inbox.data ?? [];
  const markRead = useMarkRead();
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);

  const dismiss = useCallback(({ focusBack }: { focusBack: boolean }) => {
    setOpen(false);
    if (focusBack) trigger.current?.focus();
  }, []);
  useDismiss(open, root, dismiss);

  function go(n: Notification) {
    if (!n.read) markRead.mutate([n.id]);
    const target = notificationTarget(n);
    setOpen(false);
    if (!target) return;
    if (target.type === "user") navigate(`/u/${encodeURIComponent(target.nickname)}`);
    else if (target.type === "path") navigate(target.path);
    else navigate(`${location.pathname}?gemini=${target.id}`, { state: { fromGallery: true } });
  }

  const label = unread > 0 ? t("bell.unread", { count: unread }) : t("bell.label");
  return (
    <div className="bell" ref={root}>
      <button
        ref={trigger}
        type="button"
        className={`bell__trigger${unread > 0 ? " has-unread" : ""}`}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={label}
        data-testid="bell"
        onClick={() => {
          setWanted(true);
          setOpen((v) => !v);
        }}
      >
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.6l-1.6 2.7A1 1 0 0 0 5.3 17h13.4a1 1 0 0 0 .9-1.7L18 12.6V9a6 6 0 0 0-6-6Zm-2.2 15.5a2.3 2.3 0 0 0 4.4 0Z"
            fill="currentColor"
          />
        </svg>
        {unread > 0 && (
          <span className="bell__badge" data-testid="bell-badge" aria-hidden="true">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      <div id={panelId} className="bell__panel glass" hidden={!open} role="region" aria-label={t("bell.title")}>
        <div className="bell__head">
          <h2>{t("bell.title")}</h2>
          <button type="button" className="bell__all" onClick={() => markRead.mutate(null)} disabled={unread === 0 && items.every((n) => n.read)}>
            {t("bell.markAll")}
          </button>
        </div>
        {inbox.isSuccess && items.length === 0 && <p className="bell__empty muted">{t("bell.empty")}</p>}
        <ul className="bell__list">
          {items.map((n) => (
            <li key={n.id}>
              <button
                type="button"
                className={`bell__item${n.read ? "" : " is-unread"}`}
                data-kind={n.kind}
                onClick={() => go(n)}
              >
                <span className={`bell__glyph bell__glyph--${n.kind.replace(".", "-")}`} aria-hidden="true">
                  <Icon name={notificationIcon(n.kind)} size={16} />
                </span>
                <span className="bell__text">
                  <span>{notificationText(n, t)}</span>
                  <time dateTime={n.created_at}>{timeAgo(n.created_at, lang)}</time>
                </span>
                {!n.read && <span className="bell__dot" aria-hidden="true" />}
              </button>
            </li>
          ))}
        </ul>
        {inbox.hasNextPage && (
          <button
            type="button"
            className="btn btn--ghost btn--small bell__more"
            onClick={() => void inbox.fetchNextPage()}
            disabled={inbox.isFetchingNextPage}
          >
            {t("bell.more")}
          </button>
        )}
      </div>
    </div>
  );
}
