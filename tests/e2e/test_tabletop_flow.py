"""The tabletop in three browsers: a GM and two players at one secret table.

A wrong password then the right one, an invite link, story lines in the dialogue box, a whisper
only its target reads, one roll with the same faces on every screen, a vote, a random pick, a
reload that resumes with the history, a dropped connection that catches up, a GM hand-over and a
kick. Each person is a separate browser context (their own cookies and socket).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, WebSocketRoute, expect

from .conftest import LiveServer, new_context

pytestmark = pytest.mark.e2e

PASSWORD = "starlight42"
ROOM_PASSWORD = "moonlit"


@dataclass
class Person:
    nick: str
    page: Page
    context: BrowserContext
    errors: list[str] = field(default_factory=list)


def _person(browser: Browser, live_server: LiveServer, prefix: str) -> Person:
    context = new_context(
        browser, base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.add_init_script("window.localStorage.setItem('mygemini.lang', 'en')")
    context.set_default_timeout(10_000)
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


@pytest.fixture
def people(browser: Browser, live_server: LiveServer) -> Iterator[list[Person]]:
    made: list[Person] = []
    try:
        for prefix in ("Gm", "Bo", "Cy"):
            made.append(_person(browser, live_server, prefix))
        yield made
    finally:
        for person in made:
            person.context.close()
    for person in made:
        assert person.errors == [], f"uncaught errors in {person.nick}'s page: {person.errors}"


def _say(page: Page, tab: str, field_label: str, text: str) -> None:
    page.get_by_role("tab", name=re.compile(f"^{tab}")).click()
    page.get_by_role("textbox", name=field_label, exact=True).fill(text)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("textbox", name=field_label, exact=True)).to_have_value("")


def _faces(page: Page) -> list[str]:
    latest = page.get_by_role("list", name="Rolls").get_by_role("listitem").first
    return [
        str(img.get_attribute("aria-label"))
        for img in latest.get_by_role("group", name="Dice faces").get_by_role("img").all()
    ]


def test_three_people_play_at_a_secret_table(people: list[Person]) -> None:
    gm, bo, cy = people
    title = f"Moon Tower {uuid.uuid4().hex[:4]}"

    # The GM opens a secret room from the header's Play link.
    gm.page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Play"
    ).click()
    expect(gm.page.get_by_role("heading", name="Play together", level=1)).to_be_visible()
    gm.page.get_by_role("button", name=re.compile("Open a room")).click()
    dialog = gm.page.get_by_role("dialog", name="Open a room")
    dialog.get_by_label("Title").fill(title)
    dialog.get_by_label("Concept").fill("A tower that only appears under a full moon.")
    dialog.get_by_label("Players at most").select_option("4")
    dialog.get_by_label("Secret room (password)").check()
    dialog.get_by_label("Room password").fill(ROOM_PASSWORD)
    dialog.get_by_role("button", name="Open the room").click()
    expect(gm.page).to_have_url(re.compile(r"/play/rooms/\d+$"))
    room_url = gm.page.url
    expect(gm.page.get_by_role("heading", name=title, level=1)).to_be_visible()

    # Bo mistypes the password first; the server's refusal shows; then Bo gets in.
    bo.page.goto("/play")
    card = bo.page.get_by_role("listitem").filter(has_text=title)
    expect(card.get_by_role("img", name="Secret room")).to_be_visible()
    card.get_by_role("button", name=f"Join {title}").click()
    join = bo.page.get_by_role("dialog", name=f"Join {title}")
    join.get_by_label("Password").fill("wrong-one")
    join.get_by_role("button", name="Join").click()
    expect(join.get_by_role("alert")).to_have_text("The room's password is wrong.")
    join.get_by_label("Password").fill(ROOM_PASSWORD)
    join.get_by_role("button", name="Join").click()
    expect(bo.page).to_have_url(room_url)

    # Cy comes in through the invite link the GM copies (no password).
    gm.page.get_by_role("button", name="Copy invite link").click()
    note = gm.page.get_by_role("status").filter(has_text="Invite link copied")
    expect(note).to_be_visible()
    link = re.search(r"(/play/\d+\?invite=\S+)", note.inner_text())
    assert link, note.inner_text()
    cy.page.goto(link.group(1))
    expect(cy.page).to_have_url(room_url)

    for person in people:
        party = person.page.get_by_role("region", name="Party")
        for other in people:
            expect(party.get_by_role("listitem", name=re.compile(other.nick))).to_be_visible()
        gm_item = party.get_by_role("listitem", name=re.compile(gm.nick))
        expect(gm_item.get_by_role("img", name="Game master")).to_be_visible()

    # A story line shows in everyone's dialogue box, with its speaker.
    _say(gm.page, "Story", "Say a line of the story", "The tower door creaks open.")
    for person in people:
        box = person.page.get_by_role("region", name="Story")
        expect(box).to_contain_text("The tower door creaks open.")
        expect(box).to_contain_text(gm.nick)

    # Bo whispers to the GM: the GM sees an unread whisper and reads it; Cy never gets it.
    bo.page.get_by_role("tab", name=re.compile("^Whispers")).click()
    bo.page.get_by_label("To", exact=True).select_option(gm.nick)
    _say(bo.page, "Whispers", "Whisper", "I pocket the silver key.")
    whispers_tab = gm.page.get_by_role("tab", name=re.compile("^Whispers"))
    expect(whispers_tab.get_by_label("1 unread")).to_be_visible()
    whispers_tab.click()
    expect(gm.page.get_by_role("tabpanel")).to_contain_text("I pocket the silver key.")
    expect(whispers_tab.get_by_label("1 unread")).to_have_count(0)

    # One roll, the same faces on every screen.
    gm.page.get_by_role("textbox", name="Dice expression", exact=True).fill("4d6")
    gm.page.get_by_role("button", name="Roll", exact=True).click()
    for person in people:
        expect(person.page.get_by_role("list", name="Rolls").get_by_role("listitem")).to_have_count(
            1
        )
    faces = _faces(gm.page)
    assert len(faces) == 4 and all(f.startswith("d6: ") for f in faces)
    assert _faces(bo.page) == faces
    assert _faces(cy.page) == faces
    # Cy has seen the roll stored after the whisper, and never the whisper.
    cy.page.get_by_role("tab", name=re.compile("^Whispers")).click()
    expect(cy.page.get_by_role("tabpanel")).to_contain_text("Nothing here yet.")
    expect(cy.page.get_by_text("I pocket the silver key.")).to_have_count(0)

    # A vote: Cy starts it, everyone votes, the GM closes it; all see the tally.
    cy.page.get_by_role("textbox", name="Question", exact=True).fill("Which stair?")
    cy.page.get_by_role("textbox", name="Option 1", exact=True).fill("Up")
    cy.page.get_by_role("textbox", name="Option 2", exact=True).fill("Down")
    cy.page.get_by_role("button", name="Start the vote").click()
    for person, choice in ((gm, "Up"), (bo, "Down"), (cy, "Down")):
        vote = person.page.get_by_role("listitem", name="Vote: Which stair?")
        button = vote.get_by_role("button", name=choice, exact=True)
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
    gm.page.get_by_role("listitem", name="Vote: Which stair?").get_by_role(
        "button", name="Close the vote"
    ).click()
    for person in people:
        tally = person.page.get_by_role("list", name="Result")
        expect(tally).to_contain_text("Down2 votes")
        expect(tally).to_contain_text("Up1 votes")

    # A random pick among the members Bo leaves ticked (not Cy), the same on every screen.
    bo.page.get_by_role("group", name="Who may be picked").get_by_role(
        "checkbox", name=cy.nick
    ).uncheck()
    bo.page.get_by_role("button", name="Pick", exact=True).click()
    picked = bo.page.get_by_role("list", name="Picks").get_by_role("listitem").first
    expect(picked).to_contain_text(f"{gm.nick}, {bo.nick} →")
    choice = picked.locator("strong").inner_text()
    assert choice in {gm.nick, bo.nick}
    for person in (gm, cy):
        expect(
            person.page.get_by_role("list", name="Picks").get_by_role("listitem").first
        ).to_contain_text(f"→ {choice}")

    # A reload resumes with the history: the story line, the roll, the whisper Bo sent.
    # Bo's page now goes through a WebSocket route the test can cut.
    cut = {"on": False}
    routes: list[WebSocketRoute] = []

    def route(ws: WebSocketRoute) -> None:
        if cut["on"]:
            ws.close()
            return
        ws.connect_to_server()
        routes.append(ws)

    bo.page.route_web_socket(re.compile(r"/socket\.io/"), route)
    bo.page.reload()
    expect(bo.page.get_by_role("region", name="Story")).to_contain_text(
        "The tower door creaks open."
    )
    assert _faces(bo.page) == faces
    bo.page.get_by_role("tab", name=re.compile("^Whispers")).click()
    expect(bo.page.get_by_role("tabpanel")).to_contain_text("I pocket the silver key.")

    # Bo's connection drops: a banner says so; what is said meanwhile arrives on reconnection.
    cut["on"] = True
    for ws in routes:
        ws.close()
    expect(bo.page.get_by_role("status").filter(has_text="reconnecting")).to_be_visible()
    _say(gm.page, "Story", "Say a line of the story", "The stairs groan under our feet.")
    cut["on"] = False
    expect(bo.page.get_by_role("status").filter(has_text="reconnecting")).to_have_count(
        0, timeout=30_000
    )
    expect(bo.page.get_by_role("region", name="Story")).to_contain_text("The stairs groan")
    bo.page.get_by_role("tab", name=re.compile("^Story")).click()
    expect(bo.page.get_by_role("tabpanel").get_by_role("listitem")).to_have_count(2)

    # The GM hands the role to Bo; Bo (now GM) kicks Cy.
    gm.page.get_by_text("GM menu").click()
    gm.page.get_by_label("Member", exact=True).select_option(bo.nick)
    gm.page.get_by_role("button", name="Make GM").click()
    for person in people:
        bo_item = person.page.get_by_role("region", name="Party").get_by_role(
            "listitem", name=re.compile(bo.nick)
        )
        expect(bo_item.get_by_role("img", name="Game master")).to_be_visible()
    expect(gm.page.get_by_text("GM menu")).to_have_count(0)
    bo.page.get_by_text("GM menu").click()
    bo.page.get_by_label("Member", exact=True).select_option(cy.nick)
    bo.page.get_by_role("button", name="Kick").click()
    expect(cy.page.get_by_role("heading", name="You were asked to leave")).to_be_visible()
    for person in (gm, bo):
        party = person.page.get_by_role("region", name="Party")
        expect(party.get_by_role("listitem", name=re.compile(cy.nick))).to_have_count(0)
