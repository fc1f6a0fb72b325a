"""Serves the built web app (web/dist) with an SPA fallback to index.html."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.routing import iter_route_contexts
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, compile_path

from mygemini.errors import NotFound

# Every method a client may send (HTTP's own, WebDAV's and the proposed QUERY): one the fallback
# does not take would meet the first route of the path instead, whose 405 names only its methods.
# Names the HTTP server itself rejects never get here.
_ALL_METHODS = [
    *("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"),
    *("PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH", "REPORT"),
    *("QUERY", "LINK", "UNLINK", "PURGE"),
]

# No style attributes: the Content-Security-Policy allows no inline styles.
_NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>mygemini</title>
<h1>mygemini</h1><p>The web app is not built yet. Run <code>make run</code>.</p>
<p>The API is at <a href="/docs">/docs</a>.</p>"""


def default_dist() -> Path:
    # src/mygemini/core/spa.py → repository root → web/dist (an editable install or `make run`).
    return Path(__file__).resolve().parents[3] / "web" / "dist"


@functools.cache
def _path_regex(path: str) -> re.Pattern[str]:
    return compile_path(path)[0]


def allowed_methods(app: FastAPI, request: Request, *, before: BaseRoute) -> list[str]:
    """The methods the routes of this path answer (none: there is no such path). Only routes
    registered `before` the fallback count: it takes every method, so none after it is reached."""
    allowed: set[str] = set()
    for route in iter_route_contexts(app.router.routes):
        if route.original_route is before:
            break
        if route.methods and route.path and _path_regex(route.path).match(request.scope["path"]):
            allowed |= route.methods
    return sorted(allowed)


def mount_api_fallback(app: FastAPI) -> None:
    """Unknown /api paths answer 404 and known ones called with another method 405 with `Allow`,
    both as JSON errors. Without this the SPA's catch-all GET takes every GET under /api, so a
    GET on a POST-only endpoint answered 404, and Starlette's own 405 named only the methods of
    the first route it found for the path (`Allow: GET` for `/api/me`, which also takes PATCH)."""

    async def api_fallback(request: Request) -> Response:
        allowed = allowed_methods(app, request, before=fallback)
        if not allowed:
            raise NotFound("No such endpoint.")
        raise HTTPException(
            405, f"This endpoint answers {', '.join(allowed)}.", {"Allow": ", ".join(allowed)}
        )

    app.add_api_route(
        "/api/{rest:path}", api_fallback, methods=_ALL_METHODS, include_in_schema=False
    )
    fallback = app.router.routes[-1]


_DOCS_NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>mygemini API</title>
<h1>mygemini API</h1><p>The API docs page ships with the web app, which is not built yet.
Run <code>make run</code>; the schema itself is at <a href="/openapi.json">/openapi.json</a>.</p>"""


def mount_docs(app: FastAPI, root: Path) -> None:
    """/docs: Swagger UI from the web build (web/api-docs, its bundle copied from the npm
    registry at install), never from a CDN: nothing is downloaded at run time."""

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        page = root / "api-docs" / "index.html"
        if not page.is_file():
            return HTMLResponse(_DOCS_NOT_BUILT)
        return FileResponse(page, headers={"Cache-Control": "no-cache"})


def mount_spa(app: FastAPI, dist: Path | None) -> None:
    root = (dist or default_dist()).resolve()
    mount_api_fallback(app)
    mount_docs(app, root)
    if (root / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=root / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    async def spa(path: str, request: Request) -> Response:
        if path in ("api", "media") or path.startswith(("api/", "socket.io", "media/")):
            raise NotFound("No such endpoint.")
        index = root / "index.html"
        if not index.is_file():
            return HTMLResponse(_NOT_BUILT)
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            return FileResponse(candidate)
        # index.html must never be cached: it names the current hashed asset files.
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
