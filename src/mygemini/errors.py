"""Typed application errors and the one handler that renders them as `{"error", "detail"}`."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)


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

    def body(self) -> dict[str, Any]:
        return error_body(self.name, shorten(self.detail, DETAIL_MAX))


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
    """A refusal that says when to come back: `retry_after` seconds, in the `Retry-After` header
    and in the body (so a client can say "in 3 minutes" in the person's language)."""

    status = 429
    default_detail = "Too many requests; try again later."

    def __init__(
        self,
        detail: str | None = None,
        *,
        retry_after: int | None = None,
        headers: dict[str, str] | None = None,
    ):
        if retry_after is None and headers and headers.get("Retry-After", "").isdigit():
            retry_after = int(headers["Retry-After"])
        if retry_after is not None:
            headers = {**(headers or {}), "Retry-After": str(retry_after)}
        self.retry_after = retry_after
        super().__init__(detail, headers=headers)

    def body(self) -> dict[str, Any]:
        return {**super().body(), "retry_after": self.retry_after}


class ServiceUnavailable(AppError):
    status = 503
    default_detail = "A service this request needs does not answer; try again shortly."


class ErrorBody(BaseModel):
    """What every error answers: the error's name (e.g. `GeminiNotFound`) and a readable detail."""

    error: str
    detail: str


class RetryErrorBody(ErrorBody):
    """A 429: also how many seconds to wait (the `Retry-After` header's value), when known."""

    retry_after: int | None


_DESCRIPTIONS = {
    400: "The request breaks a rule the schema cannot express",
    401: "Not signed in, or the access token is invalid or expired",
    402: "Not enough stars",
    403: "Not allowed",
    404: "No such thing",
    409: "Conflicts with the current state",
    410: "Gone: it was closed",
    422: "The request does not match the schema",
    429: "Too many requests; try again later (after `Retry-After` seconds where given)",
    502: "A provider this request needs (e.g. KakaoPay) did not answer or refused",
    503: "A service this request needs does not answer",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the error statuses an endpoint really answers."""
    responses: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        model = RetryErrorBody if status == 429 else ErrorBody
        entry: dict[str, Any] = {"model": model, "description": _DESCRIPTIONS[status]}
        if status == 429:
            entry["headers"] = {
                "Retry-After": {
                    "description": "Seconds to wait before trying again",
                    "schema": {"type": "string"},
                }
            }
        responses[status] = entry
    return responses


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
    return JSONResponse(exc.body(), exc.status, headers=exc.headers)


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


async def _redis_down(request: Request, exc: Exception) -> JSONResponse:
    # Redis errors reach here only from requests that need it (throttles, caches); the clients'
    # timeouts (core/redis.py) bound how long they waited.
    return await _app_error(
        request,
        ServiceUnavailable(
            "The message service does not answer; try again shortly.",
            headers={"Retry-After": "5"},
        ),
    )


async def _database_down(request: Request, exc: Exception) -> JSONResponse:
    # A database that refuses connections, a pool with none to give, or SQLite still busy after
    # its busy timeout: a moment's outage, answered as one (never a plain-text 500).
    log.warning("database unavailable: %s", type(exc.__cause__ or exc).__name__)
    return await _app_error(
        request,
        ServiceUnavailable(
            "The database does not answer; try again shortly.", headers={"Retry-After": "5"}
        ),
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(OperationalError, _database_down)
    # The database driver's own connect failing (asyncpg raises the OS error unwrapped).
    app.add_exception_handler(ConnectionError, _database_down)
    app.add_exception_handler(SQLAlchemyTimeoutError, _database_down)
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RedisConnectionError, _redis_down)
    app.add_exception_handler(RedisTimeoutError, _redis_down)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
