"""Password hashing (argon2) and access tokens (JWT). No business rules here."""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mygemini.core.cpus import usable_cores
from mygemini.core.pagination import MAX_ID


class Passwords:
    """argon2id at the configured cost, worked off the event loop (it is slow on purpose).

    One hash per usable core at a time; the rest wait their turn. Each holds its whole memory cost
    (64 MiB by default) while it runs, and CPU bounds them anyway. Through the shared thread pool
    80 logins at once ran 40 hashes side by side: +0.7-1.2 GiB resident, and a health check
    meanwhile waited 0.8-3.8 s (p50). In turns: +128-139 MiB, 10-15 ms, and the burst took as
    long (7.4-7.8 s on 2 cores; bench/login_burst.py)."""

    def __init__(self, *, time_cost: int, memory_kib: int, parallelism: int) -> None:
        self._hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism
        )
        self._turns = anyio.CapacityLimiter(usable_cores())
        # Verified against when the email is unknown, so both failures cost the same time.
        self._dummy = self._hasher.hash("not-a-real-password-0")

    async def hash(self, password: str) -> str:
        return await anyio.to_thread.run_sync(self._hasher.hash, password, limiter=self._turns)

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether a hash that verified was made at another cost than the configured one."""
        return self._hasher.check_needs_rehash(password_hash)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """A hash carries its own cost, so hashes made at another cost still verify."""

        def check() -> bool:
            try:
                verified = self._hasher.verify(password_hash or self._dummy, password)
            except (VerificationError, InvalidHashError):
                return False
            return verified and password_hash is not None

        return await anyio.to_thread.run_sync(check, limiter=self._turns)


ACCESS_TYPE = "access"


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


# Access tokens already verified, with their expiry: a signed-in reader sends the same token
# with every request for its whole life, and checking a JWT is most of what a read's "who asks"
# costs. A token's claims are fixed by its signature, so a verified one needs only its expiry
# checked again. Bounded: emptied when full.
_VERIFIED: dict[tuple[str, str], tuple[int, float]] = {}
VERIFIED_TOKENS_KEPT = 4096


def decode_access_token(token: str, secret: str) -> int | None:
    """The user id of a valid, unexpired access token; None for anything else."""
    if not token.isascii():
        # A JWT is ASCII. socket.io's auth can carry any text (a header cannot), and PyJWT
        # raises on text it cannot encode instead of refusing it.
        return None
    known = _VERIFIED.get((token, secret))
    if known is not None:
        user_id, expires = known
        if time.time() < expires:  # PyJWT: expired once `exp <= now`
            return user_id
        _VERIFIED.pop((token, secret), None)
        return None
    verified = _verify_ours(token, secret) or _verify_access_token(token, secret)
    if verified is None:
        return None
    if len(_VERIFIED) >= VERIFIED_TOKENS_KEPT:
        _VERIFIED.clear()
    _VERIFIED[(token, secret)] = verified
    return verified[0]


# The header segment of every token `create_access_token` signs (PyJWT's own encoding of it).
_OUR_HEADER = jwt.encode({}, "h" * 32, algorithm="HS256").split(".", 1)[0]
_OUR_CLAIMS = frozenset({"sub", "typ", "iat", "exp", "jti"})


def _verify_ours(token: str, secret: str) -> tuple[int, float] | None:
    """(user id, expiry) of a valid access token exactly as `create_access_token` writes it;
    None for anything else, which PyJWT then judges (`_verify_access_token`).

    PyJWT re-examines the key on every decode (is it PEM, SSH, DER, a JWK in JSON?) and spends
    ~0.1 ms on a token, the largest single cost of a follow (each new token is verified once).
    This accepts only what PyJWT would accept too: our header byte for byte, an HMAC-SHA256
    signature equal to the one we would write, and exactly our claims, unexpired and issued."""
    if not token.isascii():
        return None
    header, dot, rest = token.partition(".")
    payload, dot2, signature = rest.partition(".")
    if header != _OUR_HEADER or not dot or not dot2:
        return None
    # One call (OpenSSL's one-shot HMAC): no HMAC object built and copied per token.
    digest = hmac.digest(secret.encode(), f"{header}.{payload}".encode(), "sha256")
    expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    if not hmac.compare_digest(expected, signature):
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, binascii.Error, RecursionError):
        return None
    if not isinstance(claims, dict) or claims.keys() != _OUR_CLAIMS:
        return None
    exp, iat, now = claims["exp"], claims["iat"], time.time()
    # As PyJWT: expired once `exp <= now`, not valid yet while `iat > now`.
    if type(exp) is not int or type(iat) is not int or not iat <= now < exp:
        return None
    if not isinstance(claims["jti"], str) or claims["typ"] != ACCESS_TYPE:
        return None
    return _user_of(claims)


def _verify_access_token(token: str, secret: str) -> tuple[int, float] | None:
    """(user id, expiry) of a valid, unexpired access token."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token, secret, algorithms=["HS256"], options={"require": ["sub", "exp", "typ"]}
        )
    except jwt.PyJWTError:
        return None
    if claims.get("typ") != ACCESS_TYPE:
        return None
    return _user_of(claims)


def _user_of(claims: dict[str, Any]) -> tuple[int, float] | None:
    sub = claims["sub"]
    # Ids are database integers: a larger number names nobody, and would overflow the driver
    # (a 500) instead of simply matching no row.
    if not isinstance(sub, str) or not sub.isascii() or not sub.isdigit() or len(sub) > 10:
        return None
    user_id = int(sub)
    if not 0 < user_id <= MAX_ID:
        return None
    return user_id, float(claims["exp"])


def load_or_create_secret(path: Path) -> str:
    """The secret kept in `path`, made (random, readable by this user alone) on first use.

    Several processes may start at once: the first to link its file into place wins, the others
    read what it wrote, so every process of one data directory signs with the same secret.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(48))
            with contextlib.suppress(FileExistsError):
                os.link(draft, path)
        finally:
            draft.unlink(missing_ok=True)
    secret = path.read_text().strip()
    if len(secret) < 32:
        raise RuntimeError(f"{path} holds no usable secret; delete it to make a new one")
    return secret


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
