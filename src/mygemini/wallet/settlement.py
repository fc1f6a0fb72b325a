"""How an order ends: what KakaoPay says decides, our row says who and how much.

The browser brings back only a `pg_token` (or nothing, on cancel/fail); the tid, the partner
ids and the price always come from the order row. Every outcome is one conditional move out of
`ready`, so an approval replayed ten times, a cancel racing it and the reconciler all end in the
same single state, and the stars are credited once (the ledger key is the order, too).

No transaction is held open across a call to KakaoPay: each step takes its own short one.
"""

from __future__ import annotations

import logging

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.models.orders import OrderStatus, StarOrder
from mygemini.notifications.kinds import StarsPurchased
from mygemini.notifications.service import notify
from mygemini.wallet import service as wallet
from mygemini.wallet.kakaopay import (
    APPROVED,
    CANCELLED,
    FAILED,
    RETRYABLE,
    KakaoPay,
    KakaoPayError,
)
from mygemini.wallet.order_repository import OrderRepository

log = logging.getLogger(__name__)


def kakaopay(ctx: AppContext) -> KakaoPay:
    return KakaoPay(ctx.settings.payments.kakaopay)


async def credit(
    uow: UnitOfWork, ctx: AppContext, order: StarOrder, from_: OrderStatus, amount: int
) -> bool:
    """Approve the order and credit its stars, in the caller's transaction; False (and nothing
    done) when another caller settled it first."""
    moved = await OrderRepository(uow.session).move(
        order.id, (from_,), OrderStatus.APPROVED, approved_amount=amount, approved_at=ctx.clock()
    )
    if not moved:
        return False
    reference = f"order:{order.id}"
    entry = await wallet.move(
        uow, order.user_id, order.stars, "purchase", reference, f"{reference}:credit"
    )
    await notify(
        uow,
        ctx.realtime,
        order.user_id,
        StarsPurchased(order_id=order.id, stars=order.stars, balance=entry.balance_after),
    )
    return True


async def settle_approved(ctx: AppContext, order: StarOrder, total: int | None) -> None:
    """KakaoPay says it charged `total`: credit if that is the price, else refuse and cancel."""
    if total != order.price_krw:
        log.error(
            "PAYMENT AMOUNT MISMATCH: order %s (tid %s) was approved by KakaoPay for %s KRW but "
            "its package costs %s KRW; nothing credited, the order fails and the payment is "
            "cancelled",
            order.id,
            order.tid,
            total,
            order.price_krw,
        )
        refund = total if total is not None else order.price_krw
        async with ctx.db.unit_of_work() as uow:
            moved = await OrderRepository(uow.session).move(
                order.id,
                (OrderStatus.READY,),
                OrderStatus.FAILED,
                approved_amount=total,
                settled_at=ctx.clock(),
                provider_cancel_amount=refund,
            )
        if moved:
            await cancel_at_provider(ctx, order, refund)
        return
    async with ctx.db.unit_of_work() as uow:
        if await credit(uow, ctx, order, OrderStatus.READY, total):
            log.info("order %s approved: %s stars for %s KRW", order.id, order.stars, total)
            return
        # Settled already. If as cancelled or failed (the reconciler gave up on it while the
        # approval was on its way), KakaoPay holds money we credited nothing for: give it back.
        owed = await OrderRepository(uow.session).owe_cancel(
            order.id, (OrderStatus.CANCELLED, OrderStatus.FAILED), total
        )
    if owed:
        log.error(
            "order %s was approved at KakaoPay after it had been given up; cancelling the payment",
            order.id,
        )
        await cancel_at_provider(ctx, order, total)


async def settle_from_status(ctx: AppContext, order: StarOrder, *, stale: bool) -> None:
    """Ask KakaoPay how the payment stands and settle the order to match. A payment still in
    progress is left alone unless `stale` (past KakaoPay's own time limit): then nobody will
    pay it any more and it is cancelled."""
    assert order.tid is not None
    try:
        payment = await kakaopay(ctx).order(tid=order.tid)
    except KakaoPayError as exc:
        log.warning("could not read order %s at KakaoPay (%s); trying later", order.id, exc)
        return
    if payment.status in APPROVED:
        await settle_approved(ctx, order, payment.total)
        return
    if payment.status in RETRYABLE and not stale:
        return
    if payment.status in FAILED:
        to = OrderStatus.FAILED
    elif payment.status in CANCELLED or stale:
        to = OrderStatus.CANCELLED
    else:
        return
    async with ctx.db.unit_of_work() as uow:
        if await OrderRepository(uow.session).move(
            order.id, (OrderStatus.READY,), to, settled_at=ctx.clock()
        ):
            log.info("order %s %s (KakaoPay: %s)", order.id, to, payment.status)


async def approve(ctx: AppContext, order: StarOrder, pg_token: str) -> None:
    """The browser came back from KakaoPay with `pg_token`: approve server to server. When the
    approval fails or its answer is lost, KakaoPay's status of the payment decides."""
    assert order.tid is not None
    try:
        payment = await kakaopay(ctx).approve(
            tid=order.tid,
            partner_order_id=order.partner_order_id,
            partner_user_id=str(order.user_id),
            pg_token=pg_token,
        )
    except KakaoPayError as exc:
        # Already approved by a replay, a wrong token, or no answer: ask what really happened.
        log.warning("approving order %s failed (%s); reading its status", order.id, exc)
        await settle_from_status(ctx, order, stale=False)
        return
    await settle_approved(ctx, order, payment.total)


async def cancel_at_provider(ctx: AppContext, order: StarOrder, amount: int) -> bool:
    """Give `amount` back at KakaoPay; the reconciler tries again until this succeeds."""
    assert order.tid is not None
    try:
        await kakaopay(ctx).cancel(tid=order.tid, amount=amount)
    except KakaoPayError as exc:
        log.warning("cancelling order %s at KakaoPay failed (%s); will retry", order.id, exc)
        return False
    async with ctx.db.unit_of_work() as uow:
        await OrderRepository(uow.session).provider_cancelled(order.id, ctx.clock())
    return True
