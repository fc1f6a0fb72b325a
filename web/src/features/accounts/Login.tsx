import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { FormAlert, TextField } from "../../ui/Form";
import { fieldError, showServerError } from "../../ui/formErrors";
import { safeNext } from "../../app/Guards";
import { useI18n } from "../../i18n";
import { useAuth } from "./auth";
import { loginSchema, type LoginValues } from "./validation";
import { AuthCard, ProviderButtons } from "./AuthCard";
import { useTitle } from "../../ui/useTitle";

export function LoginPage() {
  const { t } = useI18n();
  useTitle(t("auth.login.submit"));
  const { login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isSubmitSuccessful },
  } = useForm<LoginValues, unknown, LoginValues>({
    resolver: zodResolver(loginSchema),
    defaultValues: { email: "", password: "" },
  });

  const submit = handleSubmit(async (values) => {
    try {
      const me = await login(values);
      navigate(me.onboarded ? safeNext(location.search) : "/onboarding", { replace: true });
    } catch (err) {
      showServerError(err, setError, t);
    }
  });

  // The button stays busy from the click until the next page replaces this one.
  const busy = isSubmitting || isSubmitSuccessful;
  return (
    <AuthCard title={t("auth.login.title")} lead={t("auth.login.lead")}>
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
          label={t("auth.password")}
          type="password"
          autoComplete="current-password"
          required
          {...register("password")}
          error={fieldError(errors.password, t)}
        />
        <FormAlert message={errors.root?.server?.message ?? null} />
        <button type="submit" className="btn btn--gold btn--block" disabled={busy}>
          {busy ? t("auth.busy") : t("auth.login.submit")}
        </button>
      </form>
      <ProviderButtons />
      <p className="auth-switch">
        {t("auth.login.noAccount")} <Link to={`/signup${location.search}`}>{t("nav.signup")}</Link>
      </p>
    </AuthCard>
  );
}
