"""The studio in a real browser: design a gemini, summon it, find it in my geminis, pay one star.

The server is embedded: jobs run in-process with the built-in vector renderer.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from .conftest import LiveServer

pytestmark = pytest.mark.e2e

PASSWORD = "starlight42"


def _sign_up_and_onboard(page: Page) -> str:
    nick = f"Studio_{uuid.uuid4().hex[:6]}"
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


@pytest.mark.motion
def test_design_summon_and_find_my_gemini(page: Page, live_server: LiveServer) -> None:
    _sign_up_and_onboard(page)
    balance = page.get_by_test_id("star-balance")
    expect(balance).to_have_attribute("aria-label", re.compile(r"^10 star fragments"))

    # Home → studio through the "Create your gemini" panel.
    page.get_by_role("link", name=re.compile("Create your gemini")).click()
    expect(page).to_have_url(re.compile(r"/studio$"))
    expect(page.get_by_role("heading", name="Gemini studio", level=1)).to_be_visible()

    # The hair-style set follows gender (`when` rules): female by default, male after choosing male.
    tabs = page.get_by_role("tablist", name="Features")
    page.get_by_role("tab", name=re.compile(r"^\d*\s*Gender")).click()
    page.get_by_role("radio", name="Male", exact=True).check()
    expect(tabs.get_by_role("tab", name=re.compile("Hair style \\(male\\)"))).to_be_visible()
    page.get_by_role("radio", name="Female", exact=True).check()
    expect(tabs.get_by_role("tab", name=re.compile("Hair style \\(male\\)"))).to_have_count(0)

    # A preset fills a complete recipe; then change one attribute (hair colour → pink).
    preset = page.get_by_role("button", name="Space cadet")
    preset.click()
    expect(preset).to_have_attribute("aria-pressed", "true")
    page.get_by_role("tab", name=re.compile("Hair colour")).click()
    panel = page.get_by_role("tabpanel")
    expect(panel.get_by_role("radio", name="Orange")).to_be_checked()
    pink = panel.get_by_role("radio", name="Pink")
    pink.check()
    expect(pink).to_be_checked()
    # Radio semantics: arrow keys move the choice, like any radio group.
    pink.press("ArrowRight")
    expect(panel.get_by_role("radio", name="Purple")).to_be_checked()
    page.keyboard.press("ArrowLeft")
    expect(pink).to_be_checked()
    expect(preset).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("tab", name=re.compile("Hair colour"))).to_contain_text("Pink")

    recipe = page.get_by_role("region", name="Your recipe")
    expect(recipe).to_contain_text("Pink")
    expect(recipe).to_contain_text("Spacesuit")
    expect(page.get_by_test_id("studio-cost")).to_have_attribute("aria-label", "1 star fragments")

    # Summon: a live progress bar, then the portrait.
    page.get_by_role("button", name="Summon my gemini").click()
    progress = page.get_by_role("progressbar", name="Summoning progress")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("aria-valuenow", re.compile(r"^\d+$"))
    portrait = page.get_by_role("img", name=re.compile(r"^Your new gemini: .*Pink"))
    expect(portrait).to_be_visible(timeout=30_000)
    page.wait_for_function(
        "el => el.complete && el.naturalWidth > 0", arg=portrait.element_handle()
    )
    expect(page.get_by_role("heading", name="Your gemini has arrived!")).to_be_visible()

    # One star spent: the header follows.
    expect(balance).to_have_attribute("aria-label", re.compile(r"^9 star fragments"))

    # It is already in my geminis, private, with its recipe.
    page.get_by_role("link", name="View in my geminis").click()
    expect(page).to_have_url(re.compile(r"/me\?gemini=\d+#geminis$"))
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("img", name=re.compile("^Portrait of"))).to_be_visible()
    expect(dialog.get_by_role("listitem").filter(has_text="Pink")).to_have_count(1)
    expect(dialog.get_by_role("listitem").filter(has_text="Spacesuit")).to_have_count(1)
    expect(dialog.get_by_test_id("gemini-seed")).to_have_text(re.compile(r"^\d+$"))
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    mine = page.get_by_role("region", name="My geminis")
    cards = mine.get_by_role("button", name=re.compile("^Open "))
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Private")

    wallet = page.get_by_role("region", name="Star fragments")
    expect(wallet).to_contain_text("9 star fragments")
    expect(wallet).to_contain_text("-1")
    expect(balance).to_have_attribute("aria-label", re.compile(r"^9 star fragments"))

    # "Use this recipe" opens the studio with the same attributes.
    cards.first.click()
    page.get_by_role("dialog").get_by_role("button", name="Use this recipe").click()
    expect(page).to_have_url(re.compile(r"/studio$"))
    expect(page.get_by_role("tab", name=re.compile("Hair colour"))).to_contain_text("Pink")
    expect(page.get_by_role("region", name="Your recipe")).to_contain_text("Spacesuit")

    # The history lists it as arrived.
    page.goto("/studio/history")
    expect(page.get_by_role("listitem").filter(has_text="Arrived")).to_have_count(1)

    # /me opens the same gallery dialog: publishing re-badges the card at once, and an ordered
    # four-cut lands in the Four-cuts tab, where it opens large in a dialog.
    page.goto("/me")
    mine = page.get_by_role("region", name="My geminis")
    card = mine.get_by_role("button", name=re.compile("^Open "))
    expect(card).to_contain_text("Private")
    card.click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Owner controls")).to_be_visible()
    public = dialog.get_by_role("switch", name=re.compile("^Public"))
    public.check()
    expect(public).to_be_checked()
    dialog.get_by_role("button", name=re.compile("^Order an expression four-cut")).click()
    expect(dialog.get_by_role("status").filter(has_text="Four-cut ordered")).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(card).to_contain_text("Public")

    mine.get_by_role("tab", name="Four-cuts").click()
    tile = mine.get_by_role("button", name=re.compile("^Open the four-cut"))
    expect(tile).to_have_count(1, timeout=90_000)
    tile.click()
    strip = page.get_by_role("dialog")
    expect(strip.get_by_role("img", name=re.compile(r"four-cut strip \(1×4\)"))).to_be_visible()
    page.keyboard.press("Escape")
    expect(strip).to_be_hidden()
    expect(tile).to_be_focused()


def test_not_enough_stars_dialog(page: Page, live_server: LiveServer) -> None:
    """A 402 opens an accessible modal with the way to more stars; nothing is queued."""
    _sign_up_and_onboard(page)
    page.route(
        "**/api/studio/generations",
        lambda route: (
            route.fulfill(
                status=402,
                content_type="application/json",
                body='{"error": "InsufficientStars", "detail": "Not enough stars."}',
            )
            if route.request.method == "POST"
            else route.continue_()
        ),
    )
    page.goto("/studio")
    page.get_by_role("button", name="Random recipe").click()
    summon = page.get_by_role("button", name="Summon my gemini")
    expect(summon).to_be_enabled()
    summon.click()

    dialog = page.get_by_role("dialog", name="Not enough star fragments")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("takes 1 star fragment")
    expect(page.get_by_role("progressbar")).to_have_count(0)
    # Escape closes it and focus returns to the button that opened it.
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(summon).to_be_focused()

    summon.click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("link", name="Get more star fragments").click()
    expect(page).to_have_url(re.compile(r"/wallet$"))
    expect(page.get_by_role("heading", name="Get star fragments", level=1)).to_be_visible()
    expect(page.get_by_test_id("wallet-balance")).to_contain_text("10")
