import { zodResolver } from "@hookform/resolvers/zod";
import { Controller, useForm, useWatch } from "react-hook-form";
import { Navigate, useNavigate } from "react-router-dom";
import { AvatarPicker } from "./AvatarPicker";
import { FormAlert, TextArea, TextField } from "../../ui/Form";
import { fieldError, showServerError } from "../../ui/formErrors";
import { useI18n } from "../../i18n";
import { api } from "../../api/client";
import { useAuth } from "./auth";
import { BIO_MAX, NICKNAME_MAX, onboardingSchema, type ProfileValues } from "./validation";
import { AuthCard } from "./AuthCard";
import { useTitle } from "../../ui/useTitle";

export function OnboardingPage() {
  const { t } = useI18n();
  useTitle(t("onboarding.title"));
  const { me, setMe } = useAuth();
  const navigate = useNavigate();
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isSubmitted, isSubmitSuccessful },
  } = useForm<ProfileValues, unknown, ProfileValues>({
    resolver: zodResolver(onboardingSchema),
    // The bio's length is checked as it is typed; the rest once a submit was tried.
    mode: "onChange",
    defaultValues: { nickname: me?.nickname ?? "", bio: me?.bio ?? "", avatar: me?.avatar ?? null },
  });
  const bioText = useWatch({ control, name: "bio" });

  const busy = isSubmitting || isSubmitSuccessful;
  if (!me) return null;
  if (me.onboarded && !busy) return <Navigate to="/" replace />;

  const submit = handleSubmit(async ({ nickname, bio, avatar }) => {
    try {
      setMe(await api.updateMe({ nickname, bio, avatar: avatar ?? undefined }));
      navigate("/", { replace: true });
    } catch (err) {
      showServerError(err, setError, t, { NicknameTaken: "nickname" });
    }
  });

  return (
    <AuthCard title={t("onboarding.title")} lead={t("onboarding.lead")}>
      <form onSubmit={submit} noValidate className="form">
        <TextField
          label={t("auth.nickname")}
          required
          maxLength={NICKNAME_MAX}
          {...register("nickname")}
          hint={t("auth.nicknameHint")}
          error={isSubmitted ? fieldError(errors.nickname, t) : null}
        />
        <TextArea
          label={t("onboarding.bio")}
          rows={3}
          maxLength={BIO_MAX}
          placeholder={t("onboarding.bioPlaceholder")}
          {...register("bio")}
          hint={`${[...bioText].length} / ${BIO_MAX}`}
          error={fieldError(errors.bio, t)}
        />
        <details className="pairchild-help">
          <summary>{t("onboarding.pairchildTitle")}</summary>
          <p>{t("onboarding.pairchildBody")}</p>
        </details>
        <Controller
          control={control}
          name="avatar"
          render={({ field }) => (
            <AvatarPicker
              value={field.value}
              onChange={field.onChange}
              error={isSubmitted ? fieldError(errors.avatar, t) : null}
            />
          )}
        />
        <FormAlert message={errors.root?.server?.message ?? null} />
        <button type="submit" className="btn btn--gold btn--block" disabled={busy}>
          {busy ? t("auth.busy") : t("onboarding.submit")}
        </button>
      </form>
    </AuthCard>
  );
}
