import { Link, useLocation } from "react-router-dom";
import { useI18n } from "../../i18n";
import { useAuth } from "../accounts/auth";
import type { GeminiDetail } from "./gallery";
import { useLikeMutation } from "./queries";
import { Icon } from "../../ui/Icon";

/** Like / unlike a gemini (optimistic, see `useLikeMutation`); visitors are sent to log in first. */
export function LikeButton({ gemini }: { gemini: GeminiDetail }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const location = useLocation();
  const like = useLikeMutation(gemini.id);
  const { liked, like_count } = gemini;

  if (!me) {
    return (
      <Link className="like like--login" to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>
        <Icon name="heartOutline" size={16} /> {t("gemini.likeLogin")} · {like_count}
      </Link>
    );
  }
  return (
    <button
      type="button"
      className={liked ? "like is-liked" : "like"}
      aria-pressed={liked}
      aria-label={`${liked ? t("gemini.unlike") : t("gemini.like")} (${t("gemini.likes", { count: like_count })})`}
      onClick={() => like.mutate({ liked, like_count })}
      data-testid="like-button"
    >
      <Icon name={liked ? "heart" : "heartOutline"} className="like__heart" size={18} />
      <span className="like__count" data-testid="like-count">
        {like_count}
      </span>
    </button>
  );
}
