import { Link } from "react-router-dom";
import { useI18n } from "../../i18n";
import { LedgerLine } from "./LedgerList";
import { useRecentWallet } from "./queries";

/** The star balance and its latest ledger lines on my profile, with the way to the wallet page. */
export function WalletPanel({ stars }: { stars: number }) {
  const { t } = useI18n();
  const wallet = useRecentWallet(stars).data ?? null;

  return (
    <section id="stars" className="glass panel wallet" aria-labelledby="wallet-title">
      <h2 id="wallet-title">{t("wallet.title")}</h2>
      <p className="wallet__balance">
        <span className="wallet__shard" aria-hidden="true">
          ✦
        </span>
        {t("home.stars", { count: wallet?.balance ?? stars })}
      </p>
      <p className="muted">{t("stars.soon")}</p>
      <Link className="btn btn--gold btn--small" to="/wallet">
        {t("nav.wallet")}
      </Link>
      <h3>{t("wallet.recent")}</h3>
      {wallet && wallet.entries.length === 0 && <p className="muted">{t("wallet.empty")}</p>}
      <ul className="ledger">
        {wallet?.entries.map((e) => (
          <LedgerLine key={e.id} entry={e} />
        ))}
      </ul>
    </section>
  );
}
