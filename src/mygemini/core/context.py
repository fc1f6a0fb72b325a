"""What services need from the running process, built once per process by the app or worker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from mygemini.config import Settings
from mygemini.core.db import Database
from mygemini.core.ratelimit import FailureWindow
from mygemini.core.realtime import Realtime


@dataclass
class AppContext:
    settings: Settings
    db: Database
    realtime: Realtime
    login_failures: FailureWindow


def get_context(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


Ctx = Annotated[AppContext, Depends(get_context)]
