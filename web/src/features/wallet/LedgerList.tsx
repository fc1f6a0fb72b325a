import { errorMessage } from "../../api/errors";
import type { LedgerEntry } from "../../api/client";
import { isMessageKey, useI18n } from "../../i18n";
import { formatDate } from "../studio/StudioHistory";
import { useLedger } from "./queries";

export function LedgerLine({ entry }: { entry: LedgerEntry }) {
  const { t, lang } = useI18n();
  const key = `wallet.reason.${entry.reason}`;
  return (
    <li>
      <span className="ledger__reason">{isMessageKey(key) ? t(key) : entry.reason}</span>
      <time className="muted" dateTime={entry.created_at}>
        {formatDate(entry.created_at, lang)}
      </time>
      <span className={`ledger__delta ${entry.delta < 0 ? "is-minus" : "is-plus"}`}>
        {entry.delta > 0 ? `+${entry.delta}` : entry.delta}
      </span>
    </li>
  );
}

/** Every movement of my stars, newest first; more pages on demand. */
export function LedgerList() {
  const { t } = useI18n();
  const ledger = useLedger();
  const entries = ledger.data?.pages.flatMap((page) => page.items) ?? null;
  return (
    <section className="glass panel wallet-history" aria-labelledby="ledger-title">
      <h2 id="ledger-title">{t("wallet.history")}</h2>
      {ledger.error && (
        <p className="form-alert form-alert--error" role="alert">
          {errorMessage(ledger.error, t)}
        </p>
      )}
      {entries && entries.length === 0 && <p className="muted">{t("wallet.empty")}</p>}
      <ul className="ledger ledger--full" data-testid="ledger">
        {entries?.map((e) => (
          <LedgerLine key={e.id} entry={e} />
        ))}
      </ul>
      {ledger.hasNextPage && (
        <button
          type="button"
          className="btn btn--ghost btn--small wallet__more"
          disabled={ledger.isFetchingNextPage}
          onClick={() => void ledger.fetchNextPage()}
        >
          {ledger.isFetchingNextPage ? t("auth.busy") : t("wallet.loadMore")}
        </button>
      )}
    </section>
  );
}
