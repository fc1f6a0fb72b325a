from __future__ import annotations

from fastapi import APIRouter

from mygemini.auth import CurrentViewer
from mygemini.core.pagination import CursorParam, LimitParam
from mygemini.core.transaction import TransactionalRoute, Uow
from mygemini.errors import error_responses
from mygemini.notifications import service
from mygemini.notifications.schemas import MarkRead, NotificationPage, UnreadCount

router = APIRouter(route_class=TransactionalRoute, prefix="/notifications", tags=["notifications"])


@router.get("", responses=error_responses(400))
async def inbox(
    user: CurrentViewer, uow: Uow, cursor: CursorParam = None, limit: LimitParam = 20
) -> NotificationPage:
    """My notifications, newest first."""
    return await service.inbox(uow, user.id, cursor, limit)


@router.get("/unread-count")
async def unread_count(user: CurrentViewer, uow: Uow) -> UnreadCount:
    """How many of my notifications are unread."""
    return await service.unread_count(uow, user.id)


@router.post("/read")
async def mark_read(body: MarkRead, user: CurrentViewer, uow: Uow) -> UnreadCount:
    """Mark some (`ids`) or all (`all: true`) of my notifications read."""
    return await service.mark_read(uow, user.id, body)
