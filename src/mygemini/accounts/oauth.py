"""Sign-in with Google and Kakao over OpenID Connect (authorization code + PKCE + nonce).

The provider is found through its discovery document, so a test can point a provider at a small
local OIDC server. State, nonce and the PKCE verifier travel in a short-lived signed cookie.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
from authlib.integrations.httpx_client import AsyncOAuth2Client

from mygemini.accounts import errors
from mygemini.accounts.repository import UserRepository
from mygemini.accounts.rules import is_valid_nickname, nickname_key, normalize_nickname
from mygemini.accounts.service import IssuedSession, open_session
from mygemini.config import OAuthProviderSettings
from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.security import read_short_lived, sign_short_lived
from mygemini.models import OAuthIdentity, User
from mygemini.wallet.service import open_wallet

log = logging.getLogger(__name__)

PROVIDERS = ("google", "kakao")
STATE_COOKIE = "mygemini_oauth"
STATE_AUDIENCE = "mygemini-oauth-state"
STATE_SECONDS = 600
_HTTP_TIMEOUT = 10.0

_metadata_cache: dict[str, dict[str, Any]] = {}


def enabled_providers(ctx: AppContext) -> list[str]:
    return [p for p in PROVIDERS if getattr(ctx.settings.oauth, p).enabled]


def _provider(ctx: AppContext, name: str) -> OAuthProviderSettings:
    if name not in PROVIDERS:
        raise errors.UnknownProvider()
    settings: OAuthProviderSettings = getattr(ctx.settings.oauth, name)
    if not settings.enabled:
        raise errors.UnknownProvider()
    return settings


async def _metadata(settings: OAuthProviderSettings) -> dict[str, Any]:
    cached = _metadata_cache.get(settings.metadata_url)
    if cached is not None:
        return cached
    try:
        async with httpx.AsyncClient(timeout=_HTTP_TIMEOUT) as http:
            resp = await http.get(settings.metadata_url)
            resp.raise_for_status()
            meta: dict[str, Any] = resp.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise errors.OAuthFailed("The sign-in provider could not be reached.") from exc
    _metadata_cache[settings.metadata_url] = meta
    return meta


def _client(ctx: AppContext, name: str, settings: OAuthProviderSettings) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scope=settings.scope,
        redirect_uri=f"{ctx.settings.public_url.rstrip('/')}/api/auth/oauth/{name}/callback",
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_post",
        timeout=_HTTP_TIMEOUT,
    )


async def start(ctx: AppContext, name: str) -> tuple[str, str]:
    """(URL to send the browser to, signed state cookie value)."""
    settings = _provider(ctx, name)
    meta = await _metadata(settings)
    state, nonce, verifier = (secrets.token_urlsafe(24) for _ in range(3))
    async with _client(ctx, name, settings) as client:
        url, _ = client.create_authorization_url(
            meta["authorization_endpoint"], state=state, code_verifier=verifier, nonce=nonce
        )
    cookie = sign_short_lived(
        {"p": name, "s": state, "n": nonce, "v": verifier},
        ctx.settings.auth.jwt_secret,
        STATE_SECONDS,
        STATE_AUDIENCE,
    )
    return url, cookie


@dataclass
class ProviderIdentity:
    subject: str
    email: str | None
    email_verified: bool
    name: str | None


async def _verify_id_token(
    meta: dict[str, Any], settings: OAuthProviderSettings, id_token: str, nonce: str
) -> dict[str, Any]:
    try:
        async with httpx.AsyncClient(timeout=_HTTP_TIMEOUT) as http:
            resp = await http.get(meta["jwks_uri"])
            resp.raise_for_status()
            jwks = jwt.PyJWKSet.from_dict(resp.json())
        kid = jwt.get_unverified_header(id_token).get("kid")
        key = next((k for k in jwks.keys if kid is None or k.key_id == kid), None)
        if key is None:
            raise errors.OAuthFailed("The provider's signing key is unknown.")
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key,
            algorithms=["RS256", "ES256"],
            audience=settings.client_id,
            issuer=meta["issuer"],
            options={"require": ["sub", "exp", "iat", "aud", "iss"]},
        )
    except (httpx.HTTPError, jwt.PyJWTError, ValueError, KeyError) as exc:
        raise errors.OAuthFailed("The provider's ID token could not be verified.") from exc
    if not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
        raise errors.OAuthFailed("The provider's ID token does not match this sign-in.")
    return claims


async def exchange(
    ctx: AppContext, name: str, code: str, state: str, cookie: str | None
) -> ProviderIdentity:
    """Check state, trade the code (with the PKCE verifier), verify the ID token."""
    settings = _provider(ctx, name)
    saved = read_short_lived(cookie or "", ctx.settings.auth.jwt_secret, STATE_AUDIENCE)
    if (
        saved is None
        or saved.get("p") != name
        or not hmac.compare_digest(str(saved.get("s", "")).encode(), state.encode())
    ):
        raise errors.OAuthFailed("The sign-in took too long or came from elsewhere; try again.")
    meta = await _metadata(settings)
    try:
        async with _client(ctx, name, settings) as client:
            token = await client.fetch_token(
                meta["token_endpoint"], code=code, code_verifier=saved["v"]
            )
    except Exception as exc:  # authlib raises several unrelated types here
        log.warning("oauth token exchange failed for %s: %s", name, exc)
        raise errors.OAuthFailed() from exc
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise errors.OAuthFailed("The provider did not return an ID token.")
    claims = await _verify_id_token(meta, settings, id_token, saved["n"])
    email = claims.get("email")
    return ProviderIdentity(
        subject=str(claims["sub"]),
        email=email.lower() if isinstance(email, str) else None,
        email_verified=claims.get("email_verified") is True,
        name=claims.get("nickname") or claims.get("name"),
    )


async def _free_nickname(users: UserRepository, wanted: str | None) -> str:
    if wanted:
        candidate = normalize_nickname(wanted.strip())[:20].strip()
        if is_valid_nickname(candidate) and not await users.nickname_taken(nickname_key(candidate)):
            return candidate
    while True:
        candidate = f"gemini_{secrets.randbelow(10**8):08d}"
        if not await users.nickname_taken(nickname_key(candidate)):
            return candidate


async def sign_in(
    uow: UnitOfWork, ctx: AppContext, name: str, who: ProviderIdentity
) -> tuple[IssuedSession, bool]:
    """Sign in the linked account, or link by verified email, or create one. (session, is new)."""
    users = UserRepository(uow.session)
    identity = await users.identity(name, who.subject)
    user = await users.get(identity.user_id) if identity else None
    created = False
    if user is None:
        # Only a provider-verified email may attach to an existing account, and only to one
        # whose own email was proven the same way (an account made by another provider). A
        # password account's email was never verified: linking would hand the person's Google
        # sign-ins to whoever registered their address first.
        existing = await users.by_email(who.email) if who.email else None
        if existing is not None and who.email_verified and existing.password_hash is None:
            user = existing
        else:
            nickname = await _free_nickname(users, who.name)
            user = await users.add(
                User(
                    email=who.email if who.email_verified and existing is None else None,
                    nickname=nickname,
                    nickname_key=nickname_key(nickname),
                )
            )
            await open_wallet(uow, user.id)
            created = True
        await users.add_identity(
            OAuthIdentity(user_id=user.id, provider=name, subject=who.subject, email=who.email)
        )
    return await open_session(uow, ctx, user), created or not user.onboarded
