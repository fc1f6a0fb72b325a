"""Every table, imported here so Alembic and the app see one metadata."""

from mygemini.models.base import Base
from mygemini.models.notifications import Notification
from mygemini.models.social import Follow
from mygemini.models.users import OAuthIdentity, RefreshToken, User

__all__ = ["Base", "Follow", "Notification", "OAuthIdentity", "RefreshToken", "User"]
