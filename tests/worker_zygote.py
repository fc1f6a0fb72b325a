"""A process that has imported what `mygemini worker` imports and forks a worker on request.

The scaled-out pass starts a separate worker process for most studio tests (60 in a run). A fresh
`mygemini worker` spends ~2 s of CPU importing FastAPI, SQLAlchemy, taskiq, Pillow and the
domains before it is ready: over 100 s of each CI run on two cores. A child forked from here
runs the same `mygemini.cli.main(["worker"])` with its own environment, in its own process that
a test can kill, and is ready in a fraction of that. Tests that exercise the real executable's
start (crash and restart tests) still spawn it with `tests.workers.spawn_worker`.

Protocol, over the socket whose fd is the one argument: the test sends the worker's environment
as JSON along with the write end of a pipe (SCM_RIGHTS) for the worker's stdout and stderr; this
answers the child's pid along with a pidfd for it. End of file on the socket ends this process.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import socket
import sys

# Everything a worker loads before it is ready; nothing here reads settings or opens anything.
import taskiq.api

import mygemini.app
import mygemini.cli
import mygemini.core.heap
import mygemini.core.jobs
import mygemini.gallery.portraits
import mygemini.render.group
import mygemini.render.noop
import mygemini.tabletop.sockets
import mygemini.tabletop.stage_sockets
import mygemini.wallet.reconciler

# What the domains' `register` imports (mygemini/domains.py), as a worker's start does.
PRELOADED = (
    mygemini.app,
    mygemini.core.heap,
    mygemini.core.jobs,
    mygemini.gallery.portraits,
    mygemini.render.group,
    mygemini.render.noop,
    mygemini.tabletop.sockets,
    mygemini.tabletop.stage_sockets,
    mygemini.wallet.reconciler,
    taskiq.api,
)


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """SIGKILL this process when its parent (the zygote) ends, however it ends: a worker must
    not outlive a test run that was killed outright."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it ended before the request took effect
        os._exit(1)


def _run_worker(env: dict[str, str], output: int, parent: int) -> None:
    """In the child: become a fresh `mygemini worker` writing to `output`; never returns."""
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a fresh interpreter
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.close(output)
    os.environ.clear()
    os.environ.update(env)
    code = 0
    try:
        mygemini.cli.main(["worker"])
    except SystemExit as stop:  # as the interpreter maps it
        if stop.code is None:
            code = 0
        elif isinstance(stop.code, int):
            code = stop.code
        else:
            print(stop.code, file=sys.stderr)
            code = 1
    except BaseException:  # the child must end here, whatever happened
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def _reap() -> None:
    """Collect the workers that have ended (tests watch them through their pidfds)."""
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def main() -> None:
    # The test run's Ctrl-C or `timeout -s INT` ends it through the end of file on its socket.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests = socket.socket(fileno=int(sys.argv[1]))
    me = os.getpid()
    while True:
        message, fds, _, _ = socket.recv_fds(requests, 1 << 20, 1)
        _reap()
        if not message:
            return
        env = json.loads(message)
        pid = os.fork()
        if pid == 0:
            requests.close()
            _run_worker(env, fds[0], me)
        os.close(fds[0])
        # Opened while the child is still ours and unreaped, so its pid cannot have been reused.
        pidfd = os.pidfd_open(pid)
        socket.send_fds(requests, [str(pid).encode()], [pidfd])
        os.close(pidfd)


if __name__ == "__main__":
    main()
