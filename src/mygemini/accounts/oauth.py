"""Sign-in with Google and Kakao over OpenID Connect (authorization code + PKCE + nonce).

The provider is found through its discovery document, so a test can point a provider at a local
OIDC server. State, nonce and the PKCE verifier travel in a short-lived signed cookie; each state
is accepted once. Profile claims come from the ID token and, where the provider has one, from its
UserInfo endpoint (OIDC Core §5.4: a conforming provider may put them only there).
"""

from __future__ import annotations

import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import jwt
from authlib.integrations.httpx_client import AsyncOAuth2Client
from sqlalchemy.exc import IntegrityError

from mygemini.accounts import errors
from mygemini.accounts.repository import OAuthStateRepository, UserRepository
from mygemini.accounts.rules import is_valid_nickname, nickname_key, normalize_nickname
from mygemini.accounts.service import IssuedSession, open_session
from mygemini.config import OAuthProviderSettings
from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.security import read_short_lived, sign_short_lived
from mygemini.models import OAuthIdentity, User
from mygemini.models.base import utcnow

log = logging.getLogger(__name__)

PROVIDERS = ("google", "kakao")
STATE_COOKIE = "mygemini_oauth"
STATE_AUDIENCE = "mygemini-oauth-state"
STATE_SECONDS = 600
_HTTP_TIMEOUT = 10.0
_ID_TOKEN_ALGORITHMS = ["RS256", "ES256"]


def enabled_providers(ctx: AppContext) -> list[str]:
    return [p for p in PROVIDERS if getattr(ctx.settings.oauth, p).enabled]


def _provider(ctx: AppContext, name: str) -> OAuthProviderSettings:
    if name not in PROVIDERS:
        raise errors.UnknownProvider()
    settings: OAuthProviderSettings = getattr(ctx.settings.oauth, name)
    if not settings.enabled:
        raise errors.UnknownProvider()
    return settings


async def _get_json(url: str, **headers: str) -> Any:
    async with httpx.AsyncClient(timeout=_HTTP_TIMEOUT) as http:
        resp = await http.get(url, headers=headers)
        resp.raise_for_status()
        return resp.json()


async def _metadata(ctx: AppContext, settings: OAuthProviderSettings) -> dict[str, Any]:
    async def fetch() -> dict[str, Any]:
        try:
            meta = await _get_json(settings.metadata_url)
            if not isinstance(meta, dict):
                raise ValueError("the discovery document is not an object")
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("oauth discovery failed at %s: %s", settings.metadata_url, exc)
            raise errors.OAuthFailed("The sign-in provider could not be reached.") from exc
        return meta

    # Cached, but not for ever: providers move endpoints and rotate keys.
    meta: dict[str, Any] = await ctx.cache.get_or_compute(
        f"oauth:discovery:{settings.metadata_url}",
        ctx.settings.oauth.discovery_cache_seconds,
        fetch,
    )
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
    meta = await _metadata(ctx, settings)
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    # RFC 7636 wants 43-128 characters; 64 random bytes make 86 (32 were refused by providers).
    verifier = secrets.token_urlsafe(64)
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
    picture: str | None = None


async def _signing_key(ctx: AppContext, jwks_uri: str, kid: str | None) -> jwt.PyJWK:
    """The provider's key `kid`. Key sets are cached per kid, so a token signed with a key we
    have not seen (the provider rotated its keys) fetches the key set again at once."""

    async def fetch() -> Any:
        keys = await _get_json(jwks_uri)
        if _find_key(jwt.PyJWKSet.from_dict(keys), kid) is None:
            # Not cached: the provider may publish the key a moment later.
            raise jwt.InvalidKeyError(f"no signing key with kid {kid!r}")
        return keys

    keys = await ctx.cache.get_or_compute(
        f"oauth:jwks:{jwks_uri}#{kid}", ctx.settings.oauth.discovery_cache_seconds, fetch
    )
    key = _find_key(jwt.PyJWKSet.from_dict(keys), kid)
    if key is None:
        raise jwt.InvalidKeyError(f"no signing key with kid {kid!r}")
    return key


def _find_key(keys: jwt.PyJWKSet, kid: str | None) -> jwt.PyJWK | None:
    return next((k for k in keys.keys if kid is None or k.key_id == kid), None)


async def _verify_id_token(
    ctx: AppContext,
    name: str,
    meta: dict[str, Any],
    settings: OAuthProviderSettings,
    id_token: str,
    nonce: str,
) -> dict[str, Any]:
    try:
        kid = jwt.get_unverified_header(id_token).get("kid")
        key = await _signing_key(ctx, meta["jwks_uri"], kid)
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key,
            algorithms=_ID_TOKEN_ALGORITHMS,
            audience=settings.client_id,
            issuer=meta["issuer"],
            # The provider's clock and ours disagree by a little; a token is otherwise refused
            # for the seconds until they agree.
            leeway=ctx.settings.oauth.clock_skew_seconds,
            options={"require": ["sub", "exp", "iat", "aud", "iss"]},
        )
        aud = claims["aud"]
        if isinstance(aud, list) and len(aud) > 1 and claims.get("azp") != settings.client_id:
            raise jwt.InvalidAudienceError("several audiences and we are not the azp")
        if not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
            raise jwt.InvalidTokenError("nonce does not match this sign-in")
    except (
        httpx.HTTPError,
        jwt.PyJWTError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
    ) as exc:
        # One line to tell a misconfigured client or a skewed clock from an attack; the token
        # itself is never logged.
        log.warning("oauth %s: ID token rejected: %s: %s", name, type(exc).__name__, exc)
        raise errors.OAuthFailed("The provider's ID token could not be verified.") from exc
    return claims


