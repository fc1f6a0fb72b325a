"""Periodic: settle orders nobody came back for, and give back money we still owe.

An order still `created` or `ready` past `reconcile_after_minutes` (KakaoPay's own payment
window is 15 minutes) is settled by asking KakaoPay: approved there → credited once; anything
else → cancelled or failed. A refund or a refused amount whose cancel at KakaoPay did not go
through is cancelled again, unless KakaoPay says it is cancelled already."""

from __future__ import annotations

import logging
from datetime import timedelta

from mygemini.core.context import AppContext
from mygemini.models.orders import OrderProvider, OrderStatus, StarOrder
from mygemini.wallet import settlement
from mygemini.wallet.kakaopay import CANCELLED, KakaoPayError
from mygemini.wallet.order_repository import OrderRepository

log = logging.getLogger(__name__)

BATCH = 100


async def reconcile(ctx: AppContext) -> None:
    cutoff = ctx.clock() - timedelta(minutes=ctx.settings.payments.reconcile_after_minutes)
    async with ctx.db.read_only() as uow:
        orders = OrderRepository(uow.session)
        stuck = list(await orders.stuck((OrderStatus.CREATED, OrderStatus.READY), cutoff, BATCH))
        owed = list(await orders.owed_cancels(BATCH))
        # Kept loaded: closing a read-only unit of work rolls back, which would expire them.
        uow.session.expunge_all()
    for order in stuck:
        await _settle_stuck(ctx, order)
    for order in owed:
        await _cancel_again(ctx, order)


async def _settle_stuck(ctx: AppContext, order: StarOrder) -> None:
    if order.status == OrderStatus.READY and order.provider == OrderProvider.KAKAOPAY and order.tid:
        await settlement.settle_from_status(ctx, order, stale=True)
        return
    # Never got as far as KakaoPay (the process stopped between the row and `ready`).
    async with ctx.db.unit_of_work() as uow:
        if await OrderRepository(uow.session).move(
            order.id,
            (OrderStatus.CREATED, OrderStatus.READY),
            OrderStatus.FAILED,
            settled_at=ctx.clock(),
        ):
            log.info("order %s never reached the payment provider; failed", order.id)


async def _cancel_again(ctx: AppContext, order: StarOrder) -> None:
    if order.tid is None or order.provider_cancel_amount is None:
        return
    try:
        payment = await settlement.kakaopay(ctx).order(tid=order.tid)
    except KakaoPayError as exc:
        log.warning("could not read order %s at KakaoPay (%s); trying later", order.id, exc)
        return
    if payment.status in CANCELLED:
        # The earlier cancel went through; only its answer was lost.
        async with ctx.db.unit_of_work() as uow:
            await OrderRepository(uow.session).provider_cancelled(order.id, ctx.clock())
        return
    await settlement.cancel_at_provider(ctx, order, order.provider_cancel_amount)
