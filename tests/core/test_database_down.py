"""A database that does not answer gets a 503 with the JSON error body, never a plain-text 500."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from mygemini.app import create_app
from mygemini.core.security import create_access_token
from tests.conftest import make_settings
from tests.live import free_port


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
async def test_requests_answer_503_json_while_the_database_is_unreachable(
    tmp_path: Path, backend: str
) -> None:
    # Nothing listens on the port / the folder does not exist: every connection attempt fails.
    url = (
        f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/test"
        if backend == "postgresql"
        else f"sqlite+aiosqlite:///{tmp_path}/missing/mygemini.db"
    )
    app = create_app(make_settings(tmp_path, url, ""))
    token = create_access_token(1, app.state.ctx.settings.auth.jwt_secret, 5)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        answers = [
            await c.post("/api/auth/login", json={"email": "a@example.com", "password": "x" * 10}),
            await c.get("/api/feed"),
            await c.get("/api/health"),
            # A write on the driver (core/driver.py), past the ORM's error handling.
            await c.put("/api/users/someone/follow", headers={"Authorization": f"Bearer {token}"}),
        ]
    for r in answers:
        assert r.status_code == 503, r.text
        assert r.json()["error"] in {"ServiceUnavailable", "DatabaseUnavailable"}
        assert r.headers["content-type"].startswith("application/json")
    await app.state.ctx.db.dispose()
