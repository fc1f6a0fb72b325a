"""A route class that wraps every endpoint that takes a `Uow` in one unit of work.

An endpoint none of whose dependencies asks for the unit of work (a feed page read on its own
connection, a static answer) gets none: no session to open, commit and close per request.
Errors roll back. An `AppError` subclass with `commits = True` (e.g. "refresh token reused", which
must revoke the whole family *and* answer 401) commits what was done before it was raised.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

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


class TransactionalRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

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


def model_response(model: BaseModel, status_code: int = 200) -> Response:
    """`model` as the JSON FastAPI would answer, serialized here once. For hot reads: FastAPI
    validates a returned model against the response model again before serializing it; a
    `Response` it sends as it is. Declare the model in the decorator (`response_model=`) so the
    OpenAPI schema stays the same."""
    return Response(
        model.__pydantic_serializer__.to_json(model), status_code, media_type="application/json"
    )
