import { useState } from "react";
import { useI18n } from "../../i18n";
import { errorMessage } from "../../api/errors";
import type { Fourcut } from "./gallery";
import { listView } from "./listView";
import { useUserStripsQuery } from "./queries";
import { formatDate } from "../studio/StudioHistory";
import { Modal } from "../../ui/Modal";
import { useOpenGemini } from "./useOpenGemini";
import "./gallery.css";

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
  const [openId, setOpenId] = useState<number | null>(null);
  // My own strips refresh when a four-cut finishes (the realtime cache sync invalidates them).
  const { items: loaded, loading, error, done, loadMore, retry } = listView(useUserStripsQuery(nickname));
  const items = loaded ?? [];

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
            <button type="button" className="btn btn--ghost btn--small" onClick={retry}>
              {t("feed.retry")}
            </button>
          </span>
        )}
        {!loading && !error && !done && (
          <button type="button" className="btn btn--ghost" onClick={loadMore}>
            {t("feed.more")}
          </button>
        )}
      </div>
      {open && <StripDialog key={open.id} fourcut={open} onClose={() => setOpenId(null)} />}
    </div>
  );
}
