"""The refresh cookie and the cross-site guard for the endpoints that read it."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Header, Request, Response

from mygemini.accounts.errors import CrossSiteRequest
from mygemini.config import Settings
from mygemini.core.context import Ctx

REFRESH_COOKIE = "mygemini_refresh"
REFRESH_PATH = "/api/auth"
CLIENT_HEADER = "X-Requested-With"
CLIENT_HEADER_VALUE = "mygemini"


def set_refresh_cookie(response: Response, settings: Settings, token: str) -> None:
    response.set_cookie(
        REFRESH_COOKIE,
        token,
        max_age=settings.auth.refresh_token_days * 86400,
        path=REFRESH_PATH,
        httponly=True,
        secure=settings.auth.cookie_secure,
        samesite="strict",
    )


def clear_refresh_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        REFRESH_COOKIE,
        path=REFRESH_PATH,
        httponly=True,
        secure=settings.auth.cookie_secure,
        samesite="strict",
    )


def refresh_cookie_clearing_headers(settings: Settings) -> dict[str, str]:
    """The `Set-Cookie` that clears the refresh cookie, for an error response to carry."""
    response = Response()
    clear_refresh_cookie(response, settings)
    return {"set-cookie": response.headers["set-cookie"]}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


async def guard_cross_site(
    request: Request,
    ctx: Ctx,
    client: Annotated[
        str | None,
        Header(
            alias=CLIENT_HEADER,
            description=f"Must be `{CLIENT_HEADER_VALUE}`: the request comes from the web app",
        ),
    ] = None,
) -> None:
    """Refuse requests another site could forge (a dependency of the endpoints that read the
    refresh cookie).

    A custom header cannot be sent cross-site without a CORS preflight (which we never grant), and
    an `Origin`, when the browser sends one, must be ours. SameSite=Strict on the cookie is the
    third layer. The header is optional to FastAPI only so that its absence answers the same 403
    as a wrong value; the OpenAPI declares it required (`mygemini.openapi`).
    """
    if client != CLIENT_HEADER_VALUE:
        raise CrossSiteRequest()
    origin = request.headers.get("origin")
    if origin is None:
        return
    allowed = {_origin(ctx.settings.public_url), _origin(str(request.base_url))}
    if origin.lower() not in allowed:
        raise CrossSiteRequest()
