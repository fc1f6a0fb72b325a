"""Password hashing (argon2) and access tokens (JWT). No business rules here."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio.to_thread
import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verified against when the email is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password-0")

ACCESS_TYPE = "access"


async def hash_password(password: str) -> str:
    # argon2 is deliberately slow; keep it off the event loop.
    return await anyio.to_thread.run_sync(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    def check() -> bool:
        try:
            return (
                _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
            )
        except (VerificationError, InvalidHashError):
            return False

    return await anyio.to_thread.run_sync(check)


def create_access_token(user_id: int, secret: str, minutes: int) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "typ": ACCESS_TYPE,
        "iat": now,
        "exp": now + timedelta(minutes=minutes),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def decode_access_token(token: str, secret: str) -> int | None:
    """The user id of a valid, unexpired access token; None for anything else."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token, secret, algorithms=["HS256"], options={"require": ["sub", "exp", "typ"]}
        )
    except jwt.PyJWTError:
        return None
    if claims.get("typ") != ACCESS_TYPE:
        return None
    try:
        return int(claims["sub"])
    except (TypeError, ValueError):
        return None


def new_opaque_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_short_lived(payload: dict[str, Any], secret: str, seconds: int, audience: str) -> str:
    """A small signed blob for round-trips through the browser (e.g. OAuth state)."""
    now = datetime.now(UTC)
    return jwt.encode(
        {**payload, "aud": audience, "iat": now, "exp": now + timedelta(seconds=seconds)},
        secret,
        algorithm="HS256",
    )


def read_short_lived(token: str, secret: str, audience: str) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = jwt.decode(token, secret, algorithms=["HS256"], audience=audience)
    except jwt.PyJWTError:
        return None
    return data
