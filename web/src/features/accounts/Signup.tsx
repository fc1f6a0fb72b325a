import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { FormAlert, TextField } from "../../ui/Form";
import { useI18n } from "../../i18n";
import { useAuth } from "./auth";
import { errorMessage } from "../../api/errors";
import { emailProblem, nicknameProblem, passwordProblem } from "./validation";
import { AuthCard, ProviderButtons } from "./AuthCard";
import { useTitle } from "../../ui/useTitle";

export function SignupPage() {
  const { t } = useI18n();
  useTitle(t("auth.signup.submit"));
  const { signup } = useAuth();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [nickname, setNickname] = useState("");
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const problems = {
    email: emailProblem(email),
    password: passwordProblem(password),
    nickname: nicknameProblem(nickname),
  };
  const show = (key: keyof typeof problems) => {
    const problem = problems[key];
    return touched && problem ? t(problem) : null;
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (problems.email || problems.password || problems.nickname) return;
    setBusy(true);
    setError(null);
    try {
      const me = await signup({ email: email.trim(), password, nickname });
      navigate(me.onboarded ? "/" : "/onboarding", { replace: true });
    } catch (err) {
      setError(errorMessage(err, t));
      setBusy(false);
    }
  }

  return (
    <AuthCard title={t("auth.signup.title")} lead={t("auth.signup.lead")}>
      <form onSubmit={submit} noValidate className="form">
        <TextField
          label={t("auth.email")}
          type="email"
          name="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={show("email")}
        />
        <TextField
          label={t("auth.nickname")}
          name="nickname"
          autoComplete="nickname"
          required
          maxLength={20}
          value={nickname}
          onChange={(e) => setNickname(e.target.value)}
          hint={t("auth.nicknameHint")}
          error={show("nickname")}
        />
        <TextField
          label={t("auth.password")}
          type="password"
          name="password"
          autoComplete="new-password"
          required
          maxLength={128}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          hint={t("auth.passwordHint")}
          error={show("password")}
        />
        <FormAlert message={error} />
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
