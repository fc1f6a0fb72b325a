"""The app works under its Content-Security-Policy: sign up, land, open the studio in a real
browser without a single policy violation, talking to socket.io over a WebSocket."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from .conftest import LiveServer

pytestmark = pytest.mark.e2e

PASSWORD = "starlight42"

# Reports every violation of the page's policy to the test, across full page loads.
_LISTEN = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""

# Evaluated as functions (not strings), which the policy's lack of 'unsafe-eval' does not block.
_BROKEN_IMAGES = """async () => {
  const images = [...document.images];
  await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done);
    img.addEventListener("error", done);
  })));
  return images.filter((img) => img.naturalWidth === 0).map((img) => img.src);
}"""

_INLINE_STYLE = """() => new Promise((resolve) => {
  document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective), {
    once: true,
  });
  document.body.insertAdjacentHTML("beforeend", '<i style="color: red"></i>');
})"""


def test_sign_up_land_and_open_the_studio_without_policy_violations(
    page: Page, live_server: LiveServer
) -> None:
    violations: list[str] = []
    console: list[str] = []
    sockets: list[str] = []

    def report(text: str) -> None:
        violations.append(text)

    page.expose_function("__cspViolation", report)
    page.add_init_script(_LISTEN)

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            console.append(text)

    page.on("console", on_console)
    page.on("websocket", lambda ws: sockets.append(ws.url))

    response = page.goto("/signup")
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers.get("x-content-type-options") == "nosniff"

    nick = f"Csp_{uuid.uuid4().hex[:6]}"
    page.get_by_label("Email").fill(f"{nick.lower()}@example.com")
    page.get_by_label("Nickname").fill(nick)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up", exact=True).click()
    expect(page).to_have_url(re.compile(r"/onboarding$"))
    avatars = page.get_by_role("radio")
    expect(avatars.first).to_be_visible()
    avatars.first.check()
    page.get_by_role("button", name="Finish sign-up").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(nick)

    page.get_by_role("link", name=re.compile("Create your gemini")).click()
    expect(page).to_have_url(re.compile(r"/studio$"))
    expect(page.get_by_role("heading", name="Gemini studio", level=1)).to_be_visible()
    page.get_by_role("button", name="Space cadet").click()
    # Option previews are images the page loads; wait until they have all arrived.
    page.wait_for_load_state("networkidle")
    broken = page.evaluate(_BROKEN_IMAGES)
    assert broken == [], broken

    # The real-time channel went over a WebSocket, which connect-src allows.
    assert any("/socket.io/" in url and "transport=websocket" in url for url in sockets), sockets

    assert violations == [], violations
    assert console == [], console

    # The policy is enforced and the listener sees it: a style attribute in markup is refused.
    directive = page.evaluate(_INLINE_STYLE)
    assert directive.startswith("style-src"), directive


def test_the_api_docs_render_from_the_app_itself_without_policy_violations(
    page: Page, live_server: LiveServer
) -> None:
    """/docs is Swagger UI shipped in the web build: every request it makes stays on this
    origin (no CDN), and it runs under a policy that allows scripts from this origin only."""
    violations: list[str] = []
    requested: list[str] = []

    def report(text: str) -> None:
        violations.append(text)

    page.expose_function("__cspViolation", report)
    page.add_init_script(_LISTEN)
    page.on("request", lambda request: requested.append(request.url))

    response = page.goto("/docs")
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self';" in policy, policy
    # Swagger UI has read our schema: an operation of ours is listed.
    expect(page.get_by_text("/api/health").first).to_be_visible()
    page.wait_for_load_state("networkidle")

    elsewhere = [url for url in requested if not url.startswith(live_server.url)]
    assert elsewhere == [], elsewhere
    assert violations == [], violations
