import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Constellation } from "../../ui/Constellation";
import { useI18n } from "../../i18n";
import { api, oauthStartUrl, type Provider } from "../../api/client";

export function AuthCard({ title, lead, children }: { title: string; lead: string; children: ReactNode }) {
  return (
    <div className="auth-page">
      <section className="auth-card glass" aria-labelledby="auth-title">
        <Constellation className="auth-card__constellation" />
        <h1 id="auth-title">{title}</h1>
        <p className="lead">{lead}</p>
        {children}
      </section>
    </div>
  );
}

const NO_PROVIDERS: Provider[] = [];

/** "Continue with …" links, only for the providers the server has enabled. */
export function ProviderButtons() {
  const { t } = useI18n();
  // No providers list (an error included): email login still works.
  const { data: providers = NO_PROVIDERS } = useQuery({
    queryKey: ["accounts", "providers"],
    queryFn: () => api.providers(),
    staleTime: Infinity,
  });
  if (providers.length === 0) return null;
  return (
    <div className="providers">
      <p className="divider">
        <span>{t("auth.or")}</span>
      </p>
      {providers.map((provider) => (
        <a key={provider} className={`btn btn--provider btn--${provider} btn--block`} href={oauthStartUrl(provider)}>
          <span className="btn__icon" aria-hidden="true">
            {provider === "google" ? "G" : "K"}
          </span>
          {t("auth.continueWith", { provider: t(provider === "google" ? "auth.provider.google" : "auth.provider.kakao") })}
        </a>
      ))}
    </div>
  );
}
