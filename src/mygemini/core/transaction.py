"""A route class that wraps every endpoint that takes a `Uow` in one unit of work.

An endpoint none of whose dependencies asks for the unit of work (a feed page read on its own
connection, a static answer) gets none: no session to open, commit and close per request.
Errors roll back. An `AppError` subclass with `commits = True` (e.g. "refresh token reused", which
must revoke the whole family *and* answer 401) commits what was done before it was raised.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable, Coroutine
from typing import Annotated, Any, get_type_hints

from fastapi import Depends, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel

from mygemini.core.db import Database, UnitOfWork
from mygemini.core.text import find_lone_surrogate


class StrictJsonRequest(Request):
    """A request whose JSON body may not hold text no database can store.

    FastAPI turns a `JSONDecodeError` from here into its 422, so a lone surrogate (`"a\\ud800b"`)
    or bytes that are not UTF-8 are refused for every field of every endpoint in one place.
    """

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                data = json.loads(body)
            except UnicodeDecodeError as exc:
                raise json.JSONDecodeError("the body is not valid UTF-8", "", exc.start) from exc
            if find_lone_surrogate(data):
                raise json.JSONDecodeError("text holds a lone UTF-16 surrogate", "", 0)
            self._json = data
        return self._json


def depends_on(dependant: Dependant, call: Callable[..., Any]) -> bool:
    """Whether `call` is among the dependencies of `dependant`, at any depth."""
    return any(d.call is call or depends_on(d, call) for d in dependant.dependencies)


# How the value of a dependency is read off the request, for endpoints answered without FastAPI's
# dependency solver (`TransactionalRoute`). Each dependency's owner registers its own.
Resolver = Callable[[Request], Awaitable[Any]]
_RESOLVERS: dict[Any, Resolver] = {}


def resolve_directly(dependency: Any, resolver: Resolver) -> None:
    """Let routes that depend on `dependency` get its value from `resolver` (which must do what
    the dependency and its own dependencies do, errors included) instead of FastAPI's solver."""
    _RESOLVERS[dependency] = resolver


Handler = Callable[[Request], Coroutine[Any, Any, Response]]
# (parameter name, how to get it): None for a path parameter, taken as it is.
_Plan = list[tuple[str, Resolver | None]]


def _direct_plan(route: APIRoute) -> _Plan | None:
    """How to call the endpoint without FastAPI's request handler, if it is simple enough: plain
    `str` path parameters, the request, dependencies with a registered resolver, and a `Response`
    returned as it is (what FastAPI would send unchanged). None otherwise."""
    d = route.dependant
    if (
        d.query_params
        or d.header_params
        or d.cookie_params
        or d.body_params
        or route.body_field is not None
        or d.response_param_name
        or d.background_tasks_param_name
        or d.http_connection_param_name
        or d.websocket_param_name
        or d.security_scopes_param_name
        or not inspect.iscoroutinefunction(d.call)
    ):
        return None
    try:
        returns = get_type_hints(d.call).get("return")
    except NameError:  # an annotation only a type checker can resolve
        return None
    if not (inspect.isclass(returns) and issubclass(returns, Response)):
        return None
    plan: _Plan = []
    for dep in d.dependencies:
        resolver = _RESOLVERS.get(dep.call)
        if resolver is None or dep.name is None:
            return None
        plan.append((dep.name, resolver))
    for param in d.path_params:
        if (
            param.field_info.annotation is not str
            or param.field_info.metadata
            or param.alias != param.name
        ):
            return None
        plan.append((param.name, None))
    if d.request_param_name:
        plan.append((d.request_param_name, _the_request))
    return plan


async def _the_request(request: Request) -> Request:
    return request


def _direct_handler(route: APIRoute, plan: _Plan, solved: Handler) -> Handler:
    """The endpoint called with its arguments read straight off the request.

    FastAPI's handler solves the dependencies afresh on every request with its own bookkeeping
    (telemetry, endpoint context, exit stacks, per-parameter validation): on a follow that was
    a third of the request's CPU (bench/push_bench.py). Dependencies still run in the order
    declared, and raise what they raise; with dependency overrides set (tests) FastAPI's
    handler answers."""
    call = route.dependant.call
    assert call is not None
    provider = route.dependency_overrides_provider

    async def answer(request: Request) -> Response:
        if getattr(provider, "dependency_overrides", None) or getattr(
            request.app, "dependency_overrides", None
        ):
            return await solved(request)
        values: dict[str, Any] = {}
        for name, resolve in plan:
            values[name] = request.path_params[name] if resolve is None else await resolve(request)
        response = await call(**values)
        if not isinstance(response, Response):
            raise TypeError(f"{route.name} returned {type(response).__name__}, not a Response")
        return response

    return answer


class TransactionalRoute(APIRoute):
    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()
        plan = _direct_plan(self)
        if plan is not None:
            handler = _direct_handler(self, plan, handler)

        if not depends_on(self.dependant, get_uow):

            async def run_alone(plain: Request) -> Response:
                return await handler(StrictJsonRequest(plain.scope, plain.receive))

            return run_alone

        async def run_in_unit_of_work(plain: Request) -> Response:
            request = StrictJsonRequest(plain.scope, plain.receive)
            db: Database = request.app.state.db
            response: Response | None = None
            async with db.unit_of_work() as uow:
                request.state.uow = uow
                response = await handler(request)
                if response.status_code >= 400:
                    await uow.rollback()
            return response

        return run_in_unit_of_work


# `async def`, as every dependency here: FastAPI runs a plain `def` dependency in the thread pool,
# a thread hop per request for an attribute read.
async def get_uow(request: Request) -> UnitOfWork:
    uow: UnitOfWork = request.state.uow
    return uow


Uow = Annotated[UnitOfWork, Depends(get_uow)]
resolve_directly(get_uow, get_uow)


def model_response(model: BaseModel, status_code: int = 200) -> Response:
    """`model` as the JSON FastAPI would answer, serialized here once. For hot reads: FastAPI
    validates a returned model against the response model again before serializing it; a
    `Response` it sends as it is. Declare the model in the decorator (`response_model=`) so the
    OpenAPI schema stays the same."""
    return Response(
        model.__pydantic_serializer__.to_json(model), status_code, media_type="application/json"
    )
