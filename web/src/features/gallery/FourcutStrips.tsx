import { useCallback, useEffect, useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { useAuth } from "../accounts/auth";
import { errorMessage } from "../../api/errors";
import { gallery, mergePages, type Fourcut } from "./gallery";
import { onSocketEvent } from "../../api/realtime";
import { formatDate } from "../studio/StudioHistory";
import { Modal } from "../../ui/Modal";
import { useOpenGemini } from "./useOpenGemini";
import "./gallery.css";

const PAGE = 12;

/** One strip, large: the 1×4 `strip_url` in an accessible dialog (Esc / × / backdrop close it). */
function StripDialog({ fourcut, onClose }: { fourcut: Fourcut; onClose: () => void }) {
  const { t, lang } = useI18n();
  const openGemini = useOpenGemini();
  const title = fourcut.caption || t("fourcuts.untitled");
  const src = fourcut.strip_url ?? fourcut.grid_url ?? "";
  return (
    <Modal open onClose={onClose} title={title} className="fourcut-modal">
      <figure className="fourcut-strip" data-testid="fourcut-strip">
        <img src={src} alt={t("fourcuts.stripAlt", { caption: title })} />
        <figcaption className="muted">
          <time dateTime={fourcut.created_at}>{formatDate(fourcut.created_at, lang, false)}</time>
        </figcaption>
      </figure>
      {fourcut.gemini_id !== null && (
        <div className="fourcut-strip__actions">
          <button
            type="button"
            className="btn btn--ghost btn--small"
            onClick={() => {
              const id = fourcut.gemini_id;
              onClose();
              if (id !== null) openGemini(id);
            }}
          >
            {t("fourcuts.viewGemini")}
          </button>
        </div>
      )}
    </Modal>
  );
}

/** A person's finished expression four-cuts (2×2 thumbnails, paged); a tile opens the 1×4 strip. */
export function FourcutStrips({ nickname }: { nickname: string }) {
  const { t } = useI18n();
  const { state } = useAuth();
  const [items, setItems] = useState<Fourcut[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const generation = useRef(0);

  const fetchPage = useCallback(
    (from: string | null) => {
      const mine = ++generation.current;
      setLoading(true);
      setError(null);
      gallery.userFourcuts(nickname, from, PAGE).then(
        (page) => {
          if (mine !== generation.current) return;
          setItems((current) => mergePages(from ? current : [], page.items));
          setCursor(page.next_cursor);
          setDone(!page.next_cursor);
          setLoading(false);
        },
        (err: unknown) => {
          if (mine !== generation.current) return;
          setError(err);
          setLoading(false);
        },
      );
    },
    [nickname],
  );

  useEffect(() => {
    setItems([]);
    setCursor(null);
    setDone(false);
    fetchPage(null);
  }, [fetchPage, state.me?.id]);

  // My own strips: a four-cut that finishes while the tab is open shows up without a reload.
  const mine = state.me?.nickname === nickname;
  useEffect(() => {
    if (!mine) return undefined;
    return onSocketEvent("notification.new", (n) => {
      if (n.kind === "fourcut.ready") fetchPage(null);
    });
  }, [mine, fetchPage]);

  const open = items.find((f) => f.id === openId) ?? null;
  return (
    <div className="feed fourcuts" aria-busy={loading}>
      {items.length > 0 ? (
        <ul className="fourcut-grid" aria-label={`${nickname} — ${t("feed.userFourcuts")}`}>
          {items.map((f) => {
            const caption = f.caption || t("fourcuts.untitled");
            return (
              <li key={f.id} className="fourcut-tile" data-testid="fourcut-tile">
                <button
                  type="button"
                  className="fourcut-tile__open"
                  aria-label={t("fourcuts.open", { caption })}
                  aria-haspopup="dialog"
                  onClick={() => setOpenId(f.id)}
                >
                  <img src={f.grid_url ?? f.strip_url ?? ""} alt="" loading="lazy" decoding="async" />
                </button>
                <p className="fourcut-tile__caption">{caption}</p>
              </li>
            );
          })}
        </ul>
      ) : (
        !loading && !error && <p className="feed__empty muted">{t("feed.userFourcutsEmpty")}</p>
      )}
      <div className="feed__foot" role="status" aria-live="polite">
        {loading && (
          <span className="feed__loading">
            <span className="feed__spinner" aria-hidden="true" /> {t("feed.loading")}
          </span>
        )}
        {Boolean(error) && (
          <span className="feed__error">
            {errorMessage(error, t)}{" "}
            <button type="button" className="btn btn--ghost btn--small" onClick={() => fetchPage(cursor)}>
              {t("feed.retry")}
            </button>
          </span>
        )}
        {!loading && !error && !done && cursor && (
          <button type="button" className="btn btn--ghost" onClick={() => fetchPage(cursor)}>
            {t("feed.more")}
          </button>
        )}
      </div>
      {open && <StripDialog key={open.id} fourcut={open} onClose={() => setOpenId(null)} />}
    </div>
  );
}
