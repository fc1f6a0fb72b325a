"""The stage in four browsers: a GM, two players and a late joiner at one table.

The GM sets a built-in scene, has two more drawn from a Korean and an English description (each
one reaches every screen when it is ready), and starts a synthesised track; a player who comes in
later sees the scene at once and is at the same place in the music. The party then takes a life
four-cut of three of its four members: everyone in the room sees the strip, and it lands in the
memories (with a notification) of each pictured member and not in the fourth one's. The late
joiner plays on a phone-sized screen.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from ..catalog import preset_recipe
from .conftest import LiveServer, new_context

pytestmark = pytest.mark.e2e

PASSWORD = "starlight42"
KOREAN_SCENE = "달빛 아래 고요한 호숫가"
ENGLISH_SCENE = "a misty harbour at dawn"
# How far apart two screens may read the room's music position when read one after the other
# (the reads themselves take a moment; the math is the same on both).
POSITION_TOLERANCE_S = 2.0
AT_LEAST_3_S = re.compile(r"^(?:[3-9]|[1-9]\d+)\.\d+$")
# Drawing with the built-in renderer on a busy machine.
DRAWN = 90_000


@dataclass
class Person:
    nick: str
    page: Page
    context: BrowserContext
    errors: list[str] = field(default_factory=list)


def _person(
    browser: Browser, live_server: LiveServer, prefix: str, viewport: ViewportSize
) -> Person:
    context = new_context(browser, base_url=live_server.url, locale="en-US", viewport=viewport)
    context.add_init_script("window.localStorage.setItem('mygemini.lang', 'en')")
    context.set_default_timeout(15_000)
    page = context.new_page()
    person = Person(f"{prefix}_{uuid.uuid4().hex[:6]}", page, context)
    page.on("pageerror", lambda error: person.errors.append(str(error)))
    page.goto("/signup")
    page.get_by_label("Email").fill(f"{person.nick.lower()}@example.com")
    page.get_by_label("Nickname").fill(person.nick)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up", exact=True).click()
    expect(page).to_have_url(re.compile(r"/onboarding$"))
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Finish sign-up").click()
    expect(page).to_have_url(re.compile(r"/$"))
    return person


DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def people(browser: Browser, live_server: LiveServer) -> Iterator[list[Person]]:
    made: list[Person] = []
    try:
        for prefix, viewport in (("Gm", DESKTOP), ("Bo", DESKTOP), ("Cy", PHONE), ("Di", DESKTOP)):
            made.append(_person(browser, live_server, prefix, viewport))
        yield made
    finally:
        for person in made:
            person.context.close()
    for person in made:
        assert person.errors == [], f"uncaught errors in {person.nick}'s page: {person.errors}"


def _summon(live_server: LiveServer, person: Person) -> None:
    """Give `person` a gemini to play as (through the API: the studio has its own browser test)."""
    with live_server.api() as api:
        login = api.post(
            "/api/auth/login",
            json={"email": f"{person.nick.lower()}@example.com", "password": PASSWORD},
        )
        assert login.status_code == 200, login.text
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        made = api.post(
            "/api/studio/generations",
            json={"recipe": preset_recipe("space_cadet")},
            headers=auth,
        )
        assert made.status_code in (200, 201, 202), made.text
        url = f"/api/studio/generations/{made.json()['id']}"
        deadline = time.monotonic() + 120
        while (status := api.get(url, headers=auth).json()["status"]) != "succeeded":
            assert status not in ("failed", "cancelled"), status
            assert time.monotonic() < deadline, f"the summoning is still {status}"
            time.sleep(0.5)


def _play_as_my_gemini(person: Person) -> None:
    picker = person.page.get_by_label("I play as")
    expect(picker.locator("option")).to_have_count(2)
    picker.select_option(index=1)
    name = picker.locator("option").nth(1).inner_text()
    party = person.page.get_by_role("region", name="Party")
    expect(party.get_by_role("listitem", name=re.compile(person.nick))).to_contain_text(name)


def _join(person: Person, title: str, room_url: str) -> None:
    person.page.goto("/play")
    card = person.page.get_by_role("listitem").filter(has_text=title)
    card.get_by_role("button", name=f"Join {title}").click()
    expect(person.page).to_have_url(room_url)


def _scene(page: Page) -> str:
    return page.get_by_test_id("scene-name").inner_text()


def _position(page: Page) -> float:
    return float(page.get_by_test_id("music-position").get_attribute("data-position") or "nan")


def _describe(gm: Person, description: str) -> None:
    gm.page.get_by_role("button", name="Change the scene").click()
    dialog = gm.page.get_by_role("dialog", name="Choose a scene")
    dialog.get_by_label("Describe a new scene").fill(description)
    dialog.get_by_role("button", name="Draw it").click()
    expect(dialog.get_by_role("alert")).to_have_count(0)
    expect(dialog).to_have_count(0)


def test_the_stage_scene_music_and_a_life_fourcut(
    people: list[Person], live_server: LiveServer
) -> None:
    gm, bo, cy, di = people
    # Everyone pictured in a four-cut plays as a gemini of their own.
    for person in people:
        _summon(live_server, person)
    title = f"Harbour Inn {uuid.uuid4().hex[:4]}"

    # The GM opens a room; Bo joins.
    gm.page.goto("/play")
    gm.page.get_by_role("button", name=re.compile("Open a room")).click()
    dialog = gm.page.get_by_role("dialog", name="Open a room")
    dialog.get_by_label("Title").fill(title)
    dialog.get_by_label("Players at most").select_option("6")
    dialog.get_by_role("button", name="Open the room").click()
    expect(gm.page).to_have_url(re.compile(r"/play/rooms/\d+$"))
    room_url = gm.page.url
    _join(bo, title, room_url)
    stage_of = {p.nick: p.page.get_by_role("region", name="Stage") for p in people}

    # Only the GM may change the scene (until the GM allows everyone).
    expect(bo.page.get_by_role("button", name="Change the scene")).to_have_count(0)

    # A built-in scene: the GM picks the tavern; both stages show it.
    gm.page.get_by_role("button", name="Change the scene").click()
    picker = gm.page.get_by_role("dialog", name="Choose a scene")
    presets = picker.get_by_role("list", name="Built-in scenes").get_by_role("button")
    expect(presets).to_have_count(12)
    picker.get_by_role("button", name="Tavern", exact=True).click()
    expect(picker).to_have_count(0)
    for person in (gm, bo):
        expect(person.page.get_by_test_id("scene-name")).to_contain_text("Tavern")
        expect(stage_of[person.nick]).to_have_attribute("data-scene-kind", "preset")

    # A scene drawn from Korean words: its progress shows in the room, then everyone's stage
    # changes to it. Then one from English words.
    for description in (KOREAN_SCENE, ENGLISH_SCENE):
        _describe(gm, description)
        drawing = bo.page.get_by_role("list", name="Backgrounds being drawn").get_by_role(
            "listitem"
        )
        expect(drawing.filter(has_text=description)).to_be_visible()
        for person in (gm, bo):
            expect(person.page.get_by_test_id("scene-name")).to_contain_text(
                description, timeout=DRAWN
            )
            expect(stage_of[person.nick]).to_have_attribute("data-scene-kind", "generated")
        assert _scene(gm.page) == _scene(bo.page)
    # Both drawn scenes are the room's now: the GM can go back to the Korean one.
    gm.page.get_by_role("button", name="Change the scene").click()
    picker = gm.page.get_by_role("dialog", name="Choose a scene")
    earlier = picker.get_by_role("list", name="This room's backgrounds")
    expect(earlier.get_by_role("button", name=KOREAN_SCENE)).to_be_visible()
    expect(earlier.get_by_role("button", name=ENGLISH_SCENE)).to_be_visible()
    picker.get_by_role("button", name="Close").click()

    # The GM starts a built-in track; Bo sees it playing.
    gm.page.get_by_role("button", name="Choose music").click()
    gm.page.get_by_role("list", name="Built-in tracks").get_by_role(
        "button", name="Night waltz"
    ).click()
    for person in (gm, bo):
        expect(person.page.get_by_test_id("music-track")).to_have_text("Night waltz")
        expect(person.page.get_by_test_id("music-position")).to_have_attribute(
            "data-playing", "true"
        )
    # Players cannot change the music, but have their own volume.
    expect(bo.page.get_by_role("button", name="Choose music")).to_have_count(0)
    expect(bo.page.get_by_label("My volume")).to_be_visible()

    # Let the music play on a few seconds, so a late joiner has somewhere to catch up to.
    expect(gm.page.get_by_test_id("music-position")).to_have_attribute(
        "data-position", AT_LEAST_3_S
    )

    # Cy comes in late, on a phone: the scene is there at once and the music is at the same place.
    _join(cy, title, room_url)
    expect(cy.page.get_by_test_id("scene-name")).to_contain_text(ENGLISH_SCENE)
    expect(cy.page.get_by_test_id("music-track")).to_have_text("Night waltz")
    expect(cy.page.get_by_test_id("music-position")).to_have_attribute("data-playing", "true")
    before = _position(gm.page)
    late = _position(cy.page)
    after = _position(gm.page)
    assert late > 3, late
    assert before - POSITION_TOLERANCE_S <= late <= after + POSITION_TOLERANCE_S, (
        before,
        late,
        after,
    )
    # The browser keeps sound off until a gesture: Cy taps to hear it.
    tap = cy.page.get_by_role("button", name="Tap to hear the room's music")
    expect(tap).to_be_visible()
    tap.click()
    expect(tap).to_have_count(0)
    # The phone's page fits its width.
    assert cy.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # Di joins too: four at the table. Each plays as their gemini.
    _join(di, title, room_url)
    for person in people:
        _play_as_my_gemini(person)

    # Bo takes a life four-cut of the GM, Bo and Cy (not Di).
    panel = bo.page.get_by_role("region", name="Life four-cut")
    who = panel.get_by_role("group", name="Who is in the picture")
    for person in (gm, bo, cy):
        who.get_by_role("checkbox", name=person.nick).check()
    panel.get_by_role("radio", name="Victory").check()
    panel.get_by_role("button", name="Take the four-cut").click()
    for person in people:
        strip = (
            person.page.get_by_role("region", name="Life four-cut")
            .get_by_role("list", name="This room's four-cuts")
            .get_by_role("listitem")
            .first
        )
        expect(strip).to_have_attribute("data-status", "ready", timeout=DRAWN)
        expect(strip.get_by_role("img", name=f"Life four-cut at {title}")).to_be_visible()
        expect(strip.get_by_role("link", name="Download 1×4")).to_be_visible()

    # It is in the memories of each pictured member, with a notification; not in Di's.
    note = f"A life four-cut from “{title}” is in your TRPG memories."
    for person in (gm, bo, cy):
        page = person.page
        page.goto("/me")
        page.get_by_role("tab", name="TRPG memories").click()
        memory = page.get_by_test_id("memories").get_by_role("listitem")
        expect(memory).to_have_count(1)
        expect(memory).to_contain_text(title)
        expect(memory.get_by_role("img", name=f"Life four-cut taken at {title}")).to_be_visible()
        page.get_by_test_id("bell").click()
        expect(page.get_by_text(note)).to_be_visible()
    di.page.goto("/me")
    di.page.get_by_role("tab", name="TRPG memories").click()
    expect(di.page.get_by_test_id("memories")).to_contain_text("No memories yet")
    di.page.get_by_test_id("bell").click()
    expect(di.page.get_by_text(note)).to_have_count(0)
