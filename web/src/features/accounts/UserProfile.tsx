import { Link, Navigate, useParams } from "react-router-dom";
import { FollowPanels } from "./FollowPanels";
import { UserGallery } from "../gallery/UserGallery";
import { FormAlert } from "../../ui/Form";
import { Loading } from "../../app/Guards";
import { useI18n } from "../../i18n";
import { ApiError } from "../../api/client";
import { useAuth } from "./auth";
import { errorMessage } from "../../api/errors";
import { ProfileHeader } from "./ProfileHeader";
import { useTitle } from "../../ui/useTitle";
import { useFollowMutation, useProfileQuery } from "./profileQueries";

export function UserProfilePage() {
  const { nickname = "" } = useParams();
  const { t } = useI18n();
  useTitle(nickname);
  const { state } = useAuth();
  // Keyed by viewer too: logging in or out changes `is_following` / `is_me`.
  const { data: profile, error: loadError } = useProfileQuery(nickname);
  const follow = useFollowMutation(nickname);
  const actionError = follow.error ? errorMessage(follow.error, t) : null;

  if (loadError) {
    const notFound = loadError instanceof ApiError && loadError.status === 404;
    return (
      <div className="profile-page">
        <section className="glass panel empty-state">
          <h1>{notFound ? t("profile.notFound", { nickname }) : t("errors.title")}</h1>
          {!notFound && <p>{errorMessage(loadError, t)}</p>}
          <Link className="btn btn--gold" to="/">
            {t("notFound.home")}
          </Link>
        </section>
      </div>
    );
  }
  if (!profile) return <Loading />;
  if (profile.is_me) return <Navigate to="/me" replace />;

  const action =
    state.status === "user" ? (
      <>
        <button
          type="button"
          className={profile.is_following ? "btn btn--ghost" : "btn btn--gold"}
          aria-pressed={profile.is_following}
          onClick={() => follow.mutate(!profile.is_following)}
          disabled={follow.isPending}
        >
          {profile.is_following ? t("profile.unfollow") : t("profile.follow")}
        </button>
        <FormAlert message={actionError} />
      </>
    ) : (
      <Link className="btn btn--gold" to={`/login?next=${encodeURIComponent(`/u/${profile.nickname}`)}`}>
        {t("profile.followLogin")}
      </Link>
    );

  return (
    <div className="profile-page">
      <ProfileHeader
        nickname={profile.nickname}
        bio={profile.bio}
        avatarUrl={profile.avatar_url}
        counts={{ followers: profile.followers, following: profile.following }}
        action={action}
      />
      <UserGallery nickname={profile.nickname} />
      <FollowPanels
        nickname={profile.nickname}
        counts={{ followers: profile.followers, following: profile.following }}
      />
    </div>
  );
}
