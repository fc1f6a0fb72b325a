"""How many cores this process may keep busy: its CPU set, narrowed by its cgroup's CPU quota.

A container limited to 2 CPUs on a 64-core host sees 64 cores in its CPU set; work sized by that
(password hashes in turns, core/security.py) would run 64 at once, each holding its memory, on a
2-CPU quota. The quota (cgroup v2 `cpu.max`, v1 `cpu.cfs_quota_us`) of the process's cgroup or
of any above it, whichever is smallest, rounded up, caps the count.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_CGROUP = Path("/proc/self/cgroup")


def usable_cores(root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_CGROUP) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    quota = cpu_quota(root, proc_cgroup)
    if quota is not None:
        return max(1, min(cores or 1, math.ceil(quota)))
    return cores or 1


def cpu_quota(root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_CGROUP) -> float | None:
    """The smallest CPU quota, in CPUs, over this process's cgroup and those above it; None
    where none is set or the OS has no cgroups."""
    try:
        lines = proc_cgroup.read_text().splitlines()
    except OSError:
        return None
    quotas: list[float] = []
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        if controllers == "":  # cgroup v2: one hierarchy
            quotas += _quotas(_dirs(root, path), _v2)
        elif "cpu" in controllers.split(","):  # cgroup v1: the cpu controller's hierarchy
            mount = root / controllers
            quotas += _quotas(_dirs(mount if mount.is_dir() else root / "cpu", path), _v1)
    return min(quotas, default=None)


def _dirs(mount: Path, path: str) -> Iterator[Path]:
    """The process's cgroup and each one above it that this mount shows. Inside a container
    the mount is the container's own cgroup, and the host's path (which /proc may still name)
    is absent below it: the mount itself is then all there is to read."""
    here = mount / path.strip("/")
    while True:
        if here.is_dir():
            yield here
        if here == mount or mount not in here.parents:
            return
        here = here.parent


def _quotas(dirs: Iterator[Path], read: Callable[[Path], float | None]) -> list[float]:
    return [quota for quota in map(read, dirs) if quota is not None]


def _v2(directory: Path) -> float | None:
    try:
        quota, period = (directory / "cpu.max").read_text().split()
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        return None


def _v1(directory: Path) -> float | None:
    try:
        quota = int((directory / "cpu.cfs_quota_us").read_text())
        period = int((directory / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return quota / period if quota > 0 and period > 0 else None
