"""HTTP edges of accounts: auth, me, starter avatars, profiles and follows."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.responses import RedirectResponse

from mygemini.accounts import errors, oauth, profiles, service
from mygemini.accounts.avatars import STARTER_AVATARS, avatar_svg, avatar_url
from mygemini.accounts.cookies import (
    REFRESH_COOKIE,
    clear_refresh_cookie,
    guard_cross_site,
    refresh_cookie_clearing_headers,
    set_refresh_cookie,
)
from mygemini.accounts.schemas import (
    AccessTokenOut,
    Avatar,
    AvatarList,
    LoginIn,
    Me,
    MeUpdate,
    PersonCard,
    Profile,
    ProvidersOut,
    SessionOut,
    SignupIn,
)
from mygemini.auth import CurrentUser, CurrentViewer, OptionalViewer
from mygemini.core.context import AppContext, Ctx
from mygemini.core.pagination import CursorParam, LimitParam, Page
from mygemini.core.transaction import TransactionalRoute, Uow, model_response
from mygemini.errors import NotFound, error_responses

router = APIRouter(route_class=TransactionalRoute)
OAUTH_PATH = "/api/auth/oauth"
REDIRECT = {
    "description": "Redirect",
    "headers": {
        "Location": {"description": "Where the browser goes next", "schema": {"type": "string"}}
    },
}


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/auth/signup", status_code=201, tags=["auth"], responses=error_responses(400, 409))
async def signup(body: SignupIn, uow: Uow, ctx: Ctx, response: Response) -> SessionOut:
    """Create an account with email and password and sign in."""
    issued = await service.signup(uow, ctx, body)
    set_refresh_cookie(response, ctx.settings, issued.refresh_token)
    return SessionOut(access_token=issued.access_token, user=await profiles.me(uow, issued.user))


@router.post("/auth/login", tags=["auth"], responses=error_responses(401, 429))
async def login(
    body: LoginIn, uow: Uow, ctx: Ctx, request: Request, response: Response
) -> SessionOut:
    """Sign in with email and password."""
    issued = await service.login(uow, ctx, body, client_ip(request))
    set_refresh_cookie(response, ctx.settings, issued.refresh_token)
    return SessionOut(access_token=issued.access_token, user=await profiles.me(uow, issued.user))


@router.post(
    "/auth/refresh",
    tags=["auth"],
    responses=error_responses(401, 403),
    dependencies=[Depends(guard_cross_site)],
)
async def refresh(request: Request, uow: Uow, ctx: Ctx, response: Response) -> AccessTokenOut:
    """Trade the refresh cookie for a new access token (the cookie rotates)."""
    try:
        access, refresh_token = await service.rotate(uow, ctx, request.cookies.get(REFRESH_COOKIE))
    except errors.InvalidRefreshToken as exc:
        # Reused, revoked, expired or unknown: the browser should stop presenting it.
        exc.headers = {**(exc.headers or {}), **refresh_cookie_clearing_headers(ctx.settings)}
        raise
    set_refresh_cookie(response, ctx.settings, refresh_token)
    return AccessTokenOut(access_token=access)


@router.post(
    "/auth/logout",
    status_code=204,
    tags=["auth"],
    responses=error_responses(403),
    dependencies=[Depends(guard_cross_site)],
)
async def logout(request: Request, uow: Uow, ctx: Ctx) -> Response:
    """End this session: revoke its refresh-token family and clear the cookie."""
    await service.logout(uow, request.cookies.get(REFRESH_COOKIE))
    response = Response(status_code=204)
    clear_refresh_cookie(response, ctx.settings)
    return response


@router.get("/me", tags=["me"])
async def read_me(user: CurrentUser, uow: Uow) -> Me:
    """The signed-in person's own account."""
    return await profiles.me(uow, user)


@router.patch("/me", tags=["me"], responses=error_responses(400, 409))
async def update_me(body: MeUpdate, user: CurrentUser, uow: Uow) -> Me:
    """Change nickname, bio or starter avatar (choosing an avatar completes onboarding)."""
    return await profiles.update_me(uow, user, body)


@router.get("/avatars", tags=["me"])
async def list_avatars() -> AvatarList:
    """Starter portraits to choose from during onboarding. Public."""
    return AvatarList(
        items=[
            Avatar(id=key, name=name, image_url=avatar_url(key) or "")
            for key, name in STARTER_AVATARS.items()
        ]
    )


@router.get(
    "/avatars/{avatar_id}.svg",
    tags=["me"],
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}, **error_responses(404)},
)
async def avatar_image(avatar_id: str) -> Response:
    """A starter portrait as SVG. Public."""
    svg = avatar_svg(avatar_id)
    if svg is None:
        raise NotFound("No such avatar.")
    return Response(
        svg, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
    )


