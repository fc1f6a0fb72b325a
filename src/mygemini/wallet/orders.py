"""Buying stars: packages, orders, the provider's callbacks and refunds
(docs/adr/0010-payments.md)."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from mygemini.config import Settings, StarPackage
from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.pagination import decode_cursor, split_page
from mygemini.models.orders import OrderProvider, OrderStatus, StarOrder
from mygemini.wallet import service as wallet
from mygemini.wallet import settlement
from mygemini.wallet.errors import (
    InsufficientStars,
    NotRefundable,
    OrderNotFound,
    PaymentProviderError,
    PaymentProviderUnavailable,
    UnknownPackage,
)
from mygemini.wallet.kakaopay import KakaoPayError
from mygemini.wallet.order_repository import OrderRepository
from mygemini.wallet.order_schemas import (
    OrderOut,
    OrderPage,
    OrderStarted,
    PackageOut,
    ProvidersOut,
)

log = logging.getLogger(__name__)

# The web app's page for one order: where every provider callback ends.
ORDER_PAGE = "/wallet/orders/{id}"


def packages(settings: Settings) -> list[PackageOut]:
    return [
        PackageOut(id=p.id, stars=p.stars, price_krw=p.price_krw)
        for p in settings.payments.packages
    ]


def providers(settings: Settings) -> ProvidersOut:
    return ProvidersOut(
        kakaopay=settings.payments.kakaopay.enabled, test=settings.test_payments_allowed
    )


def _package(settings: Settings, package_id: str) -> StarPackage:
    for p in settings.payments.packages:
        if p.id == package_id:
            return p
    raise UnknownPackage(f"No star package {package_id!r}.")


def order_page_url(settings: Settings, order_id: int) -> str:
    return settings.public_url.rstrip("/") + ORDER_PAGE.format(id=order_id)


def _callback_url(settings: Settings, order_id: int, outcome: str) -> str:
    return f"{settings.public_url.rstrip('/')}/api/wallet/orders/{order_id}/{outcome}"


def _check_provider(settings: Settings, provider: OrderProvider) -> None:
    if provider is OrderProvider.TEST and not settings.test_payments_allowed:
        raise PaymentProviderUnavailable("The test payment provider is off on this server.")
    if provider is OrderProvider.KAKAOPAY and not settings.payments.kakaopay.enabled:
        raise PaymentProviderUnavailable("KakaoPay is not set up on this server.")


async def start(ctx: AppContext, user_id: int, package_id: str, provider: str) -> OrderStarted:
    """Make the order, then ask the provider to get a payment ready. Call it outside any
    transaction: it takes its own, around the call to KakaoPay."""
    settings = ctx.settings
    package = _package(settings, package_id)
    chosen = OrderProvider(provider)
    _check_provider(settings, chosen)
    async with ctx.db.unit_of_work() as uow:
        order = await OrderRepository(uow.session).add(
            StarOrder(
                user_id=user_id,
                partner_order_id=f"mygemini-{uuid.uuid4().hex}",
                provider=chosen,
                package_id=package.id,
                stars=package.stars,
                price_krw=package.price_krw,
                status=OrderStatus.CREATED,
            )
        )
        if chosen is OrderProvider.TEST:
            await settlement.credit(uow, ctx, order, OrderStatus.CREATED, package.price_krw)
    page = order_page_url(settings, order.id)
    if chosen is OrderProvider.TEST:
        return OrderStarted(
            id=order.id, status="approved", redirect_url=page, redirect_mobile_url=page
        )
    try:
        ready = await settlement.kakaopay(ctx).ready(
            partner_order_id=order.partner_order_id,
            partner_user_id=str(user_id),
            item_name=f"mygemini ★{package.stars}",
            total_amount=package.price_krw,
            approval_url=_callback_url(settings, order.id, "approve"),
            cancel_url=_callback_url(settings, order.id, "cancel"),
            fail_url=_callback_url(settings, order.id, "fail"),
        )
    except KakaoPayError as exc:
        log.warning("KakaoPay could not get order %s ready: %s", order.id, exc)
        async with ctx.db.unit_of_work() as uow:
            await OrderRepository(uow.session).move(
                order.id, (OrderStatus.CREATED,), OrderStatus.FAILED, settled_at=ctx.clock()
            )
        raise PaymentProviderError() from exc
    async with ctx.db.unit_of_work() as uow:
        await OrderRepository(uow.session).move(
            order.id,
            (OrderStatus.CREATED,),
            OrderStatus.READY,
            tid=ready.tid,
            redirect_url=ready.redirect_pc_url,
            redirect_mobile_url=ready.redirect_mobile_url,
        )
    return OrderStarted(
        id=order.id,
        status="ready",
        redirect_url=ready.redirect_pc_url,
        redirect_mobile_url=ready.redirect_mobile_url,
    )


async def _pending(ctx: AppContext, order_id: int) -> StarOrder | None:
    """The order if a callback may still settle it (a KakaoPay order in `ready`)."""
    async with ctx.db.read_only() as uow:
        order = await OrderRepository(uow.session).get(order_id)
        # Kept loaded: closing a read-only unit of work rolls back, which would expire it.
        uow.session.expunge_all()
    if order is None:
        raise OrderNotFound()
    if order.status != OrderStatus.READY or order.provider != OrderProvider.KAKAOPAY:
        return None
    return order if order.tid else None


async def approved_callback(ctx: AppContext, order_id: int, pg_token: str | None) -> str:
    """KakaoPay sent the browser back after payment; where to send it next."""
    order = await _pending(ctx, order_id)
    if order is not None and pg_token:
        await settlement.approve(ctx, order, pg_token)
    return order_page_url(ctx.settings, order_id)


async def abandoned_callback(ctx: AppContext, order_id: int) -> str:
    """KakaoPay sent the browser back after a cancel or a failure. The browser's word changes
    nothing: KakaoPay's status of the payment does."""
    order = await _pending(ctx, order_id)
    if order is not None:
        await settlement.settle_from_status(ctx, order, stale=False)
    return order_page_url(ctx.settings, order_id)


