"""Separate `mygemini worker` processes for the scaled-out pass (jobs over Redis).

In the embedded pass jobs run inside the app under test, so `start_worker` does nothing there.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from mygemini.config import Settings

MYGEMINI = str(Path(sys.executable).with_name("mygemini"))


def worker_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYGEMINI_")}
    env.update(
        MYGEMINI_ENV="test",
        MYGEMINI_DATA_DIR=str(settings.data_dir),
        MYGEMINI_DATABASE_URL=settings.resolved_database_url,
        MYGEMINI_REDIS_URL=settings.redis_url,
        MYGEMINI_REDIS_PREFIX=settings.redis_prefix,
        MYGEMINI_JOBS_STREAM=settings.jobs_stream,
        MYGEMINI_REDIS_TIMEOUT_SECONDS=str(settings.redis_timeout_seconds),
        MYGEMINI_AUTH__JWT_SECRET=settings.auth.jwt_secret,
        MYGEMINI_AUTH__PASSWORD_TIME_COST=str(settings.auth.password_time_cost),
        MYGEMINI_AUTH__PASSWORD_MEMORY_KIB=str(settings.auth.password_memory_kib),
        MYGEMINI_AUTH__PASSWORD_PARALLELISM=str(settings.auth.password_parallelism),
        MYGEMINI_RENDER__BACKEND=settings.render.backend,
        MYGEMINI_RENDER__NOOP_SECONDS=str(settings.render.noop_seconds),
        MYGEMINI_JOBS__HEARTBEAT_INTERVAL_SECONDS=str(settings.jobs.heartbeat_interval_seconds),
        MYGEMINI_JOBS__HEARTBEAT_TIMEOUT_SECONDS=str(settings.jobs.heartbeat_timeout_seconds),
        MYGEMINI_JOBS__CONCURRENCY=str(settings.jobs.concurrency),
    )
    for name, value in settings.storage.model_dump().items():
        env[f"MYGEMINI_STORAGE__{name.upper()}"] = str(value)
    return env


class WorkerProcess:
    def __init__(self, proc: asyncio.subprocess.Process, lines: list[str]) -> None:
        self.proc = proc
        # Everything it logged so far (stdout and stderr).
        self.lines = lines
        self.drainer: asyncio.Task[None] | None = None

    def kill(self) -> None:
        """SIGKILL: the worker gets no chance to clean up, like a crashed GPU host."""
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)

    async def wait(self) -> None:
        await self.proc.wait()


async def spawn_worker(settings: Settings) -> WorkerProcess:
    proc = await asyncio.create_subprocess_exec(
        MYGEMINI,
        "worker",
        env=worker_env(settings),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert proc.stdout is not None
    seen: list[str] = []

    async def until_ready() -> None:
        assert proc.stdout is not None
        while True:
            line = (await proc.stdout.readline()).decode(errors="replace")
            if not line:
                raise RuntimeError("worker exited before it was ready:\n" + "".join(seen))
            seen.append(line)
            if "worker ready" in line:
                return

    await asyncio.wait_for(until_ready(), 60)

    async def drain() -> None:
        assert proc.stdout is not None
        while line := await proc.stdout.readline():
            seen.append(line.decode(errors="replace"))

    worker = WorkerProcess(proc, seen)
    worker.drainer = asyncio.get_running_loop().create_task(drain())
    return worker


@asynccontextmanager
async def start_worker(settings: Settings) -> AsyncIterator[WorkerProcess | None]:
    if not settings.redis_url:
        yield None
        return
    worker = await spawn_worker(settings)
    try:
        yield worker
    finally:
        worker.kill()
        await worker.wait()
