import { Link } from "react-router-dom";
import { errorMessage } from "../../api/errors";
import { useI18n } from "../../i18n";
import { formatDate } from "../studio/StudioHistory";
import { useMyMemories } from "./stage/queries";
import "./stage/stage.css";

/** "TRPG memories" on my profile: the life four-cuts I am pictured in, newest first. */
export function Memories() {
  const { t, lang } = useI18n();
  const memories = useMyMemories();
  const items = memories.data ?? null;
  const busy = memories.isFetchingNextPage;
  return (
    <div data-testid="memories">
      {memories.error && <p className="field__error">{errorMessage(memories.error, t)}</p>}
      {items === null && !memories.error && <p className="muted">{t("app.loading")}</p>}
      {items?.length === 0 && (
        <div className="empty-state">
          <p>{t("stage.memories.empty")}</p>
          <Link className="btn btn--ghost btn--small" to="/play">
            {t("play.title")}
          </Link>
        </div>
      )}
      {items && items.length > 0 && (
        <ul className="memories">
          {items.map((m) => (
            <li key={m.id} className="memory" data-memory-id={m.id}>
              {m.status === "ready" && m.image_url ? (
                <a href={m.strip_url ?? m.image_url} target="_blank" rel="noreferrer">
                  <img src={m.image_url} alt={t("stage.memories.alt", { title: m.room_title })} loading="lazy" />
                </a>
              ) : (
                <p className="muted">{m.status === "failed" ? t("stage.memories.failed") : t("stage.memories.pending")}</p>
              )}
              <p className="memory__title">{m.caption || m.room_title}</p>
              <p className="memory__meta">{t("stage.memories.with", { names: m.members.map((p) => p.name || p.nickname).join(", ") })}</p>
              <p className="memory__meta">
                <time dateTime={m.created_at}>{formatDate(m.created_at, lang, false)}</time> · {t(`stage.pose.${m.pose_set}`)}
              </p>
            </li>
          ))}
        </ul>
      )}
      {memories.hasNextPage && (
        <div className="load-more">
          <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => void memories.fetchNextPage()}>
            {busy ? t("auth.busy") : t("profile.loadMore")}
          </button>
        </div>
      )}
    </div>
  );
}
