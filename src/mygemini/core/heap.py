"""The garbage collector and what a process builds at start-up; malloc and a worker's pictures.

A server process holds a large heap from start-up on (modules, the app and its routes, pydantic
and SQLAlchemy schemas) that lives as long as the process. CPython's collector walks all of it
on every full collection: 30-130 ms each, landing in the middle of whatever is running (the
round of 200 follows in which one fell took twice the CPU and p99 ~380 ms instead of ~180;
bench/push_bench.py). Frozen, start-up's objects are left out of every collection; refcounting
still frees them as before, and what requests and jobs allocate is collected as always.
"""

from __future__ import annotations

import ctypes
import gc


def freeze_start_up_heap() -> None:
    """Once a process has built what it serves with, and before it serves: collect what
    start-up left behind, then leave the rest out of later collections. For long-lived server
    processes only (`serve`, `worker`): a test process building many apps would keep their
    cycles for good."""
    gc.collect()
    gc.freeze()


# glibc's mallopt(3) parameters, from <malloc.h>.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
# A portrait's buffers (a 512×680 canvas is 1.4 MB in Pillow, its rows and their filtered copy
# 1 MB each in numpy) are above glibc's starting mmap threshold of 128 KiB: mapped fresh, and
# once glibc's adaptive threshold moves them onto the heap, freeing them leaves more at the
# heap's top than its trim threshold, which is given back and faulted in (zeroed page by page)
# again by the next job. ~500 page faults a job, about half of encoding a portrait's CPU
# (bench/README.md, ninth pass). Fixed thresholds keep them on the heap for reuse; free space
# at a heap's top above 16 MiB is still given back.
# The worker's jobs took ~15 % less CPU for ~30 MiB more resident; `serve` in the embedded
# default showed no gain in jobs a second and a less steady RSS, so only the worker does this.
_MAP_FROM = 4 << 20
_GIVE_BACK_ABOVE = 16 << 20


def reuse_freed_buffers() -> bool:
    """Let glibc's malloc reuse freed picture-sized buffers instead of mapping new pages for each.
    For the worker process. False where the C library is not glibc (nothing changes there)."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(
        mallopt(_M_MMAP_THRESHOLD, _MAP_FROM) and mallopt(_M_TRIM_THRESHOLD, _GIVE_BACK_ABOVE)
    )