@router.get(
    "/users/{nickname}", tags=["profiles"], response_model=Profile, responses=error_responses(404)
)
async def read_profile(nickname: str, request: Request, viewer: OptionalViewer) -> Response:
    """A person's public profile. Public; `is_following` is for the caller."""
    # The context from the app rather than `Ctx`: one dependency less to solve on a hot read.
    ctx: AppContext = request.app.state.ctx
    return model_response(await profiles.profile(ctx, nickname, viewer))


@router.put(
    "/users/{nickname}/follow",
    status_code=204,
    tags=["profiles"],
    responses=error_responses(400, 404),
)
async def follow(nickname: str, viewer: CurrentViewer, ctx: Ctx) -> Response:
    """Follow a person (idempotent)."""
    # The token's id, not a loaded `User`; no unit of work: the service writes on the driver.
    await profiles.follow(ctx, viewer.id, nickname)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete(
    "/users/{nickname}/follow",
    status_code=204,
    tags=["profiles"],
    responses=error_responses(400, 404),
)
async def unfollow(nickname: str, viewer: CurrentViewer, uow: Uow) -> Response:
    """Stop following a person (idempotent)."""
    await profiles.unfollow(uow, viewer.id, nickname)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/users/{nickname}/followers", tags=["profiles"], responses=error_responses(400, 404))
async def followers(
    nickname: str, uow: Uow, cursor: CursorParam = None, limit: LimitParam = 20
) -> Page[PersonCard]:
    """People who follow this person, newest first. Public."""
    return await profiles.people(uow, nickname, followers=True, cursor=cursor, limit=limit)


@router.get("/users/{nickname}/following", tags=["profiles"], responses=error_responses(400, 404))
async def following(
    nickname: str, uow: Uow, cursor: CursorParam = None, limit: LimitParam = 20
) -> Page[PersonCard]:
    """People this person follows, newest first. Public."""
    return await profiles.people(uow, nickname, followers=False, cursor=cursor, limit=limit)


@router.get("/auth/providers", tags=["auth"])
async def providers(ctx: Ctx) -> ProvidersOut:
    """Which external sign-in providers are enabled. Public."""
    return ProvidersOut(providers=oauth.enabled_providers(ctx))


@router.get(
    "/auth/oauth/{provider}/start",
    tags=["auth"],
    status_code=302,
    response_class=RedirectResponse,
    responses={302: REDIRECT, **error_responses(400, 404)},
)
async def oauth_start(provider: str, ctx: Ctx) -> RedirectResponse:
    """Send the browser to the provider (state, nonce and PKCE included)."""
    url, state_cookie = await oauth.start(ctx, provider)
    response = RedirectResponse(url, status_code=302)
    response.set_cookie(
        oauth.STATE_COOKIE,
        state_cookie,
        max_age=oauth.STATE_SECONDS,
        path=OAUTH_PATH,
        httponly=True,
        secure=ctx.settings.auth.cookie_secure,
        # Lax: the provider brings the browser back with a cross-site top-level GET.
        samesite="lax",
    )
    return response


@router.get(
    "/auth/oauth/{provider}/callback",
    tags=["auth"],
    status_code=302,
    response_class=RedirectResponse,
    # Failures land on the web app too (`/auth/complete?error=...`): it only ever redirects.
    responses={302: REDIRECT},
)
async def oauth_callback(
    provider: str,
    request: Request,
    uow: Uow,
    ctx: Ctx,
    code: Annotated[str | None, Query(max_length=2048)] = None,
    state: Annotated[str | None, Query(max_length=512)] = None,
    error: Annotated[str | None, Query(max_length=256)] = None,
) -> RedirectResponse:
    """Finish provider sign-in, then land on the web app (onboarding for a new person)."""
    if error or not code or not state:
        return _oauth_landing("denied" if error else "invalid")
    try:
        who = await oauth.exchange(
            ctx, provider, code, state, request.cookies.get(oauth.STATE_COOKIE)
        )
        issued, is_new = await oauth.sign_in(uow, ctx, provider, who)
    except (errors.OAuthFailed, errors.UnknownProvider):
        return _oauth_landing("failed")
    response = RedirectResponse("/auth/complete" + ("?new=1" if is_new else ""), status_code=302)
    set_refresh_cookie(response, ctx.settings, issued.refresh_token)
    response.delete_cookie(oauth.STATE_COOKIE, path=OAUTH_PATH)
    return response


def _oauth_landing(error: str) -> RedirectResponse:
    response = RedirectResponse(f"/auth/complete?error={error}", status_code=302)
    response.delete_cookie(oauth.STATE_COOKIE, path=OAUTH_PATH)
    return response
