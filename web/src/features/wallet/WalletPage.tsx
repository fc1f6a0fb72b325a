import { useAuth } from "../accounts/auth";
import { useI18n } from "../../i18n";
import { useTitle } from "../../ui/useTitle";
import { BuyStars } from "./BuyStars";
import { LedgerList } from "./LedgerList";
import { OrderList } from "./OrderList";
import "./wallet.css";

/** /wallet: the balance, the packages to buy, and every star and order that came and went. */
export function WalletPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  useTitle(t("wallet.title"));
  return (
    <div className="wallet-page">
      <header className="wallet-page__intro">
        <div>
          <p className="eyebrow">{t("wallet.title")}</p>
          <h1>{t("wallet.buyTitle")}</h1>
          <p className="lead">{t("wallet.lead")}</p>
        </div>
        <div className="wallet-page__balance glass" data-testid="wallet-balance">
          <span className="muted">{t("wallet.balance")}</span>
          <strong>
            <span className="wallet__shard" aria-hidden="true">
              ✦{" "}
            </span>
            {me?.stars ?? 0}
          </strong>
        </div>
      </header>
      <BuyStars />
      <div className="wallet-page__lists">
        <OrderList />
        <LedgerList />
      </div>
    </div>
  );
}
