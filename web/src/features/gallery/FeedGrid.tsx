import { useEffect, useRef } from "react";
import { useI18n } from "../../i18n";
import { errorMessage } from "../../api/errors";
import type { FeedItem } from "./gallery";
import type { ListView } from "./listView";
import { GeminiCard } from "./GeminiCard";

/** A grid of gemini cards with infinite scroll (IntersectionObserver) and a "load more" fallback. */
export function FeedGrid({
  feed,
  empty,
  label,
  showOwner = true,
}: {
  feed: ListView<FeedItem>;
  empty: string;
  label: string;
  showOwner?: boolean;
}) {
  const { t } = useI18n();
  const sentinel = useRef<HTMLDivElement>(null);
  const { loadMore, loading, done, error } = feed;
  const items = feed.items ?? [];
  // The sentinel near the bottom of the grid is an outside system (scrolling): observe it.
  useEffect(() => {
    const node = sentinel.current;
    if (!node || typeof IntersectionObserver === "undefined" || done || error) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) loadMore();
      },
      { rootMargin: "600px 0px" },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [loadMore, done, error, items.length]);

  return (
    <div className="feed" aria-busy={loading}>
      {items.length > 0 ? (
        <ul className="gallery-grid" aria-label={label}>
          {items.map((item) => (
            <GeminiCard key={item.id} item={item} showOwner={showOwner} />
          ))}
        </ul>
      ) : (
        !loading && !error && <p className="feed__empty muted">{empty}</p>
      )}
      <div ref={sentinel} className="feed__sentinel" aria-hidden="true" />
      <div className="feed__foot" role="status" aria-live="polite">
        {loading && (
          <span className="feed__loading">
            <span className="feed__spinner" aria-hidden="true" /> {t("feed.loading")}
          </span>
        )}
        {Boolean(error) && (
          <span className="feed__error">
            {errorMessage(error, t)}{" "}
            <button type="button" className="btn btn--ghost btn--small" onClick={feed.retry}>
              {t("feed.retry")}
            </button>
          </span>
        )}
        {!loading && !error && !done && (
          <button type="button" className="btn btn--ghost" onClick={loadMore}>
            {t("feed.more")}
          </button>
        )}
        {done && items.length > 0 && <span className="muted">{t("feed.end")}</span>}
      </div>
    </div>
  );
}
