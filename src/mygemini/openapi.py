"""The OpenAPI document, made to say what the API really answers.

FastAPI documents every 422 in its own array shape (`HTTPValidationError`), while our handler
answers `{"error", "detail"}` like every other error; it cannot know which endpoints answer 401
or accept a caller without a token, nor that an unparsable body is a 400. These follow from each
route's dependencies and body, so they are derived here instead of repeated on every endpoint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

from mygemini.accounts.cookies import CLIENT_HEADER, CLIENT_HEADER_VALUE, guard_cross_site
from mygemini.auth import current_user, current_viewer, optional_user, optional_viewer
from mygemini.errors import ErrorBody, error_responses

_ERROR_REF = {"$ref": "#/components/schemas/ErrorBody"}
_FASTAPI_ERROR_SCHEMAS = ("HTTPValidationError", "ValidationError")


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dep in dependant.dependencies:
        if dep.call is not None:
            yield dep.call
        yield from _calls(dep)


def _error_content() -> dict[str, Any]:
    return {"application/json": {"schema": dict(_ERROR_REF)}}


def _rewrite(schema: dict[str, Any], app: FastAPI) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorBody", ErrorBody.model_json_schema())
    for name in _FASTAPI_ERROR_SCHEMAS:
        components.pop(name, None)
    unauthorized = error_responses(401)[401]["description"]
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        calls = set(_calls(route.dependant))
        for method in context.methods or ():
            operation = schema["paths"][context.path_format][method.lower()]
            responses = operation.setdefault("responses", {})
            if "422" in responses:
                responses["422"] = {
                    "description": error_responses(422)[422]["description"],
                    "content": _error_content(),
                }
            if route.body_field is not None:
                # A body that is not even UTF-8 JSON fails before validation, with a 400.
                responses.setdefault(
                    "400",
                    {"description": "The body could not be parsed", "content": _error_content()},
                )
                # Refused before it is read (`core/bodylimit.py`).
                responses.setdefault(
                    "413",
                    {"description": "The body is over 256 KB", "content": _error_content()},
                )
            signed_in = current_user in calls or current_viewer in calls
            maybe_signed_in = optional_user in calls or optional_viewer in calls
            if signed_in or maybe_signed_in:
                # Either way a token that is presented must be valid.
                responses.setdefault(
                    "401", {"description": unauthorized, "content": _error_content()}
                )
            # Any operation may find its database (or Redis, when configured) down.
            responses.setdefault(
                "503",
                {
                    "description": error_responses(503)[503]["description"],
                    "content": _error_content(),
                },
            )
            if guard_cross_site in calls:
                _require_client_header(operation)
            if maybe_signed_in and not signed_in:
                # `{}`: calling without a token is fine too (public endpoints that personalise).
                operation["security"] = [*operation.get("security", []), {}]


def _require_client_header(operation: dict[str, Any]) -> None:
    """The cross-site guard answers a missing header with the same 403 as a wrong one, so FastAPI
    sees it optional; to a client it is required, and only one value is right."""
    parameters = operation.get("parameters", [])
    for parameter in parameters:
        if parameter["in"] == "header" and parameter["name"] == CLIENT_HEADER:
            parameter["required"] = True
            parameter["schema"] = {"type": "string", "const": CLIENT_HEADER_VALUE}
    if "requestBody" not in operation and all(p["name"] == CLIENT_HEADER for p in parameters):
        # FastAPI lists a 422 for any parameter; this one is never malformed, only wrong (403).
        operation.get("responses", {}).pop("422", None)


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            _rewrite(schema, app)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
