"""Buying stars in a real browser: the test provider, and KakaoPay played by the fake on a loopback
port (its payment page sends the browser straight back with the outcome the test chose)."""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect

from tests.fakes.kakaopay import SECRET_KEY, FakeKakaoPay
from tests.live import free_port

from .conftest import LiveServer, english_page, serving_app

pytestmark = pytest.mark.e2e

PASSWORD = "starlight42"
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture(scope="module")
def kakaopay() -> Iterator[FakeKakaoPay]:
    """The fake KakaoPay in a thread of its own (the browser and the served app both reach it)."""
    fake = FakeKakaoPay()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(fake.app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, name="fake-kakaopay", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive(), "the fake KakaoPay stopped while starting"
        assert time.monotonic() < deadline, "the fake KakaoPay did not start"
        time.sleep(0.05)
    fake.base_url = f"http://127.0.0.1:{port}"
    try:
        yield fake
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory, kakaopay: FakeKakaoPay) -> Iterator[LiveServer]:
    """The app with KakaoPay pointed at the fake; KakaoPay's callbacks come back to this server."""
    env = {
        "MYGEMINI_PAYMENTS__KAKAOPAY__SECRET_KEY": SECRET_KEY,
        "MYGEMINI_PAYMENTS__KAKAOPAY__API_URL": kakaopay.base_url,
        "MYGEMINI_PUBLIC_URL": "{url}",
    }
    data_dir: Path = tmp_path_factory.mktemp("e2e-wallet")
    with serving_app(data_dir, env) as server:
        yield server


@pytest.fixture
def page(browser: Browser, shop: LiveServer, kakaopay: FakeKakaoPay) -> Iterator[Page]:
    kakaopay.pay_outcome = "approve"
    with english_page(browser, shop.url) as page:
        yield page


def _sign_up(page: Page) -> None:
    nick = f"Buyer_{uuid.uuid4().hex[:6]}"
    page.goto("/signup")
    page.get_by_label("Email").fill(f"{nick.lower()}@example.com")
    page.get_by_label("Nickname").fill(nick)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up", exact=True).click()
    expect(page).to_have_url(re.compile(r"/onboarding$"))
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Finish sign-up").click()
    expect(page).to_have_url(re.compile(r"/$"))


def _counter(page: Page, stars: int) -> None:
    expect(page.get_by_test_id("star-balance")).to_have_attribute(
        "aria-label", re.compile(rf"^{stars} star fragments")
    )


def _open_wallet(page: Page) -> None:
    page.get_by_test_id("star-balance").click()
    expect(page).to_have_url(re.compile(r"/wallet$"))
    expect(page.get_by_role("heading", name="Get star fragments", level=1)).to_be_visible()


def _buy(page: Page, package: str) -> None:
    page.get_by_test_id(f"package-{package}").get_by_role("button").click()


def test_buy_with_the_test_provider(page: Page) -> None:
    _sign_up(page)
    _counter(page, 10)
    _open_wallet(page)
    expect(page.get_by_test_id("wallet-balance")).to_contain_text("10")
    history = page.get_by_test_id("ledger")
    expect(history.get_by_role("listitem")).to_have_count(1)
    expect(history).to_contain_text("Welcome gift")
    expect(page.get_by_test_id("orders")).to_be_empty()

    page.get_by_role("radio", name="Test payment").check()
    expect(page.get_by_text("Test payments move no money")).to_be_visible()
    expect(page.get_by_test_id("package-stars30").get_by_role("button")).to_have_text("Pay ₩27,000")
    _buy(page, "stars30")

    expect(page).to_have_url(re.compile(r"/wallet/orders/\d+$"))
    expect(page.get_by_role("heading", name="30 star fragments are yours")).to_be_visible()
    expect(page.get_by_test_id("order-balance")).to_have_text("You now have 40 star fragments.")
    _counter(page, 40)

    page.get_by_role("link", name="Back to my stars").first.click()
    expect(page.get_by_test_id("wallet-balance")).to_contain_text("40")
    expect(history.get_by_role("listitem")).to_have_count(2)
    expect(history.get_by_role("listitem").first).to_contain_text("Purchase")
    expect(history.get_by_role("listitem").first).to_contain_text("+30")
    order = page.get_by_test_id("orders").get_by_role("listitem")
    expect(order).to_have_count(1)
    expect(order).to_contain_text("Paid")
    expect(order).to_contain_text("Test payment")
    expect(order.get_by_role("button", name="Refund")).to_be_visible()


