"""Issue 12 in a real browser, at desktop (1280×800) and phone (390×844) size: the studio's live
preview, vary and sticky summon bar; the phone layout of every main page; the Korean webfont; the
small lies; the login throttle's wait; and the gallery as a signed-in person's home, searchable by
look and name, with bookmarks. Layout points leave screenshots (see `layout.screenshot_dir`)."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, expect

from .conftest import LiveServer, english_page, new_context
from .layout import (
    SIZES,
    assert_layout,
    axe_violations,
    layout_problems,
    screenshot_dir,
    scroll_boxes,
    shoot,
)

pytestmark = pytest.mark.e2e

PASSWORD = "starlight42"


@pytest.fixture(params=["desktop", "phone"])
def size(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return screenshot_dir(tmp_path / "screenshots")


@pytest.fixture
def sized_page(browser: Browser, live_server: LiveServer, size: str) -> Iterator[Page]:
    phone = size == "phone"
    with english_page(
        browser, live_server.url, viewport=SIZES[size], is_mobile=phone, has_touch=phone
    ) as page:
        yield page


def sign_up(page: Page, prefix: str = "Nova") -> str:
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


class Person:
    """Someone driven through the API (for the other side of a gallery test)."""

    def __init__(self, server: LiveServer, prefix: str) -> None:
        self.nick = f"{prefix}_{uuid.uuid4().hex[:6]}"
        self.http = server.api()
        token = self.http.post(
            "/api/auth/signup",
            json={
                "email": f"{self.nick.lower()}@example.com",
                "nickname": self.nick,
                "password": PASSWORD,
            },
        ).json()["access_token"]
        self.http.headers["Authorization"] = f"Bearer {token}"

    def recipe(self, **changes: str) -> dict[str, str]:
        catalog = self.http.get("/api/studio/catalog").json()
        preset = next(p for p in catalog["presets"] if p["attributes"].get("gender") == "female")
        return {**preset["attributes"], **changes}

    def publish(self, name: str, **changes: str) -> int:
        job = self.http.post(
            "/api/studio/generations", json={"recipe": {"attributes": self.recipe(**changes)}}
        )
        assert job.status_code == 202, job.text
        deadline = time.monotonic() + 60
        while True:
            g = self.http.get(f"/api/studio/generations/{job.json()['id']}").json()
            if g["status"] == "succeeded":
                break
            assert g["status"] in ("queued", "running"), g
            assert time.monotonic() < deadline, g
            time.sleep(0.3)
        gid = int(g["gemini_id"])
        r = self.http.patch(f"/api/geminis/{gid}", json={"visibility": "public", "name": name})
        assert r.status_code == 200, r.text
        return gid


def in_view(page: Page, selector: str) -> bool:
    return bool(
        page.evaluate(
            """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                 return r.top >= 0 && r.bottom <= innerHeight
                   && r.left >= 0 && r.right <= innerWidth; }""",
            selector,
        )
    )


# ---------- 1 and 3: live preview, sticky summon, one scroll, results strip ----------


def test_live_preview_follows_the_recipe_and_summon_stays_in_view(
    sized_page: Page, size: str, shots: Path
) -> None:
    page = sized_page
    sign_up(page)
    previews: list[dict[str, str]] = []

    def drawn(route: Route) -> None:
        previews.append((route.request.post_data_json or {})["attributes"])
        route.continue_()

    page.route("**/api/studio/preview", drawn)
    page.goto("/studio")
    with page.expect_request(
        lambda r: r.url.endswith("/preview") and "spacesuit" in (r.post_data or "")
    ):
        page.get_by_role("button", name="Space cadet").click()
    expect(page.get_by_test_id("recipe-preview")).to_have_attribute("aria-busy", "false")
    image = page.get_by_test_id("recipe-preview-image")
    expect(image).to_have_attribute("src", re.compile(r"^blob:"))
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=image.element_handle())
    first = image.get_attribute("src")
    sent = len(previews)
    assert any(p.get("costume") == "spacesuit" for p in previews), previews

    # Quick picks by keyboard: the preview follows to the last one (older requests are dropped).
    page.get_by_role("tab", name=re.compile("Hair colour")).click()
    panel = page.get_by_role("tabpanel")
    panel.get_by_role("radio", name="Pink", exact=True).check()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    expect(panel.get_by_role("radio", name=re.compile("^Purple"))).to_be_checked()
    expect(image).not_to_have_attribute("src", first or "")
    expect(page.get_by_test_id("recipe-preview")).to_have_attribute("aria-busy", "false")
    assert len(previews) > sent
    assert previews[-1]["hair_color"] == "purple", previews[sent:]
    # The old picture's object URL was let go.
    assert page.evaluate("(u) => fetch(u).then(() => 'alive', () => 'revoked')", first) == "revoked"

    # The summon button is in view before any summon, and after scrolling to the very bottom.
    summon = page.get_by_role("button", name="Summon my gemini")
    assert in_view(page, ".summon-btn"), "summon button below the fold"
    shoot(page, shots, f"studio-{size}-before-summon")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert in_view(page, ".summon-btn")
    summon.click()
    strip = page.get_by_role("region", name="Summoned this visit")
    expect(strip.get_by_role("img", name=re.compile(r"^Your new gemini"))).to_be_visible(
        timeout=30_000
    )
    summon.click()
    expect(strip.get_by_role("img", name=re.compile(r"^Your new gemini"))).to_have_count(
        2, timeout=30_000
    )
    assert in_view(page, ".summon-btn"), "summon button pushed away by results"
    # One scroll: nothing in the studio scrolls on its own.
    assert scroll_boxes(page, ".studio") == []
    shoot(page, shots, f"studio-{size}-after-summons")
    assert_layout(page, "studio")


# ---------- 2: what the built-in renderer reads, and vary ----------


def test_extra_prompt_says_who_reads_it_and_vary_keeps_some(
    sized_page: Page, size: str, shots: Path
) -> None:
    page = sized_page
    sign_up(page)
    page.goto("/studio")
    page.get_by_role("button", name="Random recipe").click()
    page.get_by_text("Fine-tune (optional)").click()
    expect(
        page.get_by_text(re.compile("Only a diffusion renderer reads free text"))
    ).to_be_visible()
    # The words the built-in renderer draws are chips that add themselves to the prompt.
    props = page.get_by_role("list", name="Props")
    chip = props.get_by_role("button").first
    word = (chip.text_content() or "").strip()
    chip.click()
    expect(page.get_by_label("Extra prompt")).to_have_value(word)

    vary = page.get_by_role("button", name=re.compile(r"^Vary \(4 seeds\)"))
    # The price comes from the server's catalog.
    expect(vary).to_contain_text("4")
    expect(vary).to_have_accessible_name(re.compile("4 star fragments for 4 portraits"))
    vary.click()
    panel = page.get_by_role("region", name="Variations")
    keep = panel.get_by_role("checkbox")
    expect(keep).to_have_count(4, timeout=60_000)
    expect(page.get_by_test_id("star-balance")).to_have_attribute(
        "aria-label", re.compile(r"^6 star fragments")
    )
    keep.nth(1).uncheck()
    shoot(page, shots, f"studio-{size}-vary")
    panel.get_by_role("button", name="Keep the 3 selected").click()
    expect(panel.get_by_role("status").filter(has_text="Kept 3 of 4.")).to_be_visible()

    page.goto("/me")
    cards = page.get_by_role("region", name="My geminis").get_by_role(
        "button", name=re.compile("^Open ")
    )
    expect(cards).to_have_count(3)


# ---------- 4: every main page holds on a phone; the bell and the menu ----------


def test_main_pages_hold_at_phone_width(
    browser: Browser, live_server: LiveServer, shots: Path
) -> None:
    with english_page(
        browser, live_server.url, viewport=SIZES["phone"], is_mobile=True, has_touch=True
    ) as page:
        page.goto("/")
        page.wait_for_load_state("networkidle")
        found = {"landing": layout_problems(page)}
        shoot(page, shots, "phone-landing")
        page.goto("/login")
        found["login"] = layout_problems(page)
        sign_up(page, "Pocket")
        # A summon so the history, the studio strip and my geminis have something in them.
        page.goto("/studio")
        page.get_by_role("button", name="Random recipe").click()
        page.get_by_role("button", name="Summon my gemini").click()
        expect(page.get_by_role("img", name=re.compile(r"^Your new gemini"))).to_be_visible(
            timeout=30_000
        )
        for name, path in [
            ("gallery", "/"),
            ("studio", "/studio"),
            ("history", "/studio/history"),
            ("profile", "/me"),
            ("wallet", "/wallet"),
            ("play", "/play"),
        ]:
            page.goto(path)
            page.wait_for_load_state("networkidle")
            found[name] = layout_problems(page)
            shoot(page, shots, f"phone-{name}")
        assert {k: v for k, v in found.items() if v} == {}

        # What does not fit in the header is in the account menu.
        page.get_by_role("button", name="Account menu").click()
        menu = page.locator(".account__menu")
        expect(menu.get_by_role("link", name="Studio")).to_be_visible()
        expect(menu.get_by_role("link", name="Play")).to_be_visible()
        box = menu.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        shoot(page, shots, "phone-menu")
        page.keyboard.press("Escape")


def test_bell_dropdown_is_opaque_and_inside_the_window(
    sized_page: Page, size: str, shots: Path
) -> None:
    page = sized_page
    sign_up(page, "Bell")
    page.get_by_test_id("bell").click()
    panel = page.get_by_role("region", name="Notifications")
    expect(panel).to_be_visible()
    box = panel.bounding_box()
    assert box is not None
    width = SIZES[size]["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    background = panel.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background.startswith("rgb("), f"see-through panel: {background}"
    shoot(page, shots, f"bell-{size}")


# ---------- 5: the Korean webfont is ours, and icons are drawn ----------


def test_korean_landing_uses_the_bundled_font(
    browser: Browser, live_server: LiveServer, size: str, shots: Path
) -> None:
    phone = size == "phone"
    context = new_context(
        browser,
        base_url=live_server.url,
        locale="ko-KR",
        viewport=SIZES[size],
        is_mobile=phone,
        has_touch=phone,
    )
    context.add_init_script("window.localStorage.setItem('mygemini.lang', 'ko')")
    page = context.new_page()
    fonts: list[str] = []
    page.on(
        "request", lambda r: fonts.append(r.url) if re.search(r"\.woff2?(\?|$)", r.url) else None
    )
    try:
        page.goto("/")
        expect(page.get_by_role("heading", level=1)).to_have_text("또 다른 나와 만나는 시간")
        page.evaluate("document.fonts.ready")
        page.wait_for_load_state("networkidle")
        loaded = page.evaluate(
            "() => [...document.fonts].filter((f) => f.status === 'loaded'"
            " && f.family.replace(/\"/g, '') === 'Noto Sans KR').length"
        )
        assert loaded > 0
        # Only the subsets the page shows, all from this site.
        assert fonts and all(
            u.startswith(live_server.url + "/assets/noto-sans-kr-") for u in fonts
        ), fonts
        assert len(fonts) < 40, len(fonts)
        # Meaning never rides on emoji: nothing pictographic in the text.
        emoji = page.evaluate(
            "() => (document.body.innerText.match(/\\p{Extended_Pictographic}/gu) || []).join('')"
        )
        assert emoji == ""
        shoot(page, shots, f"landing-ko-{size}")
    finally:
        context.close()


# ---------- 6: small lies and noise ----------


def test_small_lies_are_gone(sized_page: Page, size: str, live_server: LiveServer) -> None:
    page = sized_page
    # Onboarding explains the Pairchild.
    nick = f"Fresh_{uuid.uuid4().hex[:6]}"
    page.goto("/signup")
    page.get_by_label("Email").fill(f"{nick.lower()}@example.com")
    page.get_by_label("Nickname").fill(nick)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up", exact=True).click()
    page.get_by_text("What is a Pairchild?").click()
    expect(page.get_by_text(re.compile("A Pairchild is the little star companion"))).to_be_visible()
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Finish sign-up").click()
    # A brand-new account is welcomed, not welcomed back.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {nick}")

    # A summon watched to its end does not ring the bell.
    page.goto("/studio")
    page.get_by_role("button", name="Random recipe").click()
    page.get_by_role("button", name="Summon my gemini").click()
    expect(page.get_by_role("img", name=re.compile(r"^Your new gemini"))).to_be_visible(
        timeout=30_000
    )
    page.wait_for_timeout(1000)
    expect(page.get_by_test_id("bell")).to_have_attribute("aria-label", "Notifications")

    # "Set as profile picture": the header's avatar changes at once.
    page.get_by_role("link", name="View in my geminis").click()
    dialog = page.get_by_role("dialog")
    header_avatar = page.locator(".account__trigger img")
    before = header_avatar.get_attribute("src")
    dialog.get_by_role("button", name=re.compile("profile picture")).click()
    expect(header_avatar).not_to_have_attribute("src", before or "")
    expect(header_avatar).to_have_attribute("src", re.compile(r"/api/geminis/\d+/avatar"))
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=header_avatar.element_handle()
    )
    page.keyboard.press("Escape")

    # A missing gemini's dialog says why, in its body.
    page.goto("/?gemini=987654")
    missing = page.get_by_role("dialog")
    expect(missing).to_contain_text("may have been deleted or made private")

    # The 4th concurrent summon: one message, in the person's language, no raw API English.
    page.keyboard.press("Escape")
    page.route(
        "**/api/studio/generations",
        lambda route: (
            route.fulfill(
                status=429,
                content_type="application/json",
                body='{"error": "TooManyGenerations",'
                ' "detail": "3 generations are already in progress"}',
            )
            if route.request.method == "POST"
            else route.continue_()
        ),
    )
    page.goto("/studio")
    page.get_by_role("button", name="Summon my gemini").click()
    alerts = page.get_by_role("alert").filter(has_text=re.compile("on their way"))
    expect(alerts).to_have_count(1)
    expect(page.get_by_text("already in progress")).to_have_count(0)
    page.get_by_role("button", name="한국어").click()
    page.get_by_role("button", name="내 제미니 소환하기").or_(
        page.locator(".summon-btn")
    ).first.click()
    expect(page.get_by_role("alert").filter(has_text=re.compile("[가-힣]"))).to_have_count(1)
    page.get_by_role("button", name="English").click()

    # Logging out from the studio lands on the home page.
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meet another you")


def test_closed_ranking_windows_do_not_ask_for_a_first_star(sized_page: Page) -> None:
    page = sized_page
    page.goto("/")
    previous = page.get_by_role("region", name=re.compile("Yesterday|Last week|previous", re.I))
    expect(page.get_by_text("Nobody made this window's TOP 5.").first).to_be_visible()
    expect(previous.get_by_text(re.compile("be the first star"))).to_have_count(0)


# ---------- 7: the login throttle says minutes, in the person's language ----------


def test_login_throttle_wait_in_minutes(sized_page: Page, live_server: LiveServer) -> None:
    page = sized_page
    person = Person(live_server, "Locked")
    email = f"{person.nick.lower()}@example.com"
    with httpx.Client(base_url=live_server.url) as http:
        for _ in range(10):
            http.post("/api/auth/login", json={"email": email, "password": "wrong-password"})
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(re.compile(r"Try again in \d+ minutes?\."))
    page.get_by_role("button", name="한국어").click()
    page.locator("form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text(re.compile(r"\d+분 뒤에 다시"))


# ---------- 8: the gallery is home, searchable by look and name, with bookmarks ----------


def test_gallery_filters_by_look_and_name_and_saves(
    sized_page: Page, size: str, live_server: LiveServer, shots: Path
) -> None:
    page = sized_page
    tag = uuid.uuid4().hex[:4]
    maker = Person(live_server, "Maker")
    maker.publish(f"Rosy {tag}", hair_color="pink", costume="hanbok")
    maker.publish(f"Inky {tag}", hair_color="black", costume="hanbok")

    sign_up(page, "Seeker")
    # Signed in, the gallery is the home page, with the TOP 5 above it.
    expect(page.get_by_role("heading", name="Gemini gallery")).to_be_visible()
    top5 = page.locator(".rankings--top")
    feed_head = page.get_by_role("heading", name="Gemini gallery")
    assert (top5.bounding_box() or {"y": 1e9})["y"] < (feed_head.bounding_box() or {"y": 0})["y"]
    assert (feed_head.bounding_box() or {"y": 1e9})["y"] < 1300

    # By look: hair colour pink, picked from the catalog's previews.
    page.get_by_role("button", name="Filter by look").click()
    picker = page.get_by_role("region", name="Find geminis that look like…")
    picker.get_by_role("button", name="Hair colour").click()
    picker.get_by_role("radio", name="Pink").click()
    expect(page).to_have_url(re.compile(r"attr=hair_color%3Apink"))
    picker.get_by_role("button", name="Costume").click()
    picker.get_by_role("radio", name="Hanbok").click()
    expect(page).to_have_url(re.compile(r"attr=costume%3Ahanbok"))
    page.get_by_role("button", name="Show geminis").click()
    feed = page.get_by_role("list", name=re.compile("Gemini gallery — Latest"))
    expect(feed.get_by_text(f"Rosy {tag}")).to_be_visible()
    expect(feed.get_by_text(f"Inky {tag}")).to_have_count(0)
    shoot(page, shots, f"gallery-{size}-filtered")
    filtered_url = page.url

    # Back: one filter less (pink only → still no Inky); back again: both appear.
    page.go_back()
    expect(page).not_to_have_url(re.compile("costume"))
    page.go_back()
    expect(feed.get_by_text(f"Inky {tag}")).to_be_visible()
    page.go_forward()
    page.go_forward()
    expect(page).to_have_url(filtered_url)
    expect(feed.get_by_text(f"Inky {tag}")).to_have_count(0)

    # The URL is shareable: opened fresh, the filters are there.
    page.goto(filtered_url)
    expect(
        page.get_by_role("button", name=re.compile("Remove filter: Hair colour: Pink"))
    ).to_be_visible()
    expect(feed.get_by_text(f"Rosy {tag}")).to_be_visible()

    # By name.
    page.goto("/")
    page.get_by_role("searchbox", name="Search names").fill(f"Inky {tag}")
    expect(page).to_have_url(re.compile(r"q=Inky"))
    expect(feed.get_by_text(f"Inky {tag}")).to_be_visible()
    expect(feed.get_by_text(f"Rosy {tag}")).to_have_count(0)

    # Bookmark it, then find it in the Saved tab.
    card = feed.get_by_test_id("gemini-card").filter(has_text=f"Inky {tag}")
    card.get_by_role("button", name="Bookmark").click()
    expect(card.get_by_role("button", name="Bookmark")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name=re.compile("Remove filter")).first.click()
    page.get_by_role("tab", name="Saved").click()
    expect(page).to_have_url(re.compile(r"feed=saved"))
    saved = page.get_by_role("list", name=re.compile("Gemini gallery — Saved"))
    expect(saved.get_by_test_id("gemini-card")).to_have_count(1)
    expect(saved).to_contain_text(f"Inky {tag}")
    shoot(page, shots, f"gallery-{size}-saved")


# ---------- axe: no violations on the main pages, in both languages ----------


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_main_pages_have_no_axe_violations(
    browser: Browser, live_server: LiveServer, size: str, lang: str
) -> None:
    phone = size == "phone"
    with english_page(
        browser,
        live_server.url,
        viewport=SIZES[size],
        is_mobile=phone,
        has_touch=phone,
        bypass_csp=True,
    ) as page:
        found: dict[str, Any] = {}
        page.goto("/")
        page.wait_for_load_state("networkidle")
        found["landing"] = axe_violations(page)
        sign_up(page, "Axe")
        if lang == "ko":
            page.get_by_role("button", name="한국어").click()
        for name, path in [
            ("gallery", "/"),
            ("studio", "/studio"),
            ("profile", "/me"),
            ("wallet", "/wallet"),
            ("play", "/play"),
        ]:
            page.goto(path)
            page.wait_for_load_state("networkidle")
            found[name] = axe_violations(page)
        lines = [
            f"{where}: {v['id']} ({v['impact']}) {v['nodes']}"
            for where, vs in found.items()
            for v in vs
        ]
        assert not lines, "axe violations:\n" + "\n".join(lines)
