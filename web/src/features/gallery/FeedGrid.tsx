import { useEffect, useRef } from "react";
import { useI18n } from "../../i18n";
import { errorMessage } from "../../api/errors";
import type { FeedState } from "./useFeed";
import { GeminiCard } from "./GeminiCard";

/** A grid of gemini cards with infinite scroll (IntersectionObserver) and a "load more" fallback. */
export function FeedGrid({
  feed,
  empty,
  label,
  showOwner = true,
}: {
  feed: FeedState;
  empty: string;
  label: string;
  showOwner?: boolean;
}) {
  const { t } = useI18n();
  const sentinel = useRef<HTMLDivElement>(null);
  const { loadMore, loading, done, error } = feed;

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
  }, [loadMore, done, error, feed.items.length]);

  return (
    <div className="feed" aria-busy={loading}>
      {feed.items.length > 0 ? (
        <ul className="gallery-grid" aria-label={label}>
          {feed.items.map((item) => (
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
        {done && feed.items.length > 0 && <span className="muted">{t("feed.end")}</span>}
      </div>
    </div>
  );
}
