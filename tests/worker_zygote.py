"""A process that has imported what `mygemini worker` imports and forks a worker on request.

The scaled-out pass starts a separate worker process for most studio tests (60 in a run). A fresh
`mygemini worker` spends ~2 s of CPU importing FastAPI, SQLAlchemy, taskiq, Pillow and the
domains before it is ready: over 100 s of each CI run on two cores. A child forked from here
runs the same `mygemini.cli.main(["worker"])` with its own environment, in its own process that
a test can kill, and is ready in a fraction of that. Tests that exercise the real executable's
start (crash and restart tests) still spawn it with `tests.workers.spawn_worker`.

Protocol, over the socket whose fd is the one argument: the test sends the worker's environment
as JSON along with the write end of a pipe (SCM_RIGHTS) for the worker's stdout and stderr; this
answers the child's pid. End of file on the socket ends this process.
"""

from __future__ import annotations

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


def _run_worker(env: dict[str, str], output: int) -> None:
    """In the child: become a fresh `mygemini worker` writing to `output`; never returns."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.close(output)
    os.environ.clear()
    os.environ.update(env)
    code = 0
    try:
        mygemini.cli.main(["worker"])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:  # the child must end here, whatever happened
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def main() -> None:
    # Children are reaped at once: a test watches its worker's end through a pidfd.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    requests = socket.socket(fileno=int(sys.argv[1]))
    while True:
        message, fds, _, _ = socket.recv_fds(requests, 1 << 20, 1)
        if not message:
            return
        env = json.loads(message)
        pid = os.fork()
        if pid == 0:
            requests.close()
            _run_worker(env, fds[0])
        os.close(fds[0])
        requests.sendall(f"{pid}\n".encode())


if __name__ == "__main__":
    main()
