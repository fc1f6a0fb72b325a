"""Run an ASGI app on a real loopback port inside the test's event loop."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn

from tests.waiting import eventually


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@asynccontextmanager
async def serving(
    asgi_app: Any, port: int | None = None, *, lifespan: bool = False, **options: Any
) -> AsyncIterator[str]:
    """Serve on `port` (a free one when None) until the block ends; yields the base URL.
    `lifespan`: run the app's start-up and shutdown too (its background loops), as `serve`.
    `options`: more of uvicorn's settings (e.g. those `mygemini serve` derives)."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            asgi_app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="on" if lifespan else "off",
            **options,
        )
    )
    task = asyncio.create_task(server.serve())

    async def started() -> bool:
        assert not task.done(), f"the test server stopped while starting: {task}"
        return server.started

    await eventually(started, "the test server to start", within=10)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)
