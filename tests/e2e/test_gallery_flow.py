"""Gallery and social in a real browser, two people at once.

A summons a gemini in the studio and publishes it from the detail dialog; B finds it in the
latest feed, likes it, follows A and uses its recipe in the studio; A's bell rings for both
without a reload.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .conftest import LiveServer, new_context, wants_motion

pytestmark = pytest.mark.e2e

PASSWORD = "starlight42"


def _sign_up_and_onboard(page: Page, prefix: str) -> str:
    nick = f"{prefix}_{uuid.uuid4().hex[:6]}"
    page.goto("/signup")
    page.get_by_label("Email").fill(f"{nick.lower()}@example.com")
    page.get_by_label("Nickname").fill(nick)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up", exact=True).click()
    expect(page).to_have_url(re.compile(r"/onboarding$"))
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Finish sign-up").click()
    expect(page).to_have_url(re.compile(r"/$"))
    return nick


@pytest.fixture
def other_page(
    browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A second, independent person (own cookies), also in English."""
    context: BrowserContext = new_context(
        browser,
        motion=wants_motion(request),
        base_url=live_server.url,
        locale="en-US",
        viewport={"width": 1280, "height": 900},
    )
    context.add_init_script("window.localStorage.setItem('mygemini.lang', 'en')")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"uncaught errors in B's page: {errors}"


@pytest.mark.motion
def test_publish_like_follow_recipe_and_live_bell(
    page: Page, other_page: Page, live_server: LiveServer
) -> None:
    a = page
    b = other_page
    a_nick = _sign_up_and_onboard(a, "Astra")

    # A designs and summons a gemini in the studio.
    a.goto("/studio")
    a.get_by_role("button", name="Space cadet").click()
    a.get_by_role("tab", name=re.compile("Hair colour")).click()
    a.get_by_role("tabpanel").get_by_role("radio", name="Pink").check()
    a.get_by_role("button", name="Summon my gemini").click()
    expect(a.get_by_role("heading", name="Your gemini has arrived!")).to_be_visible(timeout=30_000)
    a.get_by_role("link", name="View in my geminis").click()
    expect(a).to_have_url(re.compile(r"/me\?gemini=\d+"))
    match = re.search(r"gemini=(\d+)", a.url)
    assert match
    gemini_id = int(match.group(1))

    # The shareable link opens the gallery dialog; the owner names and publishes it.
    gem_name = f"Orion{uuid.uuid4().hex[:4]}"
    a.goto(f"/g/{gemini_id}")
    expect(a).to_have_url(re.compile(rf"/\?gemini={gemini_id}$"))
    dialog = a.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Owner controls")).to_be_visible()
    dialog.get_by_label("Name").fill(gem_name)
    dialog.get_by_label("Description").fill("Drawn in pink starlight.")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    expect(dialog.get_by_role("heading", name=gem_name)).to_be_visible()
    public = dialog.get_by_role("switch", name=re.compile("^Public"))
    expect(public).not_to_be_checked()
    public.check()
    expect(public).to_be_checked()
    a.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # A watched the summoning finish, so its notification arrived already read: no badge, but
    # opening the bell lists it.
    bell = a.get_by_test_id("bell")
    expect(bell).to_have_attribute("aria-label", "Notifications")
    bell.click()
    drawer = a.get_by_role("region", name="Notifications")
    expect(
        drawer.get_by_role("button", name=re.compile("Your gemini has been summoned"))
    ).to_be_visible()
    a.keyboard.press("Escape")
    expect(drawer).to_be_hidden()

    # B signs up and finds it in the latest feed on the home page.
    b_nick = _sign_up_and_onboard(b, "Bori")
    feed = b.get_by_role("list", name=re.compile("Gemini gallery — Latest"))
    card = feed.get_by_role("button", name=f"Open {gem_name}")
    expect(card).to_be_visible()
    card.click()
    expect(b).to_have_url(re.compile(rf"\?gemini={gemini_id}$"))
    bdialog = b.get_by_role("dialog")
    expect(bdialog.get_by_role("heading", name=gem_name)).to_be_visible()
    expect(bdialog).to_contain_text("Drawn in pink starlight.")
    expect(bdialog.get_by_role("listitem").filter(has_text="Pink")).to_have_count(1)
    expect(bdialog.get_by_role("heading", name="Owner controls")).to_have_count(0)

    # Like it (optimistic, then confirmed by the server).
    like = bdialog.get_by_test_id("like-button")
    expect(like).to_have_attribute("aria-pressed", "false")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(bdialog.get_by_test_id("like-count")).to_have_text("1")

    # Follow A from their profile, where the gemini is in their gallery.
    bdialog.get_by_role("link", name=a_nick).click()
    expect(b).to_have_url(re.compile(rf"/u/{a_nick}$"))
    expect(b.get_by_role("dialog")).to_be_hidden()
    b.get_by_role("button", name="Follow", exact=True).click()
    expect(b.get_by_role("button", name="Unfollow")).to_be_visible()
    gallery = b.get_by_role("list", name=re.compile(f"{a_nick} — Geminis"))
    gallery.get_by_role("button", name=f"Open {gem_name}").click()

    # Use this recipe: the studio opens pre-filled with its attributes.
    b.get_by_role("dialog").get_by_role("button", name="Use this recipe").click()
    expect(b).to_have_url(re.compile(r"/studio$"))
    expect(b.get_by_role("tab", name=re.compile("Hair colour"))).to_contain_text("Pink")
    expect(b.get_by_role("region", name="Your recipe")).to_contain_text("Spacesuit")

    # A never reloaded: the badge moved live, and the drawer shows both new notifications.
    expect(bell).to_have_attribute("aria-label", "Notifications, 2 unread")
    expect(a.get_by_test_id("bell-badge")).to_have_text("2")
    bell.click()
    expect(drawer.get_by_role("button", name=f"{b_nick} started following you.")).to_be_visible()
    expect(drawer.get_by_role("button", name=f"“{gem_name}” reached 1 like.")).to_be_visible()

    # Clicking the like notification marks it read and opens the gemini.
    drawer.get_by_role("button", name=f"“{gem_name}” reached 1 like.").click()
    expect(a).to_have_url(re.compile(rf"\?gemini={gemini_id}$"))
    expect(a.get_by_role("dialog").get_by_test_id("like-count")).to_have_text("1")
    expect(bell).to_have_attribute("aria-label", "Notifications, 1 unread")
    a.keyboard.press("Escape")

    # Mark all read empties the badge.
    bell.click()
    drawer.get_by_role("button", name="Mark all read").click()
    expect(bell).to_have_attribute("aria-label", "Notifications")
    expect(a.get_by_test_id("bell-badge")).to_have_count(0)
    drawer.get_by_role("button", name=f"{b_nick} started following you.").click()
    expect(a).to_have_url(re.compile(rf"/u/{b_nick}$"))
