import { isMessageKey, useI18n } from "../../i18n";
import { formatDate } from "../studio/StudioHistory";
import { useRecentWallet } from "./queries";

/** The star balance and its latest ledger lines; where "get more stars" leads (purchases come later). */
export function WalletPanel({ stars }: { stars: number }) {
  const { t, lang } = useI18n();
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
      <h3>{t("wallet.recent")}</h3>
      {wallet && wallet.entries.length === 0 && <p className="muted">{t("wallet.empty")}</p>}
      <ul className="ledger">
        {wallet?.entries.map((e) => {
          const key = `wallet.reason.${e.reason}`;
          return (
            <li key={e.id}>
              <span className="ledger__reason">{isMessageKey(key) ? t(key) : e.reason}</span>
              <time className="muted" dateTime={e.created_at}>
                {formatDate(e.created_at, lang)}
              </time>
              <span className={`ledger__delta ${e.delta < 0 ? "is-minus" : "is-plus"}`}>
                {e.delta > 0 ? `+${e.delta}` : e.delta}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
