import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Link, useNavigate } from "react-router-dom";
import { FormAlert, TextField } from "../../ui/Form";
import { fieldError, showServerError } from "../../ui/formErrors";
import { useI18n } from "../../i18n";
import { useAuth } from "./auth";
import { NICKNAME_MAX, PASSWORD_MAX, signupSchema, type SignupValues } from "./validation";
import { AuthCard, ProviderButtons } from "./AuthCard";
import { useTitle } from "../../ui/useTitle";

export function SignupPage() {
  const { t } = useI18n();
  useTitle(t("auth.signup.submit"));
  const { signup } = useAuth();
  const navigate = useNavigate();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isSubmitSuccessful },
  } = useForm<SignupValues, unknown, SignupValues>({
    resolver: zodResolver(signupSchema),
    defaultValues: { email: "", nickname: "", password: "" },
  });

  const submit = handleSubmit(async (values) => {
    try {
      const me = await signup(values);
      navigate(me.onboarded ? "/" : "/onboarding", { replace: true });
    } catch (err) {
      showServerError(err, setError, t, { EmailTaken: "email", NicknameTaken: "nickname" });
    }
  });

  // The button stays busy from the click until the next page replaces this one.
  const busy = isSubmitting || isSubmitSuccessful;
  return (
    <AuthCard title={t("auth.signup.title")} lead={t("auth.signup.lead")}>
      <form onSubmit={submit} noValidate className="form">
        <TextField
          label={t("auth.email")}
          type="email"
          autoComplete="email"
          required
          {...register("email")}
          error={fieldError(errors.email, t)}
        />
        <TextField
          label={t("auth.nickname")}
          autoComplete="nickname"
          required
          maxLength={NICKNAME_MAX}
          {...register("nickname")}
          hint={t("auth.nicknameHint")}
          error={fieldError(errors.nickname, t)}
        />
        <TextField
          label={t("auth.password")}
          type="password"
          autoComplete="new-password"
          required
          maxLength={PASSWORD_MAX}
          {...register("password")}
          hint={t("auth.passwordHint")}
          error={fieldError(errors.password, t)}
        />
        <FormAlert message={errors.root?.server?.message ?? null} />
        <button type="submit" className="btn btn--gold btn--block" disabled={busy}>
          {busy ? t("auth.busy") : t("auth.signup.submit")}
        </button>
      </form>
      <ProviderButtons />
      <p className="auth-switch">
        {t("auth.signup.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </AuthCard>
  );
}
