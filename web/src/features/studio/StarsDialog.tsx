import { useId } from "react";
import { Link } from "react-router-dom";
import { Modal } from "../../ui/Modal";
import { useI18n } from "../../i18n";

/** "별조각이 부족합니다": what it costs, what you have, and the way to more. */
export function StarsDialog({
  open,
  onClose,
  cost,
  balance,
}: {
  open: boolean;
  onClose: () => void;
  cost: number;
  balance: number;
}) {
  const { t } = useI18n();
  const bodyId = useId();
  return (
    <Modal open={open} onClose={onClose} title={t("stars.needTitle")} describedBy={bodyId} className="stars-dialog">
      <div className="stars-dialog__art" aria-hidden="true">
        <span className="stars-dialog__shard">✦</span>
        <span className="stars-dialog__shard stars-dialog__shard--2">✧</span>
        <span className="stars-dialog__shard stars-dialog__shard--3">✦</span>
      </div>
      <p id={bodyId}>{t("stars.needBody", { cost, balance })}</p>
      <p className="muted">{t("stars.soon")}</p>
      <div className="modal__actions">
        <Link className="btn btn--gold" to="/wallet" onClick={onClose}>
          {t("stars.buy")}
        </Link>
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t("stars.close")}
        </button>
      </div>
    </Modal>
  );
}
