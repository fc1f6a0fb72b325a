import { useCallback } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { useI18n } from "../../i18n";
import { useAuth } from "../accounts/auth";
import { hasFilters, parseFilters, writeFilters, type FeedFilters, type GalleryKind } from "./feedFilters";
import { FeedGrid } from "./FeedGrid";
import { GalleryFilters } from "./GalleryFilters";
import { listView } from "./listView";
import { useFeedQuery } from "./queries";
import { RankingRow } from "./Rankings";
import "./gallery.css";

const KIND_LABEL = {
  latest: "feed.latest",
  following: "feed.following",
  popular: "feed.popular",
  saved: "feed.saved",
} as const;

/** The gallery's filters are the address bar's: shareable, and back/forward step through them. */
function useAddressFilters(): [FeedFilters, (next: FeedFilters) => void] {
  const location = useLocation();
  const navigate = useNavigate();
  const filters = parseFilters(location.search);
  const set = useCallback(
    (next: FeedFilters) => {
      const search = writeFilters(location.search, next);
      if (search === location.search) return;
      navigate({ pathname: location.pathname, search }, { preventScrollReset: true });
    },
    [location.pathname, location.search, navigate],
  );
  return [filters, set];
}

function FeedSection({ title }: { title: "h1" | "h2" }) {
  const { t } = useI18n();
  const { state } = useAuth();
  const loggedIn = state.status === "user";
  const [filters, setFilters] = useAddressFilters();
  const kinds: GalleryKind[] = loggedIn ? ["latest", "following", "popular", "saved"] : ["latest", "popular"];
  const active: GalleryKind = kinds.includes(filters.kind) ? filters.kind : "latest";
  const shown = { ...filters, kind: active };
  const feed = listView(useFeedQuery(shown));
  const label = (k: GalleryKind) => t(KIND_LABEL[k]);
  const Heading = title;
  const empty = hasFilters(shown)
    ? t("gallery.emptyFiltered")
    : active === "following"
      ? t("feed.emptyFollowing")
      : active === "saved"
        ? t("gallery.emptySaved")
        : t("feed.empty");

  return (
    <section className="feed-section" aria-labelledby="feed-title">
      <header className="feed-section__head">
        <div>
          <Heading id="feed-title">{t("feed.title")}</Heading>
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
              onClick={() => setFilters({ ...shown, kind: k })}
              onKeyDown={(e) => {
                if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
                const i = kinds.indexOf(active);
                const next = kinds[(i + (e.key === "ArrowRight" ? 1 : kinds.length - 1)) % kinds.length];
                if (!next) return;
                setFilters({ ...shown, kind: next });
                document.getElementById(`feed-tab-${next}`)?.focus();
              }}
            >
              {label(k)}
            </button>
          ))}
        </div>
      </header>
      <GalleryFilters filters={shown} onChange={setFilters} />
      <div id="feed-panel" role="tabpanel" aria-labelledby={`feed-tab-${active}`}>
        <FeedGrid feed={feed} label={`${t("feed.title")} — ${label(active)}`} empty={empty} />
      </div>
    </section>
  );
}

/** The visitor's home gallery: live TOP 5 rows with flip cards, last period's winners, and the feed. */
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
      <FeedSection title="h2" />
    </div>
  );
}

/** A signed-in person's home: today's and this week's TOP 5, compact, above the gallery itself. */
export function SignedInGallery() {
  const { t } = useI18n();
  return (
    <div className="home-gallery home-gallery--signed-in">
      <div className="rankings rankings--top" aria-label={t("gallery.top5")}>
        <RankingRow kind="daily" period="current" title={t("rank.daily")} compact />
        <RankingRow kind="weekly" period="current" title={t("rank.weekly")} compact />
      </div>
      <FeedSection title="h2" />
    </div>
  );
}
