"""Who is asking: the typed auth dependencies every domain may use — `CurrentUser` (401 without a
valid access token), `OptionalUser`, and `ThrottledUser` (a person whose writes that cost us
something — a password hash, a payment provider's call, a fan-out to every lobby — are limited).
Reads that only need to know who asks take `OptionalViewer` / `CurrentViewer`: the id from the
signed token, no database read (docs/adr/0014-read-path-and-job-concurrency.md).
Imports core and models only; login itself is accounts'."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Protocol

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mygemini.core.context import AppContext, Ctx
from mygemini.core.ratelimit import spend
from mygemini.core.security import decode_access_token
from mygemini.core.transaction import Uow, resolve_directly
from mygemini.errors import Unauthorized
from mygemini.models import User

_bearer = HTTPBearer(auto_error=False, description="Access token from login, signup or refresh")
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def optional_user(ctx: Ctx, uow: Uow, credentials: Bearer) -> User | None:
    if credentials is None:
        return None
    user_id = decode_access_token(credentials.credentials, ctx.settings.auth.jwt_secret)
    user = await uow.session.get(User, user_id) if user_id is not None else None
    if user is None:
        raise Unauthorized("The access token is invalid or expired.")
    return user


async def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise Unauthorized()
    return user


CurrentUser = Annotated[User, Depends(current_user)]


class Viewer(Protocol):
    """Who reads: a loaded `User` or a token's `Principal`; reads need only the id."""

    @property
    def id(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Principal:
    """The person a valid access token names. Tokens are signed by us, live minutes and accounts
    are never deleted, so a read trusts the id without loading the row (and its password hash)."""

    id: int


class ViewerBearer(HTTPBearer):
    """Who reads, in one dependency: the bearer scheme itself (the same `HTTPBearer` in the
    OpenAPI schema) answering the token's `Principal`. FastAPI solves every dependency afresh on
    every request, each with its own bookkeeping, and reads are the hot requests: this was four
    (the context twice, the scheme, the viewer) and is one."""

    async def __call__(self, request: Request) -> Principal | None:  # type: ignore[override]
        credentials = await super().__call__(request)
        if credentials is None:
            return None
        ctx: AppContext = request.app.state.ctx
        user_id = decode_access_token(credentials.credentials, ctx.settings.auth.jwt_secret)
        if user_id is None:
            raise Unauthorized("The access token is invalid or expired.")
        return Principal(user_id)


optional_viewer = ViewerBearer(
    auto_error=False, scheme_name="HTTPBearer", description=_bearer.model.description
)


async def current_viewer(
    viewer: Annotated[Principal | None, Depends(optional_viewer)],
) -> Principal:
    if viewer is None:
        raise Unauthorized()
    return viewer


async def _current_viewer_of(request: Request) -> Principal:
    return await current_viewer(await optional_viewer(request))


# Routes answered without FastAPI's solver (core/transaction.py) read viewers the same way.
resolve_directly(optional_viewer, optional_viewer)
resolve_directly(current_viewer, _current_viewer_of)

OptionalViewer = Annotated[Principal | None, Depends(optional_viewer)]
CurrentViewer = Annotated[Principal, Depends(current_viewer)]
OptionalUser = Annotated[User | None, Depends(optional_user)]


async def throttled_user(ctx: Ctx, user: Annotated[User, Depends(current_user)]) -> User:
    """The current person, once per request spending a token of their own bucket (burst 20,
    5/s, shared across API processes when Redis is configured)."""
    await spend(ctx.command_rate, f"rest:{user.id}")
    return user


ThrottledUser = Annotated[User, Depends(throttled_user)]