def _refund_refusal(settings: Settings, order: StarOrder, now: datetime) -> str | None:
    if order.status == OrderStatus.REFUNDED:
        return "This purchase was refunded already."
    if order.status != OrderStatus.APPROVED or order.approved_at is None:
        return "Only a completed purchase can be refunded."
    if now - order.approved_at > timedelta(days=settings.payments.refund_days):
        return f"Purchases can be refunded within {settings.payments.refund_days} days."
    return None


def _out(settings: Settings, order: StarOrder, balance: int, now: datetime) -> OrderOut:
    return OrderOut(
        id=order.id,
        status=OrderStatus(order.status).value,
        package_id=order.package_id,
        stars=order.stars,
        price_krw=order.price_krw,
        provider=OrderProvider(order.provider).value,
        created_at=order.created_at,
        approved_at=order.approved_at,
        refundable=_refund_refusal(settings, order, now) is None and balance >= order.stars,
    )


async def read(uow: UnitOfWork, ctx: AppContext, user_id: int, order_id: int) -> OrderOut:
    order = await OrderRepository(uow.session).owned(user_id, order_id)
    if order is None:
        raise OrderNotFound()
    return _out(ctx.settings, order, await wallet.balance(uow, user_id), ctx.clock())


async def page(
    uow: UnitOfWork, ctx: AppContext, user_id: int, cursor: str | None, limit: int
) -> OrderPage:
    rows = await OrderRepository(uow.session).page(user_id, decode_cursor(cursor), limit + 1)
    rows, next_cursor = split_page(rows, limit, lambda o: o.id)
    balance, now = await wallet.balance(uow, user_id), ctx.clock()
    return OrderPage(
        items=[_out(ctx.settings, o, balance, now) for o in rows], next_cursor=next_cursor
    )


async def refund(ctx: AppContext, user_id: int, order_id: int) -> OrderOut:
    """Take the stars back and give the money back. The stars leave in one transaction with the
    status (once: the ledger key is the order); KakaoPay's cancel follows, and when KakaoPay is
    down the reconciler repeats it until it goes through."""
    now = ctx.clock()
    async with ctx.db.unit_of_work() as uow:
        orders = OrderRepository(uow.session)
        order = await orders.owned(user_id, order_id)
        if order is None:
            raise OrderNotFound()
        refusal = _refund_refusal(ctx.settings, order, now)
        if refusal is not None:
            raise NotRefundable(refusal)
        at_provider = order.provider == OrderProvider.KAKAOPAY
        amount = order.approved_amount or order.price_krw
        if not await orders.move(
            order.id,
            (OrderStatus.APPROVED,),
            OrderStatus.REFUNDED,
            settled_at=now,
            provider_cancel_amount=amount if at_provider else None,
        ):
            raise NotRefundable("This purchase was refunded already.")
        reference = f"order:{order.id}"
        try:
            await wallet.move(
                uow, user_id, -order.stars, "purchase_refund", reference, f"{reference}:refund"
            )
        except InsufficientStars as exc:
            raise NotRefundable("Some of the stars bought were spent already.") from exc
    if at_provider:
        await settlement.cancel_at_provider(ctx, order, amount)
    async with ctx.db.read_only() as uow:
        return await read(uow, ctx, user_id, order_id)
