import { useState, type FormEvent } from "react";
import { Navigate, useNavigate } from "react-router-dom";
import { AvatarPicker } from "./AvatarPicker";
import { FormAlert, TextArea, TextField } from "../../ui/Form";
import { useI18n } from "../../i18n";
import { api } from "../../api/client";
import { useAuth } from "./auth";
import { errorMessage } from "../../api/errors";
import { BIO_MAX, bioProblem, nicknameProblem } from "./validation";
import { AuthCard } from "./AuthCard";
import { useTitle } from "../../ui/useTitle";

export function OnboardingPage() {
  const { t } = useI18n();
  useTitle(t("onboarding.title"));
  const { me, setMe } = useAuth();
  const navigate = useNavigate();
  const [nickname, setNickname] = useState(me?.nickname ?? "");
  const [bio, setBio] = useState(me?.bio ?? "");
  const [avatar, setAvatar] = useState<string | null>(me?.avatar ?? null);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!me) return null;
  if (me.onboarded && !busy) return <Navigate to="/" replace />;

  const nicknameError = nicknameProblem(nickname);
  const bioError = bioProblem(bio);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (nicknameError || bioError || !avatar) return;
    setBusy(true);
    setError(null);
    try {
      const updated = await api.updateMe({ nickname, bio, avatar });
      setMe(updated);
      navigate("/", { replace: true });
    } catch (err) {
      setError(errorMessage(err, t));
      setBusy(false);
    }
  }

  return (
    <AuthCard title={t("onboarding.title")} lead={t("onboarding.lead")}>
      <form onSubmit={submit} noValidate className="form">
        <TextField
          label={t("auth.nickname")}
          name="nickname"
          required
          maxLength={20}
          value={nickname}
          onChange={(e) => setNickname(e.target.value)}
          hint={t("auth.nicknameHint")}
          error={touched && nicknameError ? t(nicknameError) : null}
        />
        <TextArea
          label={t("onboarding.bio")}
          name="bio"
          rows={3}
          maxLength={BIO_MAX}
          placeholder={t("onboarding.bioPlaceholder")}
          value={bio}
          onChange={(e) => setBio(e.target.value)}
          hint={`${[...bio].length} / ${BIO_MAX}`}
          error={bioError ? t(bioError) : null}
        />
        <AvatarPicker value={avatar} onChange={setAvatar} error={touched && !avatar ? t("validation.avatar") : null} />
        <FormAlert message={error} />
        <button type="submit" className="btn btn--gold btn--block" disabled={busy}>
          {busy ? t("auth.busy") : t("onboarding.submit")}
        </button>
      </form>
    </AuthCard>
  );
}
