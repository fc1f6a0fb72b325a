import { useId, useState } from "react";
import { Link } from "react-router-dom";
import { errorMessage } from "../../api/errors";
import type { StarOrder } from "../../api/client";
import { useI18n } from "../../i18n";
import { Modal } from "../../ui/Modal";
import { formatDate } from "../studio/StudioHistory";
import { formatKrw } from "./money";
import { useOrders, useRefund } from "./queries";

export function OrderStatusBadge({ status }: { status: StarOrder["status"] }) {
  const { t } = useI18n();
  return <span className={`status-badge order-status order-status--${status}`}>{t(`order.status.${status}`)}</span>;
}

function RefundDialog({ order, onClose }: { order: StarOrder | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const bodyId = useId();
  const refund = useRefund();
  return (
    <Modal open={order !== null} onClose={onClose} title={t("wallet.refund")} describedBy={bodyId}>
      {order && (
        <>
          <p id={bodyId}>
            {t("wallet.refundConfirm", { stars: order.stars, price: formatKrw(order.price_krw, lang) })}
          </p>
          {refund.error && (
            <p className="form-alert form-alert--error" role="alert">
              {errorMessage(refund.error, t)}
            </p>
          )}
          <div className="modal__actions">
            <button
              type="button"
              className="btn btn--gold"
              disabled={refund.isPending}
              onClick={() => refund.mutate(order.id, { onSuccess: onClose })}
            >
              {refund.isPending ? t("wallet.refunding") : t("wallet.refund")}
            </button>
            <button type="button" className="btn btn--ghost" onClick={onClose}>
              {t("stars.close")}
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}

/** My purchases with their states; one still refundable offers its refund. */
export function OrderList() {
  const { t, lang } = useI18n();
  const orders = useOrders();
  const items = orders.data?.pages.flatMap((page) => page.items) ?? null;
  const [refunding, setRefunding] = useState<StarOrder | null>(null);
  return (
    <section className="glass panel wallet-orders" aria-labelledby="orders-title">
      <h2 id="orders-title">{t("wallet.orders")}</h2>
      {orders.error && (
        <p className="form-alert form-alert--error" role="alert">
          {errorMessage(orders.error, t)}
        </p>
      )}
      {items && items.length === 0 && <p className="muted">{t("wallet.ordersEmpty")}</p>}
      <ul className="orders" data-testid="orders">
        {items?.map((o) => (
          <li key={o.id} className="order-row" data-testid={`order-${o.id}`}>
            <Link className="order-row__what" to={`/wallet/orders/${o.id}`}>
              <span className="order-row__stars">✦ {o.stars}</span>
              <span className="muted">{formatKrw(o.price_krw, lang)}</span>
              {o.provider === "test" && <span className="order-row__test">{t("wallet.testPay")}</span>}
            </Link>
            <time className="muted" dateTime={o.created_at}>
              {formatDate(o.created_at, lang)}
            </time>
            <OrderStatusBadge status={o.status} />
            {o.refundable && (
              <button type="button" className="btn btn--ghost btn--small" onClick={() => setRefunding(o)}>
                {t("wallet.refund")}
              </button>
            )}
          </li>
        ))}
      </ul>
      {orders.hasNextPage && (
        <button
          type="button"
          className="btn btn--ghost btn--small wallet__more"
          disabled={orders.isFetchingNextPage}
          onClick={() => void orders.fetchNextPage()}
        >
          {orders.isFetchingNextPage ? t("auth.busy") : t("wallet.loadMore")}
        </button>
      )}
      <RefundDialog order={refunding} onClose={() => setRefunding(null)} />
    </section>
  );
}
