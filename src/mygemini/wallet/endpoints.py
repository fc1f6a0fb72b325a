from __future__ import annotations

from fastapi import APIRouter

from mygemini.auth import CurrentUser
from mygemini.core.pagination import CursorParam, LimitParam
from mygemini.core.transaction import TransactionalRoute, Uow
from mygemini.errors import error_responses
from mygemini.wallet import service
from mygemini.wallet.order_endpoints import router as order_router
from mygemini.wallet.schemas import WalletOut

router = APIRouter(route_class=TransactionalRoute, tags=["wallet"])


@router.get("/wallet", responses=error_responses(400))
async def read_wallet(
    user: CurrentUser, uow: Uow, cursor: CursorParam = None, limit: LimitParam = 20
) -> WalletOut:
    """My star balance and ledger, newest first."""
    return await service.statement(uow, user.id, cursor, limit)


# Buying stars: packages, orders, KakaoPay's callbacks, refunds and the ledger's own pages.
router.include_router(order_router)
