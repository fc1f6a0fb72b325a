"""The garbage collector and what a process builds at start-up.

A server process holds a large heap from start-up on (modules, the app and its routes, pydantic
and SQLAlchemy schemas) that lives as long as the process. CPython's collector walks all of it
on every full collection: 30-130 ms each, landing in the middle of whatever is running (the
round of 200 follows in which one fell took twice the CPU and p99 ~380 ms instead of ~180;
bench/push_bench.py). Frozen, start-up's objects are left out of every collection; refcounting
still frees them as before, and what requests and jobs allocate is collected as always.
"""

from __future__ import annotations

import gc


def freeze_start_up_heap() -> None:
    """Once a process has built what it serves with, and before it serves: collect what
    start-up left behind, then leave the rest out of later collections. For long-lived server
    processes only (`serve`, `worker`): a test process building many apps would keep their
    cycles for good."""
    gc.collect()
    gc.freeze()
