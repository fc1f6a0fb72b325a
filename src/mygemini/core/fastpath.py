"""Routes that answer a plainly valid hot read by hand, before FastAPI's request plumbing.

A route of `FastPathRoute` first asks its `answer` for the response. `answer` returns one only
when it has no doubt that FastAPI would answer the same bytes: every parameter plainly valid, no
error. Anything else — a parameter FastAPI's validation might read otherwise, any error, a
request it was not written for — it returns None, and FastAPI's own handler answers as always,
so error bodies, status codes and the OpenAPI schema are those of the declared endpoint.

What it skips is per-request machinery, not rules: dependency solving, pydantic's validation of
each query parameter, validating the page against its model before serializing it. On a feed
page that was ~30 % of the CPU (bench/README.md). `Settings.fast_reads` switches it off, and the
tests compare both ways' answers (tests/gallery/test_feed_query.py).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Response
from starlette.types import Receive, Scope, Send

from mygemini.core.context import AppContext
from mygemini.core.transaction import TransactionalRoute

# What pydantic writes for plain data (str, int, bool, None, lists, str-keyed dicts): compact,
# non-ASCII text as UTF-8, the same escapes (`"`, `\\`, \b \f \n \r \t, other control characters
# as lower-case \u00XX). Not for floats: pydantic writes some (inf, nan) otherwise.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def plain_json(data: Any) -> bytes:
    """`data` (plain values from our own rows) as the bytes FastAPI's `model_response` of the
    same data validated into its model would carry."""
    return _ENCODER.encode(data).encode()


class FastPathRoute(TransactionalRoute):
    """A GET route that may answer by hand (`answer`); FastAPI's handler answers the rest."""

    # Requests this route answered by hand (tests and benches check that the path is taken).
    answered = 0

    async def answer(self, scope: Scope, ctx: AppContext) -> Response | None:
        """The response, when the request is plainly valid and answered without error; None
        for FastAPI to answer it instead. Must not have sent anything or changed anything."""
        return None

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        app = scope.get("app")
        # Dependency overrides (a test's) would apply to FastAPI's handler only.
        if scope["method"] == "GET" and app is not None and not app.dependency_overrides:
            ctx: AppContext = app.state.ctx
            if ctx.settings.fast_reads:
                response = await self.answer(scope, ctx)
                if response is not None:
                    self.answered += 1
                    await response(scope, receive, send)
                    return
        await super().handle(scope, receive, send)
