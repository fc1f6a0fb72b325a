import { useEffect, useState, type FormEvent } from "react";
import { useLocation } from "react-router-dom";
import { AvatarPicker } from "./AvatarPicker";
import { FollowPanels } from "./FollowPanels";
import { FormAlert, TextArea, TextField } from "../../ui/Form";
import { MyGeminis } from "../gallery/MyGeminis";
import { WalletPanel } from "../wallet/WalletPanel";
import { useI18n } from "../../i18n";
import { api } from "../../api/client";
import { useAuth } from "./auth";
import { errorMessage } from "../../api/errors";
import { BIO_MAX, bioProblem, nicknameProblem } from "./validation";
import { ProfileHeader } from "./ProfileHeader";
import { useTitle } from "../../ui/useTitle";

export function MyProfilePage() {
  const { t } = useI18n();
  useTitle(t("me.title"));
  const { me, setMe, reloadMe } = useAuth();
  const [nickname, setNickname] = useState(me?.nickname ?? "");
  const [bio, setBio] = useState(me?.bio ?? "");
  const [avatar, setAvatar] = useState<string | null>(me?.avatar ?? null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const { hash } = useLocation();

  // Counts change when others follow us; fetch fresh ones on arrival.
  useEffect(() => {
    reloadMe().catch(() => undefined);
  }, [reloadMe]);

  // Client-side navigation does not scroll to `#stars` / `#geminis` by itself.
  useEffect(() => {
    if (!hash) return;
    const timer = window.setTimeout(() => document.getElementById(hash.slice(1))?.scrollIntoView({ block: "start" }), 60);
    return () => window.clearTimeout(timer);
  }, [hash]);

  if (!me) return null;
  const nicknameError = nicknameProblem(nickname);
  const bioError = bioProblem(bio);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (nicknameError || bioError) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const updated = await api.updateMe({ nickname, bio, ...(avatar ? { avatar } : {}) });
      setMe(updated);
      setSaved(t("me.saved"));
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="profile-page">
      <ProfileHeader
        title={t("me.title")}
        nickname={me.nickname}
        bio={me.bio}
        avatarUrl={me.avatar_url}
        counts={{ followers: me.followers, following: me.following }}
        stars={me.stars}
        extra={
          <p className="muted profile__email">
            {t("me.email")}: {me.email ?? t("me.noEmail")}
          </p>
        }
      />
      <MyGeminis />
      <div className="profile-columns">
        <section className="glass panel" aria-labelledby="edit-title">
          <h2 id="edit-title">{t("me.edit")}</h2>
          <form onSubmit={submit} noValidate className="form">
            <TextField
              label={t("auth.nickname")}
              name="nickname"
              maxLength={20}
              value={nickname}
              onChange={(e) => setNickname(e.target.value)}
              hint={t("auth.nicknameHint")}
              error={nicknameError ? t(nicknameError) : null}
            />
            <TextArea
              label={t("onboarding.bio")}
              name="bio"
              rows={3}
              maxLength={BIO_MAX}
              value={bio}
              onChange={(e) => setBio(e.target.value)}
              hint={`${[...bio].length} / ${BIO_MAX}`}
              error={bioError ? t(bioError) : null}
            />
            <AvatarPicker label={t("me.avatar")} value={avatar} onChange={setAvatar} />
            <FormAlert message={error} />
            <FormAlert message={saved} tone="success" />
            <button type="submit" className="btn btn--gold" disabled={busy}>
              {busy ? t("auth.busy") : t("me.save")}
            </button>
          </form>
        </section>
        <div className="profile-stack">
          <WalletPanel stars={me.stars} />
          <FollowPanels nickname={me.nickname} counts={{ followers: me.followers, following: me.following }} />
        </div>
      </div>
    </div>
  );
}
