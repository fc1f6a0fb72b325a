"""Accounts: users, their external sign-in identities and refresh-token families."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mygemini.models.base import Base, CreatedAt, utcnow


class User(CreatedAt, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased; NULL for an OAuth account whose provider gave no usable email.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    nickname: Mapped[str] = mapped_column(String(20))
    # casefolded nickname: uniqueness is case-insensitive on every database.
    nickname_key: Mapped[str] = mapped_column(String(20), unique=True)
    bio: Mapped[str] = mapped_column(String(255), default="", server_default="")
    # A starter portrait id ("aries") until a gemini can be chosen as avatar.
    avatar: Mapped[str | None] = mapped_column(String(64))
    onboarded: Mapped[bool] = mapped_column(default=False, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class OAuthIdentity(CreatedAt, Base):
    __tablename__ = "oauth_identities"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(254))


class OAuthStateUse(Base):
    """A sign-in state that came back once: a second callback with it (a copied cookie, a
    replayed URL) is refused before the code is traded. Rows past `expires_at` are pruned."""

    __tablename__ = "oauth_state_uses"

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class RefreshToken(CreatedAt, Base):
    """One link of a rotating family; only the SHA-256 of the opaque token is stored."""

    __tablename__ = "refresh_tokens"
    __table_args__ = (Index("ix_refresh_tokens_family", "family_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[str] = mapped_column(String(36))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("refresh_tokens.id", ondelete="CASCADE")
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    rotated_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
