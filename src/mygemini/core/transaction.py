"""A route class that wraps every endpoint in one unit of work.

Errors roll back. An `AppError` subclass with `commits = True` (e.g. "refresh token reused", which
must revoke the whole family *and* answer 401) commits what was done before it was raised.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute

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


class TransactionalRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

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
