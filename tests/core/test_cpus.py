"""The cores a process may keep busy: its CPU set, capped by a cgroup CPU quota (core/cpus.py).

The cgroup trees here are directories laid out as the kernel shows them."""

from __future__ import annotations

import os
from pathlib import Path

from mygemini.core.cpus import cpu_quota, usable_cores


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _affinity() -> int:
    return len(os.sched_getaffinity(0))


def test_v2_the_smallest_quota_of_the_cgroup_and_those_above_it(tmp_path: Path) -> None:
    root, proc = tmp_path / "cgroup", tmp_path / "proc-cgroup"
    _write(proc, "0::/system.slice/app.service\n")
    _write(root / "cpu.max", "max 100000\n")
    _write(root / "system.slice/cpu.max", "100000 100000\n")  # 1 CPU above
    _write(root / "system.slice/app.service/cpu.max", "250000 100000\n")  # 2.5 of its own
    assert cpu_quota(root, proc) == 1.0
    assert usable_cores(root, proc) == 1


def test_v2_a_fraction_of_a_cpu_rounds_up_and_never_to_zero(tmp_path: Path) -> None:
    root, proc = tmp_path / "cgroup", tmp_path / "proc-cgroup"
    _write(proc, "0::/\n")
    _write(root / "cpu.max", "50000 100000\n")
    assert cpu_quota(root, proc) == 0.5
    assert usable_cores(root, proc) == 1
    _write(root / "cpu.max", "150000 100000\n")
    assert usable_cores(root, proc) == min(2, _affinity())


def test_v1_in_a_container_whose_mount_is_its_own_cgroup(tmp_path: Path) -> None:
    # /proc names the host's path; below the container's mount only its own cgroup is there.
    root, proc = tmp_path / "cgroup", tmp_path / "proc-cgroup"
    _write(proc, "12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n0::/\n")
    _write(root / "cpu,cpuacct/cpu.cfs_quota_us", "200000\n")
    _write(root / "cpu,cpuacct/cpu.cfs_period_us", "100000\n")
    assert cpu_quota(root, proc) == 2.0
    _write(root / "cpu,cpuacct/cpu.cfs_quota_us", "-1\n")  # no quota
    assert cpu_quota(root, proc) is None


def test_no_quota_or_no_cgroups_leaves_the_cpu_set(tmp_path: Path) -> None:
    root, proc = tmp_path / "cgroup", tmp_path / "proc-cgroup"
    _write(proc, "0::/user.slice\n")
    _write(root / "user.slice/cpu.max", "max 100000\n")
    assert cpu_quota(root, proc) is None
    assert usable_cores(root, proc) == _affinity()
    assert cpu_quota(root, tmp_path / "absent") is None
    assert usable_cores(root, tmp_path / "absent") == _affinity()
    _write(root / "user.slice/cpu.max", "garbage\n")
    assert cpu_quota(root, proc) is None
