"""Typed application errors and the one handler that renders them as `{"error", "detail"}`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


class AppError(Exception):
    """Base of every error a service may raise; carries its HTTP status."""

    status: ClassVar[int] = 400
    default_detail: ClassVar[str] = "The request could not be processed."

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None):
        self.detail = detail or self.default_detail
        self.headers = headers
        super().__init__(self.detail)

    @property
    def name(self) -> str:
        return type(self).__name__


class BadRequest(AppError):
    status = 400


class Unauthorized(AppError):
    status = 401
    default_detail = "Authentication is required."


class Forbidden(AppError):
    status = 403
    default_detail = "You are not allowed to do this."


class NotFound(AppError):
    status = 404
    default_detail = "Not found."


class Conflict(AppError):
    status = 409


class TooManyRequests(AppError):
    status = 429
    default_detail = "Too many requests; try again later."


def error_body(name: str, detail: str) -> dict[str, str]:
    return {"error": name, "detail": detail}


_STATUS_NAMES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    406: "NotAcceptable",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
    429: "TooManyRequests",
}


# The most of a caller's own input an error body repeats back: a 100 000-character field (or
# field name) must not come back whole in every error.
ECHO_MAX = 200
DETAIL_MAX = 600


def shorten(text: str, limit: int = ECHO_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_validation_errors(errors: Sequence[Any]) -> str:
    """One readable line per problem, each naming the field ("body.nickname: ...")."""
    parts = []
    for err in errors:
        loc = ".".join(shorten(str(p), 60) for p in err.get("loc", ()))
        msg = str(err.get("msg", "invalid"))
        if err.get("type") == "json_invalid":
            loc, msg = "body", f"invalid JSON: {err.get('ctx', {}).get('error', 'decode error')}"
        parts.append(f"{loc}: {shorten(msg)}")
    return shorten("; ".join(parts), DETAIL_MAX) or "Invalid request."


async def _app_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return JSONResponse(
        error_body(exc.name, shorten(exc.detail, DETAIL_MAX)), exc.status, headers=exc.headers
    )


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse(
        error_body("ValidationError", describe_validation_errors(exc.errors())), 422
    )


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    name = _STATUS_NAMES.get(exc.status_code, "HTTPError")
    detail = shorten(exc.detail, DETAIL_MAX) if isinstance(exc.detail, str) else name
    return JSONResponse(error_body(name, detail), exc.status_code, headers=exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
