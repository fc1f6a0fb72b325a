import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { useLocation } from "react-router-dom";
import { AvatarPicker } from "./AvatarPicker";
import { FollowPanels } from "./FollowPanels";
import { FormAlert, TextArea, TextField } from "../../ui/Form";
import { fieldError, showServerError } from "../../ui/formErrors";
import { MyGeminis } from "../gallery/MyGeminis";
import { WalletPanel } from "../wallet/WalletPanel";
import { useI18n } from "../../i18n";
import { api } from "../../api/client";
import { useAuth } from "./auth";
import { BIO_MAX, NICKNAME_MAX, profileSchema, type ProfileValues } from "./validation";
import { ProfileHeader } from "./ProfileHeader";
import { useTitle } from "../../ui/useTitle";

export function MyProfilePage() {
  const { t } = useI18n();
  useTitle(t("me.title"));
  const { me, setMe, reloadMe } = useAuth();
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isSubmitSuccessful },
  } = useForm<ProfileValues, unknown, ProfileValues>({
    resolver: zodResolver(profileSchema),
    // Problems show as they are typed.
    mode: "onChange",
    defaultValues: { nickname: me?.nickname ?? "", bio: me?.bio ?? "", avatar: me?.avatar ?? null },
  });
  const bioText = useWatch({ control, name: "bio" });

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

  const submit = handleSubmit(async ({ nickname, bio, avatar }) => {
    try {
      setMe(await api.updateMe({ nickname, bio, ...(avatar ? { avatar } : {}) }));
    } catch (err) {
      showServerError(err, setError, t, { NicknameTaken: "nickname" });
    }
  });

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
              maxLength={NICKNAME_MAX}
              {...register("nickname")}
              hint={t("auth.nicknameHint")}
              error={fieldError(errors.nickname, t)}
            />
            <TextArea
              label={t("onboarding.bio")}
              rows={3}
              maxLength={BIO_MAX}
              {...register("bio")}
              hint={`${[...bioText].length} / ${BIO_MAX}`}
              error={fieldError(errors.bio, t)}
            />
            <Controller
              control={control}
              name="avatar"
              render={({ field }) => <AvatarPicker label={t("me.avatar")} value={field.value} onChange={field.onChange} />}
            />
            <FormAlert message={errors.root?.server?.message ?? null} />
            <FormAlert message={isSubmitSuccessful && !isSubmitting ? t("me.saved") : null} tone="success" />
            <button type="submit" className="btn btn--gold" disabled={isSubmitting}>
              {isSubmitting ? t("auth.busy") : t("me.save")}
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
