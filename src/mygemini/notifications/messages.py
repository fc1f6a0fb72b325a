"""What the notifications domain pushes to a person's sockets."""

from __future__ import annotations

from mygemini.core.realtime import ServerEvent
from mygemini.notifications.kinds import NotificationOut


class NotificationNew(NotificationOut, ServerEvent):
    """A notification just stored: the same shape (and the same models) as an item of the inbox."""

    event = "notification.new"
