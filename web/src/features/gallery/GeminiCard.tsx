import { Link } from "react-router-dom";
import { useI18n } from "../../i18n";
import type { FeedItem } from "./gallery";
import { Avatar } from "../../ui/Avatar";
import { useOpenGemini } from "./useOpenGemini";
import { Icon } from "../../ui/Icon";
import { SaveButton } from "./SaveButton";

/** A gallery tile: the portrait opens the detail dialog; the owner line links to their profile. */
export function GeminiCard({ item, showOwner = true }: { item: FeedItem; showOwner?: boolean }) {
  const { t } = useI18n();
  const open = useOpenGemini();
  const name = item.name || t("gemini.untitled");
  return (
    <li className="gcard" data-testid="gemini-card" data-gemini-id={item.id}>
      <button type="button" className="gcard__open" onClick={() => open(item.id)} aria-label={t("rank.open", { name })}>
        <img src={item.thumbnail_url} alt="" loading="lazy" decoding="async" />
        <span className="gcard__shine" aria-hidden="true" />
      </button>
      <SaveButton id={item.id} name={name} saved={item.saved} />
      <div className="gcard__meta">
        <p className="gcard__name">{name}</p>
        <p className="gcard__row">
          {showOwner ? (
            <Link className="gcard__owner" to={`/u/${encodeURIComponent(item.owner.nickname)}`}>
              <Avatar src={item.owner.avatar_url} alt="" name={item.owner.nickname} size={22} />
              <span>{item.owner.nickname}</span>
            </Link>
          ) : (
            <span />
          )}
          <span className={item.liked ? "gcard__likes is-liked" : "gcard__likes"} aria-label={t("gemini.likes", { count: item.like_count })}>
            <Icon name={item.liked ? "heart" : "heartOutline"} size={14} /> {item.like_count}
          </span>
        </p>
      </div>
    </li>
  );
}
