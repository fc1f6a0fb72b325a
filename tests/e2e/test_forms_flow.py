"""The forms' own rules and the server's refusals, as a person meets them in a real browser."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from .conftest import LiveServer

pytestmark = pytest.mark.e2e

PASSWORD = "starlight42"


def test_account_forms_check_first_and_put_refusals_on_their_field(
    page: Page, live_server: LiveServer
) -> None:
    nick = f"Forms_{uuid.uuid4().hex[:6]}"
    email = f"{nick.lower()}@example.com"
    with live_server.api() as api:
        taken = api.post(
            "/api/auth/signup", json={"email": email, "password": PASSWORD, "nickname": nick}
        )
        assert taken.status_code == 201, taken.text

    # Signup: nothing is judged before the first submit, then every field says what is wrong.
    page.goto("/signup")
    page.get_by_label("Nickname").fill(" x")
    expect(page.get_by_text("No leading, trailing or double spaces.")).to_have_count(0)
    page.get_by_role("button", name="Sign up", exact=True).click()
    expect(page.get_by_text("No leading, trailing or double spaces.")).to_be_visible()
    expect(page.get_by_text("This field is required.")).to_have_count(2)

    # A taken email is said on the email field, which gets the focus.
    page.get_by_label("Email").fill(email)
    page.get_by_label("Nickname").fill(f"{nick}b")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up", exact=True).click()
    email_field = page.get_by_label("Email")
    expect(page.get_by_text("That email is already registered.")).to_be_visible()
    expect(email_field).to_have_attribute("aria-invalid", "true")
    expect(email_field).to_be_focused()
    email_field.fill(f"other_{email}")
    expect(page.get_by_text("That email is already registered.")).to_have_count(0)
    page.get_by_role("button", name="Sign up", exact=True).click()
    expect(page).to_have_url(re.compile(r"/onboarding$"))

    # Onboarding asks for a starter avatar.
    page.get_by_role("button", name="Finish sign-up").click()
    expect(page.get_by_text("Pick a character to start with.")).to_be_visible()
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Finish sign-up").click()
    expect(page).to_have_url(re.compile(r"/$"))

    # Profile edit: a taken nickname is said on the nickname field, and nothing is "saved".
    page.goto("/me")
    nickname = page.get_by_label("Nickname")
    nickname.fill(nick)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("That nickname is already taken.")).to_be_visible()
    expect(nickname).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_have_count(0)


def test_summon_fine_tuning_is_checked_as_typed(page: Page, live_server: LiveServer) -> None:
    nick = f"Tune_{uuid.uuid4().hex[:6]}"
    with live_server.api() as api:
        signup = api.post(
            "/api/auth/signup",
            json={"email": f"{nick.lower()}@example.com", "password": PASSWORD, "nickname": nick},
        )
        assert signup.status_code == 201, signup.text
    page.goto("/login")
    page.get_by_label("Email").fill(f"{nick.lower()}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/onboarding$"))
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Finish sign-up").click()
    expect(page).to_have_url(re.compile(r"/$"))

    page.goto("/studio")
    page.get_by_role("button", name="Random recipe").click()
    summon = page.get_by_role("button", name="Summon my gemini")
    expect(summon).to_be_enabled()
    page.get_by_text("Fine-tune").click()
    seed = page.get_by_label("Fixed seed")
    seed.fill("12x")
    expect(page.get_by_text("Enter a whole number from 0 to 4294967295.")).to_be_visible()
    expect(summon).to_be_disabled()
    seed.fill("42")
    expect(summon).to_be_enabled()
    extra = page.get_by_label("Extra prompt")
    extra.fill("a" * 201)
    expect(page.get_by_text("201 / 200")).to_be_visible()
    expect(page.get_by_text("Keep the extra prompt to 200 characters.")).to_be_visible()
    expect(summon).to_be_disabled()
    extra.fill("starry")
    expect(summon).to_be_enabled()
