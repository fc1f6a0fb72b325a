"""Sign up, onboard, edit the profile, follow someone, log out and back in — in a real browser."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import LiveServer, new_context

pytestmark = pytest.mark.e2e

PASSWORD = "starlight42"


def _unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:6]}"


def _make_onboarded_user(server: LiveServer, nickname: str, bio: str) -> None:
    with server.api() as api:
        signup = api.post(
            "/api/auth/signup",
            json={
                "email": f"{nickname.lower()}@example.com",
                "password": PASSWORD,
                "nickname": nickname,
            },
        )
        assert signup.status_code == 201, signup.text
        token = signup.json()["access_token"]
        me = api.patch(
            "/api/me",
            json={"bio": bio, "avatar": "leo"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert me.status_code == 200, me.text
        assert me.json()["onboarded"] is True


def test_signup_onboard_follow_logout_login(page: Page, live_server: LiveServer) -> None:
    b_nick = _unique("Bstar")
    _make_onboarded_user(live_server, b_nick, "I map the night sky.")

    a_nick = _unique("Astar")
    a_email = f"{a_nick.lower()}@example.com"

    # Sign up in the browser.
    page.goto("/signup")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Email").fill(a_email)
    page.get_by_label("Nickname").fill(a_nick)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up", exact=True).click()

    # Onboarding: nickname (prefilled), bio, a starter avatar.
    expect(page).to_have_url(re.compile(r"/onboarding$"))
    expect(page.get_by_label("Nickname")).to_have_value(a_nick)
    page.get_by_label("Bio").fill("Looking for my gemini.")
    avatars = page.get_by_role("radio")
    expect(avatars.first).to_be_visible()
    assert avatars.count() >= 2
    avatars.first.check()
    page.get_by_role("button", name="Finish sign-up").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(a_nick)

    # Edit the bio on /me, through the account menu.
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("link", name="My profile").click()
    expect(page).to_have_url(re.compile(r"/me$"))
    bio = page.get_by_label("Bio")
    expect(bio).to_have_value("Looking for my gemini.")
    bio.fill("Found a constellation of friends.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    expect(page.locator(".profile__bio")).to_have_text("Found a constellation of friends.")

    # Follow B from B's profile; the follower count updates in place.
    page.goto(f"/u/{b_nick}")
    expect(page.get_by_role("heading", name=b_nick, level=1)).to_be_visible()
    expect(page.get_by_text("I map the night sky.")).to_be_visible()
    expect(page.get_by_test_id("followers-count")).to_have_text("0")
    page.get_by_role("button", name="Follow", exact=True).click()
    expect(page.get_by_role("button", name="Unfollow")).to_be_visible()
    expect(page.get_by_test_id("followers-count")).to_have_text("1")
    expect(
        page.get_by_role("tabpanel").get_by_role("link", name=re.compile(a_nick))
    ).to_be_visible()

    # B shows up in A's following list.
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("link", name="My profile").click()
    expect(page.get_by_test_id("following-count")).to_have_text("1")
    page.get_by_role("tab", name=re.compile("^Following")).click()
    following = page.get_by_role("tabpanel")
    expect(following.get_by_role("link", name=re.compile(b_nick))).to_be_visible()

    # Log out: the header offers log in / sign up again.
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in", exact=True)).to_be_visible()
    page.reload()
    expect(page.get_by_role("link", name="Log in", exact=True)).to_be_visible()

    # Log in again and see the profile with the edited bio.
    page.get_by_role("link", name="Log in", exact=True).click()
    page.get_by_label("Email").fill(a_email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("link", name="My profile").click()
    expect(page.get_by_role("heading", name=a_nick, level=1)).to_be_visible()
    expect(page.locator(".profile__bio")).to_have_text("Found a constellation of friends.")
    expect(page.get_by_test_id("following-count")).to_have_text("1")


def test_session_survives_reload(page: Page, live_server: LiveServer) -> None:
    """The access token is in memory only; a reload logs in silently from the refresh cookie."""
    nick = _unique("Reload")
    page.goto("/signup")
    page.get_by_label("Email").fill(f"{nick.lower()}@example.com")
    page.get_by_label("Nickname").fill(nick)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up", exact=True).click()
    expect(page).to_have_url(re.compile(r"/onboarding$"))
    assert page.evaluate("Object.keys(localStorage)") == ["mygemini.lang"]

    page.reload()
    expect(page).to_have_url(re.compile(r"/onboarding$"))
    expect(page.get_by_label("Nickname")).to_have_value(nick)
    # Not onboarded yet: other pages send us back to onboarding.
    page.goto("/me")
    expect(page).to_have_url(re.compile(r"/onboarding$"))


def test_login_errors_are_announced(page: Page, live_server: LiveServer) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill("nobody@example.com")
    page.get_by_label("Password").fill("wrongpass1")
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Wrong email or password.")).to_be_visible()


def test_unknown_route_shows_lost_in_space(page: Page, live_server: LiveServer) -> None:
    page.goto("/no/such/place")
    expect(page.get_by_role("heading", name="You got lost in space")).to_be_visible()
    expect(page.locator("canvas")).to_have_count(1)
    page.get_by_role("link", name="Back to main").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_korean_by_default_and_language_switch(browser: Browser, live_server: LiveServer) -> None:
    """A Korean browser gets Korean; the switch changes `lang` and is remembered across reloads."""
    context = new_context(browser, base_url=live_server.url, locale="ko-KR")
    try:
        page = context.new_page()
        page.goto("/")
        html = page.locator("html")
        expect(html).to_have_attribute("lang", "ko")
        expect(page.get_by_role("heading", level=1)).to_have_text("또 다른 나와 만나는 시간")
        expect(page.get_by_role("link", name="로그인", exact=True)).to_be_visible()

        page.get_by_role("button", name="English").click()
        expect(html).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", level=1)).to_have_text("Meet another you")
        page.reload()
        expect(html).to_have_attribute("lang", "en")

        page.goto("/nowhere")
        expect(page.get_by_role("heading", name="You got lost in space")).to_be_visible()
        page.get_by_role("link", name="Back to main").click()
        page.get_by_role("button", name="한국어").click()
        page.goto("/nowhere")
        expect(page.get_by_role("heading", name="우주에서 길을 잃으셨어요")).to_be_visible()
    finally:
        context.close()
