"""`GET /api/feed` answered by hand when the query is plainly valid (core/fastpath.py).

"Plainly valid" is narrower than what FastAPI accepts, never wider: only the endpoint's own
parameters, each at most once (`attr` up to `filters.MAX_ATTRS` times), `kind` one of the kinds,
`limit` written as a plain number 1-60, every `attr` of the pattern, `q` and `cursor` within
their lengths. Whatever FastAPI might read otherwise (`limit=024`, `limit=1.0`, a repeated or an
unknown parameter, a blank `attr`) goes to FastAPI, as does every error: an invalid token, an
unknown look, a bad cursor. The viewer is the endpoint's own dependency called as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import Request, Response
from starlette.datastructures import QueryParams
from starlette.types import Scope

from mygemini.auth import optional_viewer
from mygemini.core.context import AppContext
from mygemini.core.fastpath import FastPathRoute, plain_json
from mygemini.core.pagination import CURSOR_MAX_LENGTH
from mygemini.errors import AppError
from mygemini.gallery import feeds, filters

_ATTR = re.compile(filters.ATTR_PATTERN)
_SINGLE = frozenset({"kind", "q", "cursor", "limit"})
# A page size written plainly: no sign, space, leading zero or decimal point.
_LIMIT = re.compile(r"[1-9][0-9]?")


@dataclass(frozen=True, slots=True)
class FeedQuery:
    kind: str = "latest"
    attrs: tuple[str, ...] = ()
    q: str | None = None
    cursor: str | None = None
    limit: int = feeds.DEFAULT_LIMIT


def plain_query(query_string: bytes) -> FeedQuery | None:
    """The query as FastAPI would validate it, when it plainly passes; else None."""
    # Parsed as FastAPI's request parses it (the same text, the same decoding).
    single: dict[str, str] = {}
    attrs: list[str] = []
    for name, value in QueryParams(query_string).multi_items():
        if name == "attr":
            # fullmatch: `$` alone would let a trailing newline through, which pydantic refuses.
            if _ATTR.fullmatch(value) is None:
                return None
            attrs.append(value)
        elif name in _SINGLE and name not in single:
            single[name] = value
        else:
            return None
    if len(attrs) > filters.MAX_ATTRS:
        return None
    kind = single.get("kind", "latest")
    if kind not in feeds.KINDS:
        return None
    limit = feeds.DEFAULT_LIMIT
    if "limit" in single:
        if _LIMIT.fullmatch(single["limit"]) is None:
            return None
        limit = int(single["limit"])
        if limit > feeds.MAX_LIMIT:
            return None
    q = single.get("q")
    if q is not None and len(q) > filters.MAX_QUERY:
        return None
    cursor = single.get("cursor")
    if cursor is not None and len(cursor) > CURSOR_MAX_LENGTH:
        return None
    return FeedQuery(kind, tuple(attrs), q, cursor, limit)


class FeedRoute(FastPathRoute):
    async def answer(self, scope: Scope, ctx: AppContext) -> Response | None:
        query = plain_query(scope["query_string"])
        if query is None:
            return None
        try:
            # Without an Authorization header the dependency answers None; reading the
            # headers into a mapping to learn that cost more than the rest of it.
            viewer = (
                await optional_viewer(Request(scope))
                if any(name == b"authorization" for name, _ in scope["headers"])
                else None
            )
            wanted = filters.parse(query.attrs, query.q)
            page = await feeds.feed_data(ctx, query.kind, viewer, wanted, query.cursor, query.limit)
        except AppError:
            return None  # FastAPI's handler meets it again and answers it as declared
        return Response(plain_json(page), media_type="application/json")
