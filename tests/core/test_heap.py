"""Server processes keep picture-sized buffers for reuse (core/heap.py).

Each case runs in a fresh interpreter: malloc's settings are the process's for good."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

# Eight 1.5 MB buffers made and freed, 40 times over: a job's canvas, its rows and their
# filtered copy, a few jobs at once. Prints the page faults the rounds after the first took.
_ROUNDS = """
import resource
from mygemini.core.heap import reuse_freed_buffers
tuned = reuse_freed_buffers()
def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
def round_():
    buffers = [bytearray(1_500_000) for _ in range(8)]
    for b in buffers:
        b[::4096] = b"x" * len(b[::4096])  # touch every page, as encoding does
    del buffers
round_()
before = faults()
for _ in range(40):
    round_()
print(tuned, faults() - before)
"""


def _faults() -> tuple[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", _ROUNDS], capture_output=True, text=True, check=True
    ).stdout.split()
    return out[0], int(out[1])


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="tunes glibc's malloc only")
def test_freed_picture_buffers_are_reused_not_mapped_afresh() -> None:
    tuned, faults = _faults()
    assert tuned == "True"
    # 8 × 1.5 MB is ~2,900 pages a round. With glibc's defaults (on this project's machines)
    # the heap gives them back and faults them in again every round: 115,951 faults in all.
    # How many the defaults give depends on the host (transparent huge pages, tunables), so
    # only the tuned process is held to a number.
    assert faults < 40 * 50, faults
