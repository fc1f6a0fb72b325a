import { useState } from "react";
import { useI18n } from "../../i18n";
import type { RankedItem, Ranking, RankingKind, RankingPeriod } from "./gallery";
import { useRankingQuery } from "./queries";
import { Avatar } from "../../ui/Avatar";
import { useOpenGemini } from "./useOpenGemini";
import { Icon } from "../../ui/Icon";

/** A ranked card: the front is the portrait; when a four-cut is ready, clicking flips it to the strip. */
export function FlipCard({ item, compact = false }: { item: RankedItem; compact?: boolean }) {
  const { t } = useI18n();
  const open = useOpenGemini();
  const [flipped, setFlipped] = useState(false);
  const gemini = item.gemini;
  const fourcut = item.fourcut?.status === "ready" ? item.fourcut : null;
  const back = fourcut ? fourcut.grid_url ?? fourcut.strip_url : null;
  if (!gemini) {
    return (
      <li className={`flip flip--gone${compact ? " flip--compact" : ""}`}>
        <span className="flip__rank">{t("rank.position", { position: item.position })}</span>
        <div className="flip__face flip__face--empty" aria-hidden="true"><Icon name="star" size={28} /></div>
      </li>
    );
  }
  const name = gemini.name || t("gemini.untitled");
  return (
    <li
      className={`flip${flipped ? " is-flipped" : ""}${compact ? " flip--compact" : ""} flip--p${item.position}`}
      data-testid="ranked-card"
    >
      <span className="flip__rank" aria-hidden="true">
        {item.position}
      </span>
      <button
        type="button"
        className="flip__stage"
        aria-pressed={back ? flipped : undefined}
        aria-label={back ? (flipped ? t("rank.flipBack") : t("rank.flip")) + ` — ${name}` : t("rank.open", { name })}
        onClick={() => (back ? setFlipped((f) => !f) : open(gemini.id))}
      >
        <span className="flip__inner">
          <span className="flip__face flip__front">
            <img src={gemini.thumbnail_url} alt="" loading="lazy" />
          </span>
          {back && (
            <span className="flip__face flip__back">
              <img src={back} alt={t("rank.fourcutAlt", { name })} loading="lazy" />
            </span>
          )}
        </span>
        {back && (
          <Icon name="refresh" className="flip__hint" size={16} />
        )}
      </button>
      <div className="flip__meta">
        <button type="button" className="flip__name" onClick={() => open(gemini.id)}>
          <span className="sr-only">{t("rank.position", { position: item.position })} </span>
          {name}
        </button>
        <span className="flip__owner">
          <Avatar src={gemini.owner.avatar_url} alt="" name={gemini.owner.nickname} size={18} />
          {gemini.owner.nickname}
        </span>
        <span className="flip__score" title={t("rank.score", { score: item.score })}>
          <Icon name="heart" size={12} /> {item.score}
          <span className="sr-only"> {t("rank.score", { score: item.score })}</span>
        </span>
      </div>
    </li>
  );
}

function formatPeriod(ranking: Ranking, lang: string, kind: RankingKind): string {
  const start = new Date(ranking.period.start);
  const end = new Date(new Date(ranking.period.end).getTime() - 1000);
  const fmt = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric", timeZone: "Asia/Seoul" });
  return kind === "daily" ? fmt.format(start) : `${fmt.format(start)} – ${fmt.format(end)}`;
}

export function RankingRow({
  kind,
  period,
  title,
  compact = false,
}: {
  kind: RankingKind;
  period: RankingPeriod;
  title: string;
  compact?: boolean;
}) {
  const { t, lang } = useI18n();
  const ranking = useRankingQuery(kind, period).data ?? null;
  const headingId = `rank-${kind}-${period}`;
  return (
    <section className={`ranking glass${compact ? " ranking--compact" : ""}`} aria-labelledby={headingId}>
      <header className="ranking__head">
        <h2 id={headingId}>
          <Icon name="crown" className="ranking__crown" size={18} />{" "}
          {title}
        </h2>
        {ranking && <span className="ranking__period muted">{formatPeriod(ranking, lang, kind)}</span>}
        {period === "current" && (
          <span className="ranking__live">
            <span className="ranking__dot" aria-hidden="true" /> {t("rank.live")}
          </span>
        )}
      </header>
      {ranking && ranking.items.length === 0 && (
        // Only an open window can still be won; a closed one simply had no entries.
        <p className="muted ranking__empty">{t(period === "current" ? "rank.empty" : "rank.emptyClosed")}</p>
      )}
      {ranking && ranking.items.length > 0 && (
        <ol className="ranking__list">
          {ranking.items.map((item) => (
            <FlipCard key={`${item.position}-${item.gemini?.id ?? "x"}`} item={item} compact={compact} />
          ))}
        </ol>
      )}
      {!ranking && <div className="ranking__skeleton" aria-hidden="true" />}
    </section>
  );
}
