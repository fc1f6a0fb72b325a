"""Serves the built web app (web/dist) with an SPA fallback to index.html."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from mygemini.errors import NotFound

# No style attributes: the Content-Security-Policy allows no inline styles.
_NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>mygemini</title>
<h1>mygemini</h1><p>The web app is not built yet. Run <code>make run</code>.</p>
<p>The API is at <a href="/docs">/docs</a>.</p>"""


def default_dist() -> Path:
    # src/mygemini/core/spa.py → repository root → web/dist (an editable install or `make run`).
    return Path(__file__).resolve().parents[3] / "web" / "dist"


def mount_spa(app: FastAPI, dist: Path | None) -> None:
    root = (dist or default_dist()).resolve()
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
