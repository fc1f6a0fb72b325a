"""`mygemini serve` as a process: SIGTERM ends it within the grace period even while a client
holds a socket.io long poll open."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from pathlib import Path

import httpx

from mygemini.config import Settings
from tests.live import free_port
from tests.waiting import eventually
from tests.workers import MYGEMINI, worker_env

GRACE = 5  # the default of `mygemini serve --shutdown-grace`
# Start-up and the lifespan's own shutdown come on top of the grace; an Engine.IO long poll,
# which is what held the process before, lasts the ping interval (25 s).
MARGIN = 8


def _read(log: Path) -> str:
    return log.read_text(errors="replace")


async def _until_healthy(base: str, proc: asyncio.subprocess.Process, log: Path) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=2) as http:

        async def healthy() -> bool:
            assert proc.returncode is None, f"serve exited ({proc.returncode})"
            try:
                return (await http.get("/api/health")).status_code == 200
            except httpx.TransportError:
                return False

        try:
            await eventually(healthy, "serve to come up", within=60)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{_read(log)}") from None


async def test_sigterm_ends_serve_within_the_grace_despite_a_long_poll(
    settings: Settings, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = worker_env(settings)
    env.update(MYGEMINI_STUDIO__WARM_PREVIEWS="false", MYGEMINI_WEB_DIST=str(settings.web_dist))
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = await asyncio.create_subprocess_exec(
            MYGEMINI, "serve", "--port", str(port), env=env, stdout=out, stderr=out
        )
    try:
        await _until_healthy(base, proc, log)
        async with httpx.AsyncClient(base_url=base, timeout=60) as poller:
            r = await poller.get("/socket.io/?EIO=4&transport=polling")
            sid = r.text.split('"sid":"', 1)[1].split('"', 1)[0]
            # No socket.io connect follows, so this poll waits for the first ping (25 s).
            poll = asyncio.create_task(poller.get(f"/socket.io/?EIO=4&transport=polling&sid={sid}"))
            # Requests reach the server in order: once a later one is answered, the poll is
            # being held there.
            async with httpx.AsyncClient(base_url=base) as other:
                assert (await other.get("/api/health")).status_code == 200
            assert not poll.done()
            started = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            await asyncio.wait_for(proc.wait(), GRACE + MARGIN)
            assert time.monotonic() - started < GRACE + MARGIN
            poll.cancel()
            with contextlib.suppress(asyncio.CancelledError, httpx.HTTPError):
                await poll
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
