"""Browser tests: the real server (`mygemini serve`, serving web/dist) driven by system Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("MYGEMINI_CHROMIUM", "/usr/bin/chromium"))
WEB_DIST = ROOT / "web" / "dist" / "index.html"
# argon2id at its lowest cost, as in tests/conftest.py: the passwords here are throwaway.
LIGHT_PASSWORD_HASHING = {
    "MYGEMINI_AUTH__PASSWORD_TIME_COST": "1",
    "MYGEMINI_AUTH__PASSWORD_MEMORY_KIB": "1024",
    "MYGEMINI_AUTH__PASSWORD_PARALLELISM": "1",
}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def _mygemini_bin() -> str:
    candidate = Path(sys.executable).with_name("mygemini")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("mygemini")
    if not found:
        pytest.skip("the `mygemini` command is not installed in this environment")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class LiveServer:
    url: str
    log: Path | None = None  # what `mygemini serve` printed

    def log_tail(self, lines: int = 60) -> str:
        """Its warnings and errors (the last 40), then its last `lines` lines."""
        if self.log is None or not self.log.exists():
            return ""
        text = self.log.read_text(errors="replace").splitlines(keepends=True)
        problems = [line for line in text if " WARNING " in line or " ERROR " in line]
        return "".join(problems[-40:]) + "...\n" + "".join(text[-lines:])

    def api(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=10)


@contextmanager
def serving_app(data_dir: Path, env: dict[str, str] | None = None) -> Iterator[LiveServer]:
    """`mygemini serve` on a free loopback port with its data in `data_dir`, until the block ends.
    `env`: more settings; `{url}` in a value becomes the server's own address."""
    if not WEB_DIST.exists():
        pytest.skip("web/dist is not built; run `cd web && npm ci && npm run build` first")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = data_dir / "server.log"
    extra = {k: v.replace("{url}", url) for k, v in (env or {}).items()}
    env = {**os.environ, "MYGEMINI_DATA_DIR": str(data_dir), **LIGHT_PASSWORD_HASHING, **extra}
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [_mygemini_bin(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{log_path.read_text()[-4000:]}")
            try:
                if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"server did not become healthy:\n{log_path.read_text()[-4000:]}"
                )
            time.sleep(0.25)
        yield LiveServer(url, log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A failed browser test shows the end of its server's log: a job that failed or a push
    that went nowhere is there, and the server's data folder is gone by the time CI reports."""
    report = yield
    server = getattr(item, "funcargs", {}).get("live_server")
    if report.failed and isinstance(server, LiveServer) and (tail := server.log_tail()):
        report.sections.append(("the end of the server's log", tail))
    return report


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serving_app(tmp_path_factory.mktemp("e2e-data")) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"no system Chromium at {CHROMIUM} (set MYGEMINI_CHROMIUM); browser tests skipped"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is not installed"
    )
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_context(browser: Browser, *, motion: bool = False, **options: Any) -> BrowserContext:
    """A browser context that prefers reduced motion unless `motion`; `options` as Playwright's.

    The app's decorations (twinkling stars, floating orbs, pulsing dots) animate forever, and
    headless Chromium without a GPU composites every frame in software: four idle landing pages
    kept 1.5 cores busy, 0.05 with reduced motion, and the browser tests used 495 s of CPU in
    320 s, slowing every suite beside them on CI's two cores. The app honours the preference
    (styles.css, the starfield, the stage); tests marked `motion` keep the whole show."""
    options.setdefault("reduced_motion", "no-preference" if motion else "reduce")
    return browser.new_context(**options)


def wants_motion(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker("motion") is not None


@contextmanager
def english_page(
    browser: Browser, url: str, *, motion: bool = False, **options: Any
) -> Iterator[Page]:
    """A fresh browser context (no cookies) on `url` with the UI forced to English; `options`
    for the context (viewport, touch, ...)."""
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = new_context(browser, motion=motion, base_url=url, locale="en-US", **options)
    context.add_init_script("window.localStorage.setItem('mygemini.lang', 'en')")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    # An uncaught exception in the app is a failure even when the assertions happened to pass.
    assert errors == [], f"uncaught errors in the page: {errors}"


@pytest.fixture
def page(
    browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A fresh browser context (no cookies) with the UI forced to English."""
    with english_page(browser, live_server.url, motion=wants_motion(request)) as page:
        yield page
