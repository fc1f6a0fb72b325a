"""A burst of simultaneous logins against a served app at argon2id's real cost.

    .venv/bin/python bench/login_burst.py [--logins 80 --rounds 3]

Embedded (SQLite, temporary), uvicorn in this process: `--logins` / 4 signed-up people, then per
round `--logins` logins sent at once from as many client addresses (X-Forwarded-For through a
trusted proxy, so no throttle answers 429): a quarter each person's with the right password, the
rest unknown emails. Every hash is argon2id at the default cost (3 passes over 64 MiB), so each
login holds 64 MiB while it is worked. Prints per round the answers, the burst's wall time, the
logins' p50 / p99, and how far the process's resident memory rose above where it stood before
the burst (its peak, VmHWM, reset before each round). Meanwhile a health check every 50 ms
tells what everyone else waits.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from loadgen import migrated_sqlite, rss_mib  # noqa: E402
from tests.conftest import PASSWORD, make_settings, sign_up  # noqa: E402
from tests.live import serving  # noqa: E402

from mygemini.app import create_app  # noqa: E402
from mygemini.config import AuthSettings  # noqa: E402

REAL_COST = {k: v for k, v in AuthSettings().model_dump().items() if k.startswith("password_")}


async def run(data: Path, logins: int, rounds: int) -> None:
    url = await migrated_sqlite(data)
    settings = make_settings(data, url, "", studio={"warm_previews": False}, **REAL_COST)
    settings.trusted_proxies = "127.0.0.1"
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        people = [await sign_up(app) for _ in range(max(1, logins // 4))]
        for person in people:
            await person.client.aclose()
        async with serving(app.state.ctx.realtime.asgi(app), proxy_headers=True) as base:
            limits = httpx.Limits(max_connections=logins)
            async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:

                async def login(i: int) -> tuple[int, float]:
                    right = people[i // 4 % len(people)].email
                    email = right if i % 4 == 0 else f"nobody{i}@example.com"
                    password = PASSWORD if i % 4 == 0 else PASSWORD + "?"
                    started = time.perf_counter()
                    r = await client.post(
                        "/api/auth/login",
                        json={"email": email, "password": password},
                        headers={"X-Forwarded-For": f"10.1.{i // 250}.{i % 250 + 1}"},
                    )
                    return r.status_code, time.perf_counter() - started

                await login(0)  # warm: the first hash, the connection
                for n in range(1, rounds + 1):
                    rss = rss_mib(os.getpid())
                    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS
                    started = time.perf_counter()
                    burst = asyncio.gather(*(login(i) for i in range(logins)))
                    probes = []  # what anyone else meanwhile waits for a health check
                    while not burst.done():
                        probe_started = time.perf_counter()
                        await client.get("/api/health")
                        probes.append(time.perf_counter() - probe_started)
                        await asyncio.sleep(0.05)
                    results = await burst
                    wall = time.perf_counter() - started
                    peak = rss_mib(os.getpid(), "VmHWM")
                    times = sorted(t for _, t in results)
                    answers = Counter(status for status, _ in results)
                    print(
                        f"round {n}: {dict(answers)} in {wall:.2f} s; login p50 "
                        f"{statistics.median(times) * 1000:.0f} / p99 "
                        f"{times[int(0.99 * (len(times) - 1))] * 1000:.0f} ms; health checks "
                        f"meanwhile p50 {statistics.median(probes) * 1000:.0f} / max "
                        f"{max(probes) * 1000:.0f} ms; resident memory "
                        f"{rss:.0f} MiB, peak +{peak - rss:.0f} MiB",
                        flush=True,
                    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--logins", type=int, default=80)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="login-burst-") as data:
        asyncio.run(run(Path(data), args.logins, args.rounds))


if __name__ == "__main__":
    main()
