import { useCallback } from "react";
import { useI18n } from "../../i18n";
import { useAuth } from "../../lib/auth";
import { gallery } from "../../lib/gallery";
import { useFeed } from "../../lib/useFeed";
import { FeedGrid } from "./FeedGrid";
import "./gallery.css";

/** A person's public geminis, paginated (infinite scroll + "load more"). */
export function UserGallery({ nickname }: { nickname: string }) {
  const { t } = useI18n();
  const { state } = useAuth();
  const load = useCallback((cursor: string | null) => gallery.userGeminis(nickname, cursor, 24), [nickname]);
  const feed = useFeed(load, `${nickname}:${state.me?.id ?? "anon"}`);
  return (
    <section className="user-gallery glass" aria-labelledby="user-gallery-title">
      <h2 id="user-gallery-title">
        <span aria-hidden="true">✦ </span>
        {t("feed.userTab")}
      </h2>
      <FeedGrid feed={feed} label={`${nickname} — ${t("feed.userTab")}`} empty={t("feed.userEmpty")} showOwner={false} />
    </section>
  );
}