async def _userinfo(
    name: str, meta: dict[str, Any], access_token: str, subject: str
) -> dict[str, Any]:
    """The UserInfo response, or {} when the provider has no such endpoint."""
    endpoint = meta.get("userinfo_endpoint")
    if not endpoint:
        return {}
    try:
        info = await _get_json(str(endpoint), Authorization=f"Bearer {access_token}")
    except (httpx.HTTPError, ValueError) as exc:
        log.warning("oauth %s: UserInfo request failed: %s", name, exc)
        raise errors.OAuthFailed() from exc
    # OIDC Core §5.3.2: a UserInfo answer about someone else must not be used.
    if not isinstance(info, dict) or str(info.get("sub")) != subject:
        log.warning("oauth %s: UserInfo sub does not match the ID token's", name)
        raise errors.OAuthFailed()
    return {str(k): v for k, v in info.items()}


def _identity(claims: dict[str, Any], info: dict[str, Any]) -> ProviderIdentity:
    """The person from the ID token's claims and UserInfo's, UserInfo's (fresher) first."""
    # An email and its verified flag are taken together, from one source.
    source = info if "email" in info else claims
    email = source.get("email")
    verified = source.get("email_verified")

    def text(key: str) -> str | None:
        value = info.get(key, claims.get(key))
        return value if isinstance(value, str) and value else None

    return ProviderIdentity(
        subject=str(claims["sub"]),
        email=email.lower() if isinstance(email, str) and email else None,
        # Some providers send the string "true".
        email_verified=verified is True or verified == "true",
        name=text("nickname") or text("name"),
        picture=text("picture"),
    )


async def _claim_state(ctx: AppContext, state: str) -> bool:
    """Record that this state came back; False if it had come back before.

    Its own short transaction, committed before the provider is called: a replay must find the
    record even when this sign-in fails later, and SQLite's write lock must not be held across
    the provider's round-trips."""
    now = utcnow()
    async with ctx.db.unit_of_work() as uow:
        return await OAuthStateRepository(uow.session).claim(
            state, now + timedelta(seconds=STATE_SECONDS), now
        )


async def exchange(
    ctx: AppContext, name: str, code: str, state: str, cookie: str | None
) -> ProviderIdentity:
    """Check state (once), trade the code with the PKCE verifier, verify the ID token, read
    UserInfo."""
    settings = _provider(ctx, name)
    saved = read_short_lived(cookie or "", ctx.settings.auth.jwt_secret, STATE_AUDIENCE)
    if (
        saved is None
        or saved.get("p") != name
        or not hmac.compare_digest(str(saved.get("s", "")).encode(), state.encode())
    ):
        raise errors.OAuthFailed("The sign-in took too long or came from elsewhere; try again.")
    if not await _claim_state(ctx, str(saved["s"])):
        log.warning("oauth %s: a used sign-in state came back; refused before the exchange", name)
        raise errors.OAuthFailed("This sign-in was finished already; try again.")
    meta = await _metadata(ctx, settings)
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
    claims = await _verify_id_token(ctx, name, meta, settings, id_token, saved["n"])
    access_token = token.get("access_token")
    info = (
        await _userinfo(name, meta, access_token, str(claims["sub"]))
        if isinstance(access_token, str)
        else {}
    )
    return _identity(claims, info)


async def _free_nickname(users: UserRepository, wanted: str | None) -> str:
    if wanted:
        candidate = normalize_nickname(wanted.strip())[:20].strip()
        if is_valid_nickname(candidate) and not await users.nickname_taken(nickname_key(candidate)):
            return candidate
    while True:
        candidate = f"gemini_{secrets.randbelow(10**8):08d}"
        if not await users.nickname_taken(nickname_key(candidate)):
            return candidate


# A first sign-in that loses a race (two tabs, a double click) retries and finds the winner.
_SIGN_IN_TRIES = 3


async def sign_in(
    uow: UnitOfWork, ctx: AppContext, name: str, who: ProviderIdentity
) -> tuple[IssuedSession, bool]:
    """Sign in the linked account, or link by verified email, or create one. (session, is new)."""
    users = UserRepository(uow.session)
    tries = 0
    while True:
        identity = await users.identity(name, who.subject)
        user = await users.get(identity.user_id) if identity else None
        if user is not None:
            return await open_session(uow, ctx, user), not user.onboarded
        tries += 1
        try:
            # A savepoint: when a concurrent first sign-in of the same person commits the same
            # identity (or email, or nickname) first, only this attempt is undone.
            async with uow.session.begin_nested():
                user, created = await _link_or_create(uow, users, name, who)
        except IntegrityError:
            if tries == _SIGN_IN_TRIES:
                log.warning("oauth %s: a first sign-in kept colliding; gave up", name)
                raise errors.OAuthFailed() from None
            continue
        return await open_session(uow, ctx, user), created or not user.onboarded


async def _link_or_create(
    uow: UnitOfWork, users: UserRepository, name: str, who: ProviderIdentity
) -> tuple[User, bool]:
    """The account a new provider identity belongs to: (found by proven email or new, is new)."""
    # Only a provider-verified email may attach to an existing account, and only to one
    # whose own email was proven the same way (an account made by another provider). A
    # password account's email was never verified: linking would hand the person's Google
    # sign-ins to whoever registered their address first.
    existing = await users.by_email(who.email) if who.email else None
    if existing is not None and who.email_verified and existing.password_hash is None:
        user, created = existing, False
    else:
        nickname = await _free_nickname(users, who.name)
        user = await users.add(
            User(
                email=who.email if who.email_verified and existing is None else None,
                nickname=nickname,
                nickname_key=nickname_key(nickname),
            )
        )
        created = True
    await users.add_identity(
        OAuthIdentity(user_id=user.id, provider=name, subject=who.subject, email=who.email)
    )
    return user, created
