"""The refresh cookie and the cross-site guard for the endpoints that read it."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request, Response

from mygemini.accounts.errors import CrossSiteRequest
from mygemini.config import Settings

REFRESH_COOKIE = "mygemini_refresh"
REFRESH_PATH = "/api/auth"
CLIENT_HEADER = "x-requested-with"
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


def guard_cross_site(request: Request, settings: Settings) -> None:
    """Refuse requests another site could forge.

    A custom header cannot be sent cross-site without a CORS preflight (which we never grant), and
    an `Origin`, when the browser sends one, must be ours. SameSite=Strict on the cookie is the
    third layer.
    """
    if request.headers.get(CLIENT_HEADER) != CLIENT_HEADER_VALUE:
        raise CrossSiteRequest()
    origin = request.headers.get("origin")
    if origin is None:
        return
    allowed = {_origin(settings.public_url), _origin(str(request.base_url))}
    if origin.lower() not in allowed:
        raise CrossSiteRequest()
