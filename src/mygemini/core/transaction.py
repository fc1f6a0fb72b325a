"""A route class that wraps every endpoint in one unit of work.

Errors roll back. An `AppError` subclass with `commits = True` (e.g. "refresh token reused", which
must revoke the whole family *and* answer 401) commits what was done before it was raised.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute

from mygemini.core.db import Database, UnitOfWork


class TransactionalRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run_in_unit_of_work(request: Request) -> Response:
            db: Database = request.app.state.db
            response: Response | None = None
            async with db.unit_of_work() as uow:
                request.state.uow = uow
                response = await handler(request)
                if response.status_code >= 400:
                    await uow.rollback()
            return response

        return run_in_unit_of_work


def get_uow(request: Request) -> UnitOfWork:
    uow: UnitOfWork = request.state.uow
    return uow


Uow = Annotated[UnitOfWork, Depends(get_uow)]
