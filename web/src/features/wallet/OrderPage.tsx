import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Link, useParams } from "react-router-dom";
import { errorMessage } from "../../api/errors";
import type { StarOrder } from "../../api/client";
import { Loading } from "../../app/Guards";
import { useI18n } from "../../i18n";
import { useTitle } from "../../ui/useTitle";
import { useAuth } from "../accounts/auth";
import { formatKrw } from "./money";
import { OrderStatusBadge } from "./OrderList";
import { isPending, starsMoved, useOrder } from "./queries";
import "./wallet.css";

function Outcome({ order }: { order: StarOrder }) {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const price = formatKrw(order.price_krw, lang);
  switch (order.status) {
    case "created":
    case "ready":
      return (
        <div className="order-outcome" role="status">
          <span className="order-outcome__orbit" aria-hidden="true" />
          <h1>{t("order.pendingTitle")}</h1>
          <p className="muted">{t("order.pendingBody")}</p>
        </div>
      );
    case "approved":
      return (
        <div className="order-outcome order-outcome--approved" role="status">
          <span className="order-outcome__shard" aria-hidden="true">
            ✦
          </span>
          <h1>{t("order.approvedTitle", { stars: order.stars })}</h1>
          <p data-testid="order-balance">{t("order.approvedBody", { balance: me?.stars ?? 0 })}</p>
        </div>
      );
    case "refunded":
      return (
        <div className="order-outcome" role="status">
          <h1>{t("order.refundedTitle")}</h1>
          <p className="muted">{t("order.refundedBody", { stars: order.stars, price })}</p>
        </div>
      );
    default:
      return (
        <div className="order-outcome order-outcome--off" role="status">
          <span className="order-outcome__shard" aria-hidden="true">
            ✧
          </span>
          <h1>{t(order.status === "cancelled" ? "order.cancelledTitle" : "order.failedTitle")}</h1>
          <p className="muted">{t(order.status === "cancelled" ? "order.cancelledBody" : "order.failedBody")}</p>
        </div>
      );
  }
}

/**
 * /wallet/orders/:id — where KakaoPay sends the browser back. The order may still be waiting for
 * KakaoPay's word: ask again until it settles, then read the balance again.
 */
export function OrderPage() {
  const { t, lang } = useI18n();
  const id = Number(useParams().id);
  const order = useOrder(Number.isSafeInteger(id) && id > 0 ? id : 0);
  const queryClient = useQueryClient();
  useTitle(t("wallet.orderTitle", { id }));
  const settled = order.data && !isPending(order.data.status) ? order.data.status : null;
  // The balance moved while we were away (or as we watched): read it once the order settles.
  const told = useRef<string | null>(null);
  useEffect(() => {
    if (settled && told.current !== settled) {
      told.current = settled;
      starsMoved(queryClient);
    }
  }, [settled, queryClient]);

  return (
    <div className="order-page">
      <Link to="/wallet" className="order-page__back">
        ← {t("wallet.back")}
      </Link>
      <section className="glass panel order-card" data-testid="order-card" data-status={order.data?.status}>
        {order.error && (
          <p className="form-alert form-alert--error" role="alert">
            {errorMessage(order.error, t)}
          </p>
        )}
        {!order.data && !order.error && <Loading />}
        {order.data && (
          <>
            <Outcome order={order.data} />
            <dl className="order-card__facts">
              <dt>{t("wallet.orderTitle", { id: order.data.id })}</dt>
              <dd>
                <OrderStatusBadge status={order.data.status} />
              </dd>
              <dt>{t("wallet.stars", { count: order.data.stars })}</dt>
              <dd>{formatKrw(order.data.price_krw, lang)}</dd>
              <dt>{t("wallet.payWith")}</dt>
              <dd>{order.data.provider === "test" ? t("wallet.testPay") : t("wallet.kakaopay")}</dd>
            </dl>
            {settled && (
              <div className="order-card__actions">
                {settled === "approved" ? (
                  <Link className="btn btn--gold" to="/studio">
                    {t("order.toStudio")}
                  </Link>
                ) : (
                  <Link className="btn btn--gold" to="/wallet">
                    {t("order.tryAgain")}
                  </Link>
                )}
                <Link className="btn btn--ghost" to="/wallet">
                  {t("wallet.back")}
                </Link>
              </div>
            )}
          </>
        )}
      </section>
    </div>
  );
}
