import { useEffect, useState } from "react";
import { useNavigate } from "react-router-dom";
import { errorMessage } from "../../api/errors";
import type { StarPackage } from "../../api/client";
import { useI18n } from "../../i18n";
import { formatKrw, onPhone, paymentPage } from "./money";
import { useBuyStars, usePaymentProviders, useStarPackages } from "./queries";

type PayWith = "kakaopay" | "test";

function ProviderChoice({
  choices,
  value,
  onChange,
}: {
  choices: PayWith[];
  value: PayWith;
  onChange: (p: PayWith) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="pay-with" role="radiogroup" aria-label={t("wallet.payWith")}>
      {choices.map((p) => (
        <label key={p} className={`pay-with__option pay-with__option--${p}${value === p ? " is-active" : ""}`}>
          <input type="radio" name="pay-with" value={p} checked={value === p} onChange={() => onChange(p)} />
          {p === "kakaopay" ? (
            <>
              <span className="pay-with__kakao" aria-hidden="true">
                pay
              </span>
              {t("wallet.kakaopay")}
            </>
          ) : (
            <>
              <span className="pay-with__test" aria-hidden="true">
                TEST
              </span>
              {t("wallet.testPay")}
            </>
          )}
        </label>
      ))}
    </div>
  );
}

function PackageCard({
  pack,
  busy,
  disabled,
  onBuy,
}: {
  pack: StarPackage;
  busy: boolean;
  disabled: boolean;
  onBuy: () => void;
}) {
  const { t, lang } = useI18n();
  const price = formatKrw(pack.price_krw, lang);
  return (
    <li className="package glass" data-testid={`package-${pack.id}`}>
      <div className="package__art" aria-hidden="true">
        <span>✦</span>
        {pack.stars >= 30 && <span className="package__art-2">✧</span>}
        {pack.stars >= 100 && <span className="package__art-3">✦</span>}
      </div>
      <div className="package__what">
        <p className="package__stars">{t("wallet.stars", { count: pack.stars })}</p>
        <p className="package__each muted">
          {t("wallet.perStar", { price: formatKrw(Math.round(pack.price_krw / pack.stars), lang) })}
        </p>
      </div>
      <button type="button" className="btn btn--gold btn--block" disabled={disabled} onClick={onBuy}>
        {busy ? t("wallet.buying") : t("wallet.buy", { price })}
      </button>
    </li>
  );
}

/** The packages on sale and the ways to pay this server takes; buying leaves for KakaoPay's page. */
export function BuyStars() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const packages = useStarPackages();
  const providers = usePaymentProviders();
  const buy = useBuyStars();
  const choices: PayWith[] = providers.data
    ? (["kakaopay", "test"] as const).filter((p) => providers.data[p])
    : [];
  const [picked, setPicked] = useState<PayWith | null>(null);
  const payWith = picked && choices.includes(picked) ? picked : (choices[0] ?? null);
  // Until the browser has left for KakaoPay the buttons stay off: one order per click.
  const [leaving, setLeaving] = useState(false);
  // Back from KakaoPay with the browser's back button: the page comes out of the back-forward
  // cache as it was left, buttons off; the person may want to choose again.
  useEffect(() => {
    const back = (event: PageTransitionEvent) => {
      if (event.persisted) setLeaving(false);
    };
    window.addEventListener("pageshow", back);
    return () => window.removeEventListener("pageshow", back);
  }, []);
  const error = buy.error ?? packages.error ?? providers.error;

  const start = (pack: StarPackage) => {
    if (!payWith) return;
    buy.mutate(
      { package_id: pack.id, provider: payWith },
      {
        onSuccess: (started) => {
          if (payWith === "test") {
            navigate(`/wallet/orders/${started.id}`);
            return;
          }
          setLeaving(true);
          window.location.assign(paymentPage(started, onPhone()));
        },
      },
    );
  };

  return (
    <section className="glass panel buy-stars" aria-labelledby="buy-title">
      <div className="buy-stars__head">
        <h2 id="buy-title">{t("wallet.packages")}</h2>
        {choices.length > 0 && payWith && <ProviderChoice choices={choices} value={payWith} onChange={setPicked} />}
      </div>
      {providers.data && choices.length === 0 && <p className="muted">{t("wallet.noProvider")}</p>}
      {payWith === "test" && <p className="buy-stars__test-note">{t("wallet.testNote")}</p>}
      {error && (
        <p className="form-alert form-alert--error" role="alert">
          {errorMessage(error, t)}
        </p>
      )}
      <ul className="packages">
        {packages.data?.map((pack) => (
          <PackageCard
            key={pack.id}
            pack={pack}
            busy={(buy.isPending || leaving) && buy.variables?.package_id === pack.id}
            disabled={!payWith || buy.isPending || leaving}
            onBuy={() => start(pack)}
          />
        ))}
      </ul>
    </section>
  );
}
