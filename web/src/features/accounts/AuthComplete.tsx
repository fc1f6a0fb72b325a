import { Link, Navigate, useSearchParams } from "react-router-dom";
import { Loading } from "../../app/Guards";
import { useI18n } from "../../i18n";
import { useAuth } from "./auth";
import { AuthCard } from "./AuthCard";
import { useTitle } from "../../ui/useTitle";

/**
 * Where the OAuth callback lands. The server has set the refresh cookie, and the app's start-up
 * silent refresh (AuthProvider) has already turned it into a session and loaded /api/me.
 */
export function AuthCompletePage() {
  const { t } = useI18n();
  useTitle(t("auth.complete.title"));
  const { state } = useAuth();
  const [params] = useSearchParams();
  const oauthError = params.get("error");

  if (!oauthError && state.status === "user") {
    return <Navigate to={state.me.onboarded ? "/" : "/onboarding"} replace />;
  }
  if (oauthError || state.status === "anonymous") {
    return (
      <AuthCard
        title={t("auth.complete.failed")}
        lead={oauthError ? t("errors.oauth", { reason: oauthError }) : t("errors.Unauthorized")}
      >
        <p role="alert" className="sr-only">
          {t("auth.complete.failed")}
        </p>
        <Link className="btn btn--gold btn--block" to="/login">
          {t("auth.complete.retry")}
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("auth.complete.title")} lead={t("auth.complete.lead")}>
      <Loading />
    </AuthCard>
  );
}
