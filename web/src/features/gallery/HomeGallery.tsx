import { useState } from "react";
import { useI18n } from "../../i18n";
import { useAuth } from "../accounts/auth";
import type { FeedKind } from "./gallery";
import { FeedGrid } from "./FeedGrid";
import { listView } from "./listView";
import { useFeedQuery } from "./queries";
import { RankingRow } from "./Rankings";
import "./gallery.css";

function FeedSection() {
  const { t } = useI18n();
  const { state } = useAuth();
  const loggedIn = state.status === "user";
  const [kind, setKind] = useState<FeedKind>("latest");
  const active: FeedKind = !loggedIn && kind === "following" ? "latest" : kind;
  const kinds: FeedKind[] = loggedIn ? ["latest", "following", "popular"] : ["latest", "popular"];
  const feed = listView(useFeedQuery(active));
  const label = (k: FeedKind) => t(k === "latest" ? "feed.latest" : k === "following" ? "feed.following" : "feed.popular");

  return (
    <section className="feed-section" aria-labelledby="feed-title">
      <header className="feed-section__head">
        <div>
          <h2 id="feed-title">{t("feed.title")}</h2>
          <p className="muted">{t("home.feedLead")}</p>
        </div>
        <div className="tabs feed-tabs" role="tablist" aria-label={t("feed.tabs")}>
          {kinds.map((k) => (
            <button
              key={k}
              type="button"
              role="tab"
              id={`feed-tab-${k}`}
              aria-selected={active === k}
              aria-controls={active === k ? "feed-panel" : undefined}
              tabIndex={active === k ? 0 : -1}
              onClick={() => setKind(k)}
              onKeyDown={(e) => {
                if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
                const i = kinds.indexOf(active);
                const next = kinds[(i + (e.key === "ArrowRight" ? 1 : kinds.length - 1)) % kinds.length];
                if (!next) return;
                setKind(next);
                document.getElementById(`feed-tab-${next}`)?.focus();
              }}
            >
              {label(k)}
            </button>
          ))}
        </div>
      </header>
      <div id="feed-panel" role="tabpanel" aria-labelledby={`feed-tab-${active}`}>
        <FeedGrid
          feed={feed}
          label={`${t("feed.title")} — ${label(active)}`}
          empty={active === "following" ? t("feed.emptyFollowing") : t("feed.empty")}
        />
      </div>
    </section>
  );
}

/** The home page's gallery: live TOP 5 rows with flip cards, last period's winners, and the endless feed. */
export function HomeGallery() {
  const { t } = useI18n();
  return (
    <div className="home-gallery">
      <div className="rankings">
        <RankingRow kind="daily" period="current" title={t("rank.daily")} />
        <RankingRow kind="weekly" period="current" title={t("rank.weekly")} />
      </div>
      <div className="rankings rankings--previous" aria-label={t("rank.previous")}>
        <RankingRow kind="daily" period="previous" title={t("rank.previousDaily")} compact />
        <RankingRow kind="weekly" period="previous" title={t("rank.previousWeekly")} compact />
      </div>
      <FeedSection />
    </div>
  );
}
