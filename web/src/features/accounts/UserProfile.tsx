import { useEffect, useState } from "react";
import { Link, Navigate, useParams } from "react-router-dom";
import { FollowPanels } from "./FollowPanels";
import { UserGallery } from "../gallery/UserGallery";
import { FormAlert } from "../../ui/Form";
import { Loading } from "../../app/Guards";
import { useI18n } from "../../i18n";
import { api, ApiError, type Profile } from "../../api/client";
import { useAuth } from "./auth";
import { errorMessage } from "../../api/errors";
import { ProfileHeader } from "./ProfileHeader";
import { useTitle } from "../../ui/useTitle";

export function UserProfilePage() {
  const { nickname = "" } = useParams();
  const { t } = useI18n();
  useTitle(nickname);
  const { state } = useAuth();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  // Reload when the viewer changes (log in/out changes is_following / is_me).
  useEffect(() => {
    if (state.status === "loading") return;
    let live = true;
    setProfile(null);
    setLoadError(null);
    api.profile(nickname).then(
      (p) => live && setProfile(p),
      (err: unknown) => live && setLoadError(err),
    );
    return () => {
      live = false;
    };
  }, [nickname, state.status, state.me?.id]);

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

  async function toggleFollow() {
    if (!profile) return;
    const following = profile.is_following;
    setBusy(true);
    setActionError(null);
    try {
      await (following ? api.unfollow : api.follow)(profile.nickname);
      setProfile({
        ...profile,
        is_following: !following,
        followers: Math.max(0, profile.followers + (following ? -1 : 1)),
      });
      setVersion((v) => v + 1);
    } catch (err) {
      setActionError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  }

  const action =
    state.status === "user" ? (
      <>
        <button
          type="button"
          className={profile.is_following ? "btn btn--ghost" : "btn btn--gold"}
          aria-pressed={profile.is_following}
          onClick={toggleFollow}
          disabled={busy}
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
        version={version}
      />
    </div>
  );
}
