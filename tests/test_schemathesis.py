"""Property-based fuzzing of the whole OpenAPI schema with every schemathesis check: no 5xx, and
every answer (status, body, headers, 405s, auth) is what the document declares. Exceptions to a
check are narrow and explained in tests/schemathesis.toml."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from fastapi import FastAPI

from tests.conftest import sign_up
from tests.gallery.conftest import make_gemini
from tests.live import serving

ST = Path(sys.executable).with_name("schemathesis")
MAX_EXAMPLES = os.environ.get("MYGEMINI_FUZZ_EXAMPLES", "25")
CONFIG = Path(__file__).with_name("schemathesis.toml")


async def run_schemathesis(base: str, *headers: str) -> tuple[int, str]:
    args = [
        str(ST),
        "--config-file",
        str(CONFIG),
        "run",
        f"{base}/openapi.json",
        "--checks",
        "all",
        "--continue-on-failure",
        "--max-examples",
        MAX_EXAMPLES,
        "--phases",
        "examples,coverage,fuzzing",
        "--generation-deterministic",
        "--no-color",
    ]
    for h in headers:
        args += ["-H", h]
    proc = await asyncio.create_subprocess_exec(
        *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 600)
    return proc.returncode or 0, out.decode(errors="replace")


async def test_every_check_passes_anonymous_and_signed_in(app: FastAPI) -> None:
    async with serving(app.state.ctx.realtime.asgi(app)) as base:
        person = await sign_up(app)
        # A second person to follow, so follow paths reach real rows too.
        other = await sign_up(app, "fuzz target")
        # Real rows behind the smallest ids the fuzzer always tries (1, 2): a gemini of mine,
        # with files, and a private one of someone else's.
        await make_gemini(app, person.id, with_files=True)
        await make_gemini(app, other.id, public=False)
        try:
            for headers in ((), (f"Authorization: Bearer {person.token}",)):
                code, output = await run_schemathesis(base, *headers)
                assert code == 0, output[-6000:]
                assert "passed" in output.lower()
        finally:
            await person.client.aclose()
            await other.client.aclose()
