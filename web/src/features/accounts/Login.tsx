import { useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { FormAlert, TextField } from "../../ui/Form";
import { safeNext } from "../../app/Guards";
import { useI18n } from "../../i18n";
import { useAuth } from "./auth";
import { errorMessage } from "../../api/errors";
import { emailProblem } from "./validation";
import { AuthCard, ProviderButtons } from "./AuthCard";
import { useTitle } from "../../ui/useTitle";

export function LoginPage() {
  const { t } = useI18n();
  useTitle(t("auth.login.submit"));
  const { login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);

  const emailError = touched ? emailProblem(email) : null;
  const passwordError = touched && password.length === 0 ? "validation.required" : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (emailProblem(email) || password.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const me = await login({ email: email.trim(), password });
      navigate(me.onboarded ? safeNext(location.search) : "/onboarding", { replace: true });
    } catch (err) {
      setError(errorMessage(err, t));
      setBusy(false);
    }
  }

  return (
    <AuthCard title={t("auth.login.title")} lead={t("auth.login.lead")}>
      <form onSubmit={submit} noValidate className="form">
        <TextField
          label={t("auth.email")}
          type="email"
          name="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={emailError && t(emailError)}
        />
        <TextField
          label={t("auth.password")}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={passwordError && t(passwordError)}
        />
        <FormAlert message={error} />
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
