"""The embedded default tried from outside: `mygemini serve` (SQLite, local files, the built-in
renderer) on a fresh data directory; N summons sent back to back by four people, the server
killed -9 halfway and started again; every job must end, every original PNG must decode with
its recipe and seed; then another person's ids, an oversized and a malformed summon.

    .venv/bin/python bench/embedded_tryout.py [N]      # default 300

Stars and the per-person limit are switched off (cost 0) so N jobs can queue: this tries the
pipeline, not the wallet. Prints what it saw and exits non-zero if a job did not succeed or a
picture did not decode; it asserts nothing about time.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from loadgen import rss_mib, sign_up_people, wait_until_healthy
from PIL import Image

from mygemini.render.png import RECIPE_KEY, read_png_text

MYGEMINI = str(Path(sys.executable).with_name("mygemini"))
PORT = 8791
BASE = f"http://127.0.0.1:{PORT}"
PEOPLE = 4


def start(env: dict[str, str], log: Any) -> subprocess.Popen[bytes]:
    with contextlib.suppress(httpx.HTTPError):
        httpx.get(f"{BASE}/api/health", timeout=1)
        raise SystemExit(f"something already answers on port {PORT}")
    proc = subprocess.Popen(
        [MYGEMINI, "serve", "--port", str(PORT)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    wait_until_healthy(proc, BASE)
    return proc


class Server:
    """The `serve` process under trial; stopped whatever happens to the tryout."""

    def __init__(self, env: dict[str, str], log: Any) -> None:
        self.env, self.log = env, log
        self.proc = start(env, log)

    def kill_and_restart(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc = start(self.env, self.log)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


async def tryout(n: int, env: dict[str, str], log: Any) -> bool:
    server = Server(env, log)
    try:
        return await _tryout(n, server)
    finally:
        server.stop()


async def _tryout(n: int, server: Server) -> bool:
    async with httpx.AsyncClient(base_url=BASE, timeout=30) as c:
        preset = (await c.get("/api/studio/catalog")).json()["presets"][0]["attributes"]
        people = await sign_up_people(c, PEOPLE, nickname="시험", email="p")

        owner: dict[int, int] = {}
        t0 = time.perf_counter()
        for i in range(n):  # back to back: each summon once the previous one is answered
            r = await c.post(
                "/api/studio/generations",
                json={"recipe": {"attributes": preset}},
                headers=people[i % PEOPLE],
            )
            assert r.status_code == 202, (r.status_code, r.text)
            owner[r.json()["id"]] = i % PEOPLE
            if i == n // 2:
                server.kill_and_restart()
        print(
            f"{n} summons sent in {time.perf_counter() - t0:.1f} s; "
            f"the server killed -9 after {n // 2 + 1}"
        )

        async def job(gid: int) -> dict[str, Any]:
            r = await c.get(f"/api/studio/generations/{gid}", headers=people[owner[gid]])
            body: dict[str, Any] = r.json()
            return body

        deadline = time.monotonic() + 600
        while True:
            jobs = {gid: await job(gid) for gid in owner}
            if time.monotonic() > deadline or all(
                j["status"] not in ("queued", "running") for j in jobs.values()
            ):
                break
            await asyncio.sleep(2)
        statuses = Counter(j["status"] for j in jobs.values())
        print(
            f"statuses {dict(statuses)}, all ended {time.perf_counter() - t0:.1f} s after the "
            f"first summon; RSS of serve {rss_mib(server.proc.pid):.0f} MiB"
        )

        decoded = 0
        for gid, j in jobs.items():
            if j["status"] != "succeeded":
                continue
            headers = people[owner[gid]]
            gemini = (await c.get(f"/api/geminis/{j['gemini_id']}", headers=headers)).json()
            png = (await c.get(gemini["image_url"], headers=headers)).content
            recipe = json.loads(read_png_text(png)[RECIPE_KEY])  # decodes the whole picture
            with Image.open(io.BytesIO(png)) as image:
                decoded += image.size == (512, 680) and recipe["seed"] == j["seed"]
        print(f"originals decoded with their recipe and seed: {decoded}/{statuses['succeeded']}")

        first = next(iter(jobs))
        other = people[(owner[first] + 1) % PEOPLE]
        gemini_path = f"/api/geminis/{jobs[first]['gemini_id']}"
        codes = [
            (await c.get(gemini_path, headers=other)).status_code,
            (await c.patch(gemini_path, json={"name": "mine"}, headers=other)).status_code,
            (await c.delete(gemini_path, headers=other)).status_code,
            (await c.get(f"/api/studio/generations/{first}", headers=other)).status_code,
        ]
        print(f"another person's gemini GET / PATCH / DELETE, generation GET: {codes}")
        as_json = {**people[0], "content-type": "application/json"}
        try:
            big = await c.post("/api/studio/generations", content=b"x" * 3_000_000, headers=as_json)
            oversized = str(big.status_code)
        except httpx.TransportError as error:
            # The server may answer 413 and close before the client has sent it all.
            oversized = f"connection closed while sending ({type(error).__name__})"
        junk = await c.post("/api/studio/generations", content=b"{not json", headers=as_json)
        print(f"oversized / malformed summon: {oversized} / {junk.status_code}")
    return statuses["succeeded"] == n == decoded and set(codes) == {404}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    data = tempfile.mkdtemp(prefix="mygemini-tryout-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYGEMINI_")}
    env.update(
        MYGEMINI_DATA_DIR=data,
        MYGEMINI_STUDIO__GENERATION_COST="0",
        MYGEMINI_STUDIO__MAX_UNFINISHED_PER_PERSON="100000",
        MYGEMINI_STUDIO__WARM_PREVIEWS="false",
    )
    with open(f"{data}/serve.log", "ab") as log:
        ok = asyncio.run(tryout(n, env, log))
    print(f"server log: {data}/serve.log")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
