import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router-dom";
import { useI18n } from "../i18n";
import { useAuth } from "../features/accounts/auth";

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="loading__orbit" aria-hidden="true" />
      {t("app.loading")}
    </div>
  );
}

/** Only for signed-in users; others go to /login and come back afterwards (someone who has just
 * logged out goes home: the way out of a members-only page is not a login form). */
export function RequireUser({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === "loading") return <Loading />;
  if (state.status === "anonymous" && state.left) return <Navigate to="/" replace />;
  if (state.status === "anonymous") {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <>{children}</>;
}

/** Only for visitors; signed-in users continue to where they were going. */
export function RequireAnonymous({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === "loading") return <Loading />;
  if (state.status === "user") return <Navigate to={safeNext(location.search)} replace />;
  return <>{children}</>;
}

/** Signed-in users who haven't picked an avatar yet finish onboarding first. */
export function OnboardingGate({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  const exempt = location.pathname === "/onboarding" || location.pathname === "/auth/complete";
  if (state.status === "user" && !state.me.onboarded && !exempt) {
    return <Navigate to="/onboarding" replace />;
  }
  return <>{children}</>;
}

/** `?next=` only ever points inside this site. */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get("next");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}
