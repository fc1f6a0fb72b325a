"""Every table, imported here so Alembic and the app see one metadata."""

from mygemini.models.base import Base
from mygemini.models.gallery import (
    Fourcut,
    FourcutStatus,
    Gemini,
    GeminiAttribute,
    Like,
    RankingSnapshot,
    Save,
)
from mygemini.models.notifications import Notification
from mygemini.models.orders import OrderProvider, OrderStatus, StarOrder
from mygemini.models.pipeline import Generation, GenerationStatus, Purpose
from mygemini.models.social import Follow
from mygemini.models.tabletop import Room, RoomEvent, RoomMember
from mygemini.models.users import OAuthIdentity, OAuthStateUse, RefreshToken, User
from mygemini.models.wallet import LedgerEntry, Wallet

__all__ = [
    "Base",
    "Follow",
    "Fourcut",
    "FourcutStatus",
    "Gemini",
    "GeminiAttribute",
    "Generation",
    "GenerationStatus",
    "LedgerEntry",
    "Like",
    "Notification",
    "OAuthIdentity",
    "OAuthStateUse",
    "OrderProvider",
    "OrderStatus",
    "Purpose",
    "RankingSnapshot",
    "RefreshToken",
    "Room",
    "RoomEvent",
    "RoomMember",
    "Save",
    "StarOrder",
    "User",
    "Wallet",
]
