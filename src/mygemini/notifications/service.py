from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, NamedTuple

from pydantic import ValidationError

from mygemini.core.db import UnitOfWork
from mygemini.core.driver import DriverTx
from mygemini.core.pagination import decode_cursor, split_page
from mygemini.core.realtime import Realtime, user_room
from mygemini.models import Notification
from mygemini.models.base import utcnow
from mygemini.notifications.kinds import NotificationOut, Payload
from mygemini.notifications.messages import NotificationNew
from mygemini.notifications.repository import NotificationRepository, NotificationWrites
from mygemini.notifications.schemas import MarkRead, NotificationPage, UnreadCount

log = logging.getLogger(__name__)


class Stored(NamedTuple):
    """A notification `store` wrote: whose, and the push that tells them."""

    user_id: int
    message: NotificationNew


async def notify(uow: UnitOfWork, realtime: Realtime, user_id: int, payload: Payload) -> int:
    """Store a notification and push it to the person's sockets once the transaction commits;
    its id."""
    body = payload.model_dump(mode="json")
    created_at = utcnow()
    note_id = await NotificationRepository(uow.session).add(user_id, payload.kind, body, created_at)
    realtime.send(uow, _new(note_id, payload.kind, body, created_at), room=user_room(user_id))
    return note_id


async def store(tx: DriverTx, user_id: int, payload: Payload, created_at: datetime) -> Stored:
    """Store a notification in a transaction on the driver (`Database.on_driver`); what to push
    (`push_stored`) once that has committed."""
    body = payload.model_dump(mode="json")
    note_id = await NotificationWrites(tx).add(user_id, payload.kind, body, created_at)
    return Stored(user_id, _new(note_id, payload.kind, body, created_at))


async def push_stored(realtime: Realtime, stored: Stored) -> None:
    """Push a notification `store` wrote, after its transaction committed (`Database.on_driver`'s
    `then`, which logs a failure)."""
    await realtime.push(stored.message, room=user_room(stored.user_id))


def _new(note_id: int, kind: str, body: dict[str, Any], created_at: datetime) -> NotificationNew:
    # The same item the inbox will read back (unread, this instant), typed by its kind.
    item = {"id": note_id, "kind": kind, "payload": body, "created_at": created_at, "read": False}
    return NotificationNew.model_validate(item)


def _item(note: Notification) -> dict[str, object]:
    return {
        "id": note.id,
        "kind": note.kind,
        "payload": note.payload,
        "created_at": note.created_at,
        "read": note.read_at is not None,
    }


def _readable(note: Notification) -> NotificationOut | None:
    try:
        return NotificationOut.model_validate(_item(note))
    except ValidationError:
        # A row of a kind this version does not know (written by a newer one during a rolling
        # upgrade, say) is left out of the page rather than failing the whole inbox.
        log.warning("notification %s of kind %r is not readable; left out", note.id, note.kind)
        return None


async def inbox(uow: UnitOfWork, user_id: int, cursor: str | None, limit: int) -> NotificationPage:
    rows = await NotificationRepository(uow.session).page(user_id, decode_cursor(cursor), limit + 1)
    rows, next_cursor = split_page(rows, limit, lambda n: n.id)
    return NotificationPage(
        items=[item for n in rows if (item := _readable(n)) is not None],
        next_cursor=next_cursor,
    )


async def unread_count(uow: UnitOfWork, user_id: int) -> UnreadCount:
    return UnreadCount(unread=await NotificationRepository(uow.session).unread(user_id))


async def mark_read(uow: UnitOfWork, user_id: int, body: MarkRead) -> UnreadCount:
    repo = NotificationRepository(uow.session)
    await repo.mark_read(user_id, None if body.all else body.ids, utcnow())
    return UnreadCount(unread=await repo.unread(user_id))
