"""Health, error bodies, request ids, the SPA fallback and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
from fastapi import FastAPI

from mygemini.app import create_app
from tests.conftest import client_for, make_settings


async def test_health(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/health")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


async def test_health_reports_a_dead_database(tmp_path: Path) -> None:
    bad = make_settings(tmp_path, f"sqlite+aiosqlite:///{tmp_path}/missing/dir/x.db", "")
    app = create_app(bad)
    async with client_for(app) as c:
        r = await c.get("/api/health")
    assert r.status_code == 503 and r.json()["error"] == "DatabaseUnavailable"


async def test_unknown_api_paths_and_methods_use_the_error_body(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/nothing/here")
    assert r.status_code == 404 and set(r.json()) == {"error", "detail"}
    r = await client.delete("/api/health")
    assert r.status_code == 405 and r.json()["error"] == "MethodNotAllowed"


async def test_request_id_is_echoed_or_made(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/health", headers={"X-Request-ID": "abc123"})
    assert r.headers["x-request-id"] == "abc123"
    r = await client.get("/api/health")
    assert len(r.headers["x-request-id"]) == 32


async def test_spa_fallback_serves_index_and_assets_but_not_outside(
    tmp_path: Path, database_url: str
) -> None:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<html>mygemini app</html>")
    (dist / "assets" / "app.js").write_text("console.log(1)")
    (dist / "favicon.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("do not serve")
    settings = make_settings(tmp_path, database_url, "")
    settings.web_dist = dist
    app: FastAPI = create_app(settings)
    async with client_for(app) as c:
        for path in ("/", "/u/someone", "/onboarding"):
            r = await c.get(path)
            assert r.status_code == 200 and "mygemini app" in r.text
        assert (await c.get("/assets/app.js")).text == "console.log(1)"
        assert (await c.get("/favicon.svg")).text == "<svg/>"
        assert "do not serve" not in (await c.get("/../secret.txt")).text
        assert "do not serve" not in (await c.get("/%2e%2e/secret.txt")).text
    await app.state.ctx.db.dispose()


def test_cli_writes_the_openapi_document(tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    subprocess.run(
        [sys.executable, "-m", "mygemini.cli", "openapi", str(target)],
        check=True,
        env={"MYGEMINI_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    doc = json.loads(target.read_text())
    assert "/api/auth/signup" in doc["paths"] and "/api/users/{nickname}/follow" in doc["paths"]
