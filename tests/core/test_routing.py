"""Narrowed route matching (core/routing.py) picks the route FastAPI's own matching picks: for a
path made from every route of the app (and some that are nobody's), with every method."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI

from mygemini.core import routing
from mygemini.core.spa import _ALL_METHODS

pytestmark = pytest.mark.skipif(
    routing.PrefixFilteredRouter is None, reason="this FastAPI's routes are matched as it does"
)


def _paths(app: FastAPI) -> set[str]:
    found = {"/", "/api", "/api/", "/api/nobody", "/api/feed/", "/api/users/", "/docs", "/x"}
    for route in app.router.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        for context in contexts() if contexts else []:
            path = getattr(context, "path", None)
            if not isinstance(path, str):
                continue
            for value in ("1", "me", "x"):
                concrete = re.sub(r"\{[^}]*\}", value, path)
                found |= {concrete, concrete + "/", concrete + "/1", concrete.rstrip("/") + "x"}
    return found


def _choice(result: Any) -> tuple[Any, ...]:
    match, child_scope, route, context = result
    return (match, route, context, child_scope.get("path_params"))


def _without_empty(scope: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in scope.items() if v != {}}


def _scope(path: str, method: str) -> dict[str, Any]:
    return {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}


def test_every_route_is_chosen_as_fastapi_chooses_it(app: FastAPI) -> None:
    narrowed = [r for r in app.router.routes if isinstance(r, routing.PrefixFilteredRouter)]
    assert len(narrowed) >= 8  # every domain's router
    fastapis = routing.PrefixFilteredRouter.__mro__[1]
    stock, stock_matches = fastapis._match, fastapis.matches
    checked = 0
    for path in sorted(_paths(app)):
        for method in _ALL_METHODS:
            for router in narrowed:
                ours = _choice(router._match(_scope(path, method)))
                theirs = _choice(stock(router, _scope(path, method)))
                assert ours == theirs, (path, method)
                scope, their_scope = _scope(path, method), _scope(path, method)
                assert router.matches(scope) == stock_matches(router, their_scope)
                # FastAPI leaves its (empty) bookkeeping entry behind; it makes one when needed.
                assert _without_empty(scope) == _without_empty(their_scope)
                checked += 1
    assert checked > 10_000


def test_openapi_sees_every_route(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    assert "/api/feed" in paths and "/api/users/{nickname}" in paths