def test_kakaopay_approve_then_refund(page: Page, kakaopay: FakeKakaoPay) -> None:
    _sign_up(page)
    _open_wallet(page)
    # KakaoPay is offered first; on a computer the browser goes to its PC page.
    expect(page.get_by_role("radio", name="KakaoPay")).to_be_checked()
    with page.expect_request(re.compile(r"/pay/T[0-9a-f]+$")):
        _buy(page, "stars10")

    expect(page).to_have_url(re.compile(r"/wallet/orders/\d+$"))
    expect(page.get_by_role("heading", name="10 star fragments are yours")).to_be_visible()
    expect(page.get_by_test_id("order-balance")).to_have_text("You now have 20 star fragments.")
    _counter(page, 20)
    assert kakaopay.count("approve") >= 1

    page.get_by_role("link", name="Back to my stars").first.click()
    order = page.get_by_test_id("orders").get_by_role("listitem")
    expect(order).to_contain_text("Paid")
    order.get_by_role("button", name="Refund").click()
    dialog = page.get_by_role("dialog", name="Refund")
    expect(dialog).to_contain_text("Give back 10 star fragments and get ₩9,900 refunded?")
    dialog.get_by_role("button", name="Refund").click()
    expect(dialog).to_be_hidden()
    expect(order).to_contain_text("Refunded")
    expect(order.get_by_role("button", name="Refund")).to_have_count(0)
    _counter(page, 10)
    expect(page.get_by_test_id("wallet-balance")).to_contain_text("10")
    expect(page.get_by_test_id("ledger").get_by_role("listitem").first).to_contain_text(
        "Purchase refund"
    )


@pytest.mark.parametrize(
    ("outcome", "title"),
    [("cancel", "Payment cancelled"), ("fail", "The payment did not go through")],
)
def test_kakaopay_given_up_or_failed(
    page: Page, kakaopay: FakeKakaoPay, outcome: str, title: str
) -> None:
    _sign_up(page)
    _open_wallet(page)
    kakaopay.pay_outcome = outcome
    _buy(page, "stars10")

    expect(page).to_have_url(re.compile(r"/wallet/orders/\d+$"))
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_test_id("order-card")).to_have_attribute(
        "data-status", "cancelled" if outcome == "cancel" else "failed"
    )
    _counter(page, 10)
    page.get_by_role("link", name="Top up again").click()
    order = page.get_by_test_id("orders").get_by_role("listitem")
    expect(order).to_contain_text("Cancelled" if outcome == "cancel" else "Failed")
    expect(order.get_by_role("button", name="Refund")).to_have_count(0)
    expect(page.get_by_test_id("ledger").get_by_role("listitem")).to_have_count(1)


def test_a_phone_pays_on_kakaopays_mobile_page(
    browser: Browser, shop: LiveServer, kakaopay: FakeKakaoPay
) -> None:
    kakaopay.pay_outcome = "approve"
    with english_page(browser, shop.url, **PHONE) as page:
        _sign_up(page)
        page.goto("/wallet")
        with page.expect_request(re.compile(r"/pay/T[0-9a-f]+\?mobile=1$")):
            _buy(page, "stars100")
        expect(page.get_by_role("heading", name="100 star fragments are yours")).to_be_visible()
        _counter(page, 110)


def test_the_return_page_waits_for_kakaopay_then_shows_the_balance(
    page: Page, kakaopay: FakeKakaoPay
) -> None:
    _sign_up(page)
    _open_wallet(page)
    # The person is still on KakaoPay's page (a stand-in here) when they open the order.
    page.route(
        re.compile(r".*/pay/T[0-9a-f]+$"),
        lambda route: route.fulfill(status=200, content_type="text/html", body="KakaoPay"),
    )
    with page.expect_request(re.compile(r"/pay/T[0-9a-f]+$")) as paying:
        _buy(page, "stars10")
    pay_url = paying.value.url
    payment = next(p for p in kakaopay.payments.values() if pay_url.endswith(p.tid))
    order_id = re.search(r"/orders/(\d+)/approve$", payment.ready["approval_url"])
    assert order_id
    page.goto(f"/wallet/orders/{order_id[1]}")
    expect(page.get_by_test_id("order-card")).to_have_attribute("data-status", "ready")
    expect(page.get_by_role("heading", name="Checking your payment")).to_be_visible()

    # They pay in another window (the phone): KakaoPay calls back; this page sees it by polling.
    r = httpx.get(pay_url, follow_redirects=True, timeout=10)
    assert r.status_code == 200, r.text
    expect(page.get_by_role("heading", name="10 star fragments are yours")).to_be_visible()
    expect(page.get_by_test_id("order-balance")).to_have_text("You now have 20 star fragments.")
    _counter(page, 20)


def test_the_counter_follows_a_purchase_made_in_another_tab(page: Page) -> None:
    _sign_up(page)
    page.goto("/studio")
    _counter(page, 10)
    other = page.context.new_page()
    other.goto("/wallet")
    other.get_by_role("radio", name="Test payment").check()
    other.get_by_test_id("package-stars30").get_by_role("button").click()
    expect(other.get_by_role("heading", name="30 star fragments are yours")).to_be_visible()
    # The first tab did nothing: the purchase notification pushed over its socket moves it.
    _counter(page, 40)
