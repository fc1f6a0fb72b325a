"""Route selection that skips the routes a path cannot match.

FastAPI (0.13x+) keeps each `include_router` as one entry of the app's routes and picks the route
by trying every route of every included router in turn, twice for the router that has it
(`matches`, then `handle`). With ~70 routes that was a tenth of a feed page's CPU. A route's
path can only match paths that start with its text up to the first `{` (the path regex is
anchored and the text is literal), so before trying the routes of an included router in turn,
those whose literal start the path lacks are left out. Which route wins is unchanged: the same
routes are tried in the same order, minus ones that could not have matched
(tests/core/test_routing.py compares every route's choice with FastAPI's own).

Only FastAPI route contexts are left out; mounts, nested routers and anything else are always
tried. On a FastAPI whose internals differ, nothing is changed.
"""

from __future__ import annotations

import logging
from typing import Any

import fastapi.routing as fastapi_routing
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope

log = logging.getLogger(__name__)

# FastAPI's own (private) classes; absent or different in other versions.
_INCLUDED: Any = getattr(fastapi_routing, "_IncludedRouter", None)
_CONTEXT: Any = getattr(fastapi_routing, "_EffectiveRouteContext", None)


# Paths whose candidate routes each included router keeps (emptied when full).
PATHS_KEPT = 2048
PATH_KEPT_MAX = 200


def literal_start(path: str) -> str:
    """The text every path a route pattern matches starts with."""
    return path.split("{", 1)[0]


# An included router's candidates, the literal start of each (None: always tried), and the
# candidates per path.
_Kept = tuple[list[Any], list[str | None], dict[str, list[Any]]]


def _start_of(candidate: Any) -> str | None:
    """What a path must start with for `candidate` to match it; None if it is not known."""
    if (
        isinstance(candidate, _CONTEXT)
        and isinstance(candidate.original_route, APIRoute)
        and isinstance(candidate.path, str)
    ):
        return literal_start(candidate.path)
    return None


def _filtered_router_class() -> Any:
    if _INCLUDED is None or _CONTEXT is None:
        return None
    if not all(hasattr(_INCLUDED, name) for name in ("_match", "effective_candidates")):
        return None

    class PrefixFilteredRouter(_INCLUDED):  # type: ignore[misc]
        """An included router that tries only the routes the path can match."""

        _narrowed: list[Any] | None = None

        def effective_candidates(self) -> list[Any]:
            narrowed = self._narrowed
            if narrowed is not None:
                return narrowed
            candidates: list[Any] = super().effective_candidates()
            return candidates

        def _candidates_for(self, path: str) -> list[Any]:
            """The routes `path` may match, in order; kept per path (a bounded number)."""
            candidates = super().effective_candidates()
            kept: _Kept | None = self.__dict__.get("_kept")
            if kept is None or kept[0] is not candidates:  # the routes changed
                kept = (candidates, [_start_of(c) for c in candidates], {})
                self.__dict__["_kept"] = kept
            found = kept[2].get(path)
            if found is None:
                # Paths with a person's or a gemini's name in them are mostly new: the test
                # on each route is one `startswith` of text worked out once.
                found = [
                    candidate
                    for candidate, start in zip(candidates, kept[1], strict=True)
                    if start is None or path.startswith(start)
                ]
                if len(path) <= PATH_KEPT_MAX:  # a stranger's long junk paths are not kept
                    if len(kept[2]) >= PATHS_KEPT:
                        kept[2].clear()
                    kept[2][path] = found
            return found

        def matches(self, scope: Scope) -> tuple[Match, Scope]:
            if scope.get("type") == "http" and not self._candidates_for(get_route_path(scope)):
                return Match.NONE, {}  # what FastAPI answers after trying none
            result: tuple[Match, Scope] = super().matches(scope)
            return result

        def _match(self, scope: Scope) -> Any:
            if scope.get("type") != "http":
                return super()._match(scope)
            self._narrowed = self._candidates_for(get_route_path(scope))
            try:
                return super()._match(scope)
            finally:
                self._narrowed = None

    return PrefixFilteredRouter


PrefixFilteredRouter = _filtered_router_class()


def narrow_route_matching(app: FastAPI) -> int:
    """Make the app's included routers try only the routes a path can match; how many."""
    if PrefixFilteredRouter is None:  # pragma: no cover
        log.info("route matching left as FastAPI does it (unknown FastAPI internals)")
        return 0
    changed = 0
    for route in app.router.routes:
        if type(route) is _INCLUDED:
            route.__class__ = PrefixFilteredRouter
            changed += 1
    return changed
