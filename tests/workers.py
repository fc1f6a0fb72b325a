"""Separate `mygemini worker` processes for the scaled-out pass (jobs over Redis).

In the embedded pass jobs run inside the app under test, so `start_worker` does nothing there.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import signal
import socket
import subprocess
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
    """A running `mygemini worker`: spawned from the executable, or forked from the zygote."""

    def __init__(
        self,
        pid: int,
        output: asyncio.StreamReader,
        *,
        pidfd: int | None = None,
        proc: asyncio.subprocess.Process | None = None,
    ) -> None:
        self.pid = pid
        self.proc = proc  # when this process is its parent: reaped through asyncio
        # Watches the process's end whoever its parent is; signals through it never reach a
        # process that reused the pid. -1: it had ended (and been reaped) already.
        if pidfd is None:
            try:
                pidfd = os.pidfd_open(pid)
            except ProcessLookupError:
                pidfd = -1
        self.pidfd = pidfd
        # Everything it logged so far (stdout and stderr).
        self.lines: list[str] = []
        self.output = output
        self.drainer: asyncio.Task[None] | None = None

    def kill(self) -> None:
        """SIGKILL: the worker gets no chance to clean up, like a crashed GPU host."""
        if self.pidfd >= 0:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)

    async def wait(self) -> None:
        if self.pidfd >= 0:
            loop = asyncio.get_running_loop()
            ended = loop.create_future()

            def on_end() -> None:
                if not ended.done():
                    ended.set_result(None)

            loop.add_reader(self.pidfd, on_end)
            try:
                await ended
            finally:
                loop.remove_reader(self.pidfd)
            os.close(self.pidfd)
            self.pidfd = -1
        if self.proc is not None:
            await self.proc.wait()
        if self.drainer is not None:
            await self.drainer

    async def until_ready(self) -> None:
        """Returns once it logs that it is ready; kills it and raises if it does not."""

        async def first_lines() -> None:
            while True:
                line = (await self.output.readline()).decode(errors="replace")
                if not line:
                    raise RuntimeError("worker exited before it was ready:\n" + "".join(self.lines))
                self.lines.append(line)
                if "worker ready" in line:
                    return

        try:
            await asyncio.wait_for(first_lines(), 60)
        except BaseException:
            self.kill()
            await self.wait()
            raise

        async def drain() -> None:
            while line := await self.output.readline():
                self.lines.append(line.decode(errors="replace"))

        self.drainer = asyncio.get_running_loop().create_task(drain())


async def spawn_worker(settings: Settings) -> WorkerProcess:
    """The `mygemini` executable itself, started afresh (what crash and restart tests need)."""
    proc = await asyncio.create_subprocess_exec(
        MYGEMINI,
        "worker",
        env=worker_env(settings),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert proc.stdout is not None
    worker = WorkerProcess(proc.pid, proc.stdout, proc=proc)
    await worker.until_ready()
    return worker


class _Zygote:
    """tests/worker_zygote.py, started on first use and ended with the test run."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {k: v for k, v in os.environ.items() if not k.startswith("MYGEMINI_")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.worker_zygote", str(theirs.fileno())],
            env=env,
            cwd=Path(__file__).parent.parent,
            pass_fds=[theirs.fileno()],
            stdout=subprocess.DEVNULL,  # its own output is nothing; a failed import shows
        )
        theirs.close()
        # Its imports take a few seconds on a busy machine; a hung zygote fails the test.
        ours.settimeout(60)
        self.requests = ours

    def alive(self) -> bool:
        return self.proc.poll() is None

    def fork(self, env: dict[str, str], output: int) -> tuple[int, int]:
        """The new worker's pid and a pidfd for it."""
        socket.send_fds(self.requests, [json.dumps(env).encode()], [output])
        answer, fds, _, _ = socket.recv_fds(self.requests, 64, 1)
        if not answer or not fds:
            raise RuntimeError(f"the worker zygote ended (exit status {self.proc.wait()})")
        return int(answer), fds[0]

    def close(self) -> None:
        self.requests.close()  # end of file: it returns
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


_zygote: list[_Zygote] = []


def _the_zygote() -> _Zygote:
    if _zygote and not _zygote[0].alive():
        _zygote.pop().close()
    if not _zygote:
        _zygote.append(_Zygote())
        atexit.register(_zygote[0].close)
    return _zygote[0]


async def fork_worker(settings: Settings) -> WorkerProcess:
    """A `mygemini worker` forked from a process that has already imported it (~0.45 s of CPU
    where a fresh start takes ~2.2 s): its own process, environment and output."""
    read_end, write_end = os.pipe()
    try:
        pid, pidfd = _the_zygote().fork(worker_env(settings), write_end)
    except BaseException:
        os.close(read_end)
        raise
    finally:
        os.close(write_end)
    loop = asyncio.get_running_loop()
    output = asyncio.StreamReader(limit=1 << 20)
    await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(output), os.fdopen(read_end, "rb", 0)
    )
    worker = WorkerProcess(pid, output, pidfd=pidfd)
    await worker.until_ready()
    return worker


@asynccontextmanager
async def start_worker(settings: Settings) -> AsyncIterator[WorkerProcess | None]:
    if not settings.redis_url:
        yield None
        return
    worker = await fork_worker(settings)
    try:
        yield worker
    finally:
        worker.kill()
        await worker.wait()
