"""Buying stars over HTTP. The provider callbacks are plain GETs a browser reaches by a
top-level navigation back from KakaoPay, without our access token: they change an order only as
KakaoPay confirms server to server (docs/adr/0010-payments.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import RedirectResponse

from mygemini.auth import CurrentUser, ThrottledUser
from mygemini.core.context import Ctx
from mygemini.core.pagination import CursorParam, IdPath, LimitParam, decode_cursor, split_page
from mygemini.core.ratelimit import spend
from mygemini.core.transaction import TransactionalRoute, Uow
from mygemini.errors import error_responses
from mygemini.wallet import orders
from mygemini.wallet.order_schemas import (
    LedgerEntryPage,
    OrderIn,
    OrderOut,
    OrderPage,
    OrderStarted,
    PackageOut,
    ProvidersOut,
)
from mygemini.wallet.repository import WalletRepository
from mygemini.wallet.schemas import LedgerEntryOut

router = APIRouter(route_class=TransactionalRoute, tags=["wallet"])

TO_ORDER_PAGE: dict[int | str, dict[str, Any]] = {
    303: {
        "description": "To the web app's order page (/wallet/orders/{id})",
        "headers": {"Location": {"description": "The order page", "schema": {"type": "string"}}},
    }
}
PgToken = Annotated[str | None, Query(max_length=255, description="KakaoPay's approval token")]


async def _end_authentication(uow: Uow) -> None:
    # Reading the user began the request's transaction; the payment steps take their own short
    # ones around KakaoPay's round trips, and SQLite's write lock must not wait for those.
    await uow.commit()


@router.get("/wallet/packages")
async def list_packages(ctx: Ctx) -> list[PackageOut]:
    """The star packages on sale, cheapest first as configured."""
    return orders.packages(ctx.settings)


@router.get("/wallet/providers")
async def list_providers(ctx: Ctx) -> ProvidersOut:
    """Which providers take payments here: KakaoPay when set up, the test one outside
    production."""
    return orders.providers(ctx.settings)


@router.get("/wallet/entries", responses=error_responses(400))
async def list_entries(
    user: CurrentUser, uow: Uow, cursor: CursorParam = None, limit: LimitParam = 20
) -> LedgerEntryPage:
    """My ledger, newest first, a page at a time."""
    rows = await WalletRepository(uow.session).entries(user.id, decode_cursor(cursor), limit + 1)
    rows, next_cursor = split_page(rows, limit, lambda e: e.id)
    return LedgerEntryPage(
        items=[LedgerEntryOut.model_validate(e, from_attributes=True) for e in rows],
        next_cursor=next_cursor,
    )


@router.post("/wallet/orders", status_code=201, responses=error_responses(401, 422, 429, 502))
async def create_order(body: OrderIn, user: ThrottledUser, uow: Uow, ctx: Ctx) -> OrderStarted:
    """Buy a package: send the browser to `redirect_url` (PC) or `redirect_mobile_url`."""
    await _end_authentication(uow)
    return await orders.start(ctx, user.id, body.package_id, body.provider)


@router.get("/wallet/orders", responses=error_responses(400, 401))
async def list_orders(
    user: CurrentUser, uow: Uow, ctx: Ctx, cursor: CursorParam = None, limit: LimitParam = 20
) -> OrderPage:
    """My orders, newest first."""
    return await orders.page(uow, ctx, user.id, cursor, limit)


@router.get("/wallet/orders/{order_id}", responses=error_responses(401, 404))
async def read_order(order_id: IdPath, user: CurrentUser, uow: Uow, ctx: Ctx) -> OrderOut:
    """One of my orders (poll it until it leaves `created`/`ready`)."""
    return await orders.read(uow, ctx, user.id, order_id)


@router.post("/wallet/orders/{order_id}/refund", responses=error_responses(401, 404, 409, 429))
async def refund_order(order_id: IdPath, user: ThrottledUser, uow: Uow, ctx: Ctx) -> OrderOut:
    """Refund a purchase made within the refund window whose stars are all still here."""
    await _end_authentication(uow)
    return await orders.refund(ctx, user.id, order_id)


async def _callback_rate(order_id: IdPath, ctx: Ctx) -> None:
    """KakaoPay's callbacks carry no session, so they are limited per order: a stranger hammering
    an order with made-up `pg_token`s makes us call KakaoPay at most 5 times a second for it."""
    await spend(ctx.command_rate, f"kakaopay-callback:{order_id}")


CallbackRate = Depends(_callback_rate)


@router.get(
    "/wallet/orders/{order_id}/approve",
    status_code=303,
    response_class=RedirectResponse,
    responses={**TO_ORDER_PAGE, **error_responses(404, 429)},
    dependencies=[CallbackRate],
)
async def approve_callback(
    order_id: IdPath, ctx: Ctx, pg_token: PgToken = None
) -> RedirectResponse:
    """KakaoPay's `approval_url`: approve the payment server to server, credit once."""
    return RedirectResponse(await orders.approved_callback(ctx, order_id, pg_token), 303)


@router.get(
    "/wallet/orders/{order_id}/cancel",
    status_code=303,
    response_class=RedirectResponse,
    responses={**TO_ORDER_PAGE, **error_responses(404, 429)},
    dependencies=[CallbackRate],
)
async def cancel_callback(order_id: IdPath, ctx: Ctx) -> RedirectResponse:
    """KakaoPay's `cancel_url`: the person gave up paying."""
    return RedirectResponse(await orders.abandoned_callback(ctx, order_id), 303)


@router.get(
    "/wallet/orders/{order_id}/fail",
    status_code=303,
    response_class=RedirectResponse,
    responses={**TO_ORDER_PAGE, **error_responses(404, 429)},
    dependencies=[CallbackRate],
)
async def fail_callback(order_id: IdPath, ctx: Ctx) -> RedirectResponse:
    """KakaoPay's `fail_url`: the payment failed."""
    return RedirectResponse(await orders.abandoned_callback(ctx, order_id), 303)
