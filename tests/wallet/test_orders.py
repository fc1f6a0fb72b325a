"""Buying stars through HTTP, against a fake KakaoPay: credited exactly once, only what KakaoPay
approved at the package's price, refundable while unspent."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI

from mygemini.scheduler import tick
from tests.fakes.kakaopay import SECRET_KEY, FakeKakaoPay
from tests.wallet.conftest import (
    MakePerson,
    assert_ledger_explains_balance,
    balance,
    buy,
    ledger,
    order,
    pay,
)

PAGE = "http://testserver/wallet/orders/{}"


async def test_packages_come_from_settings(make_person: MakePerson) -> None:
    p = await make_person()
    r = await p.client.get("/api/wallet/packages")
    assert r.json() == [
        {"id": "stars10", "stars": 10, "price_krw": 9900},
        {"id": "stars30", "stars": 30, "price_krw": 27000},
        {"id": "stars100", "stars": 100, "price_krw": 79000},
    ]


async def test_providers_say_which_ways_to_pay_are_on(make_person: MakePerson) -> None:
    p = await make_person()
    r = await p.client.get("/api/wallet/providers")
    assert r.status_code == 200, r.text
    assert r.json() == {"kakaopay": True, "test": True}


async def test_test_provider_completes_at_once_and_notifies(make_person: MakePerson) -> None:
    p = await make_person()
    r = await buy(p, "stars30", provider="test")
    assert r.status_code == 201, r.text
    started = r.json()
    assert started["status"] == "approved"
    assert started["redirect_url"] == PAGE.format(started["id"])
    assert await balance(p) == 40
    got = await order(p, started["id"])
    assert got["status"] == "approved" and got["provider"] == "test" and got["refundable"]
    assert got["stars"] == 30 and got["price_krw"] == 27000 and got["approved_at"]
    notes = (await p.client.get("/api/notifications", headers=p.auth)).json()["items"]
    assert notes[0]["kind"] == "wallet.purchase"
    assert notes[0]["payload"] == {"order_id": started["id"], "stars": 30, "balance": 40}
    assert [e["reason"] for e in await ledger(p)] == ["purchase", "signup_grant"]
    await assert_ledger_explains_balance(p)


async def test_kakaopay_ready_approve_credits(
    make_person: MakePerson, kakaopay: FakeKakaoPay, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    p = await make_person()
    r = await buy(p)
    assert r.status_code == 201, r.text
    started = r.json()
    assert started["status"] == "ready"
    assert started["redirect_mobile_url"].endswith("?mobile=1")
    ready = kakaopay.only().ready
    assert ready["total_amount"] == 9900 and ready["partner_user_id"] == str(p.id)
    assert ready["approval_url"] == f"http://testserver/api/wallet/orders/{started['id']}/approve"
    assert (await order(p, started["id"]))["status"] == "ready"

    back = await pay(kakaopay, started["redirect_url"])
    # The browser comes back by a top-level navigation: no access token.
    r = await p.client.get(back)
    assert r.status_code == 303
    assert r.headers["location"] == PAGE.format(started["id"])
    assert await balance(p) == 20
    assert (await order(p, started["id"]))["status"] == "approved"
    approve = next(body for name, body in kakaopay.calls if name == "approve")
    assert approve["tid"] == kakaopay.only().tid
    assert approve["partner_order_id"] == ready["partner_order_id"]
    await assert_ledger_explains_balance(p)
    assert SECRET_KEY not in caplog.text


async def test_approval_replayed_ten_times_credits_once(
    make_person: MakePerson, kakaopay: FakeKakaoPay
) -> None:
    p = await make_person()
    started = (await buy(p, "stars100")).json()
    back = await pay(kakaopay, started["redirect_url"])
    answers = [await p.client.get(back) for _ in range(10)]
    assert {(a.status_code, a.headers["location"]) for a in answers} == {
        (303, PAGE.format(started["id"]))
    }
    assert await balance(p) == 110
    assert kakaopay.count("approve") == 1
    await assert_ledger_explains_balance(p)


async def test_concurrent_approvals_credit_once(
    make_person: MakePerson, kakaopay: FakeKakaoPay
) -> None:
    p = await make_person()
    started = (await buy(p)).json()
    back = await pay(kakaopay, started["redirect_url"])
    # Both reach KakaoPay's approve before either is answered.
    kakaopay.hold_approvals_for = 2
    first, second = await asyncio.gather(p.client.get(back), p.client.get(back))
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert kakaopay.count("approve") == 2
    assert await balance(p) == 20
    assert [e["reason"] for e in await ledger(p)].count("purchase") == 1
    notes = (await p.client.get("/api/notifications", headers=p.auth)).json()["items"]
    assert [n["kind"] for n in notes].count("wallet.purchase") == 1
    await assert_ledger_explains_balance(p)


async def test_tampered_amount_is_refused_and_cancelled(
    make_person: MakePerson, kakaopay: FakeKakaoPay, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    p = await make_person()
    started = (await buy(p)).json()
    kakaopay.tampered_total = 100
    r = await p.client.get(await pay(kakaopay, started["redirect_url"]))
    assert r.status_code == 303
    assert (await order(p, started["id"]))["status"] == "failed"
    assert await balance(p) == 10
    payment = kakaopay.only()
    assert payment.status == "CANCEL_PAYMENT" and payment.cancelled == 100
    assert "AMOUNT MISMATCH" in caplog.text
    assert SECRET_KEY not in caplog.text
    # Replays change nothing and cancel nothing twice.
    await p.client.get(f"/api/wallet/orders/{started['id']}/approve?pg_token=again")
    assert kakaopay.count("cancel") == 1
    await assert_ledger_explains_balance(p)


async def test_approve_racing_cancel_ends_in_one_state(
    make_person: MakePerson, kakaopay: FakeKakaoPay
) -> None:
    p = await make_person()
    started = (await buy(p)).json()
    back = await pay(kakaopay, started["redirect_url"])
    cancel = f"/api/wallet/orders/{started['id']}/cancel"
    answers = await asyncio.gather(p.client.get(back), p.client.get(cancel))
    assert {a.status_code for a in answers} == {303}
    # KakaoPay approved: the browser's cancel could not undo that.
    assert (await order(p, started["id"]))["status"] == "approved"
    assert kakaopay.only().status == "SUCCESS_PAYMENT"
    assert await balance(p) == 20

    # The other way round: the person gave up at KakaoPay, and an approval with an old
    # token races the cancel: nothing is charged or credited.
    second = (await buy(p)).json()
    stale = await pay(kakaopay, second["redirect_url"])
    quit_back = await pay(kakaopay, second["redirect_url"], "cancel")
    answers = await asyncio.gather(p.client.get(stale), p.client.get(quit_back))
    assert {a.status_code for a in answers} == {303}
    assert (await order(p, second["id"]))["status"] == "cancelled"
    assert await balance(p) == 20
    await assert_ledger_explains_balance(p)


async def test_cancel_and_fail_callbacks_follow_kakaopay(
    make_person: MakePerson, kakaopay: FakeKakaoPay
) -> None:
    p = await make_person()
    cancelled = (await buy(p)).json()
    r = await p.client.get(await pay(kakaopay, cancelled["redirect_url"], "cancel"))
    assert r.status_code == 303 and r.headers["location"] == PAGE.format(cancelled["id"])
    assert (await order(p, cancelled["id"]))["status"] == "cancelled"
    failed = (await buy(p)).json()
    r = await p.client.get(await pay(kakaopay, failed["redirect_url"], "fail"))
    assert (await order(p, failed["id"]))["status"] == "failed"
    # Someone calling the cancel URL of a payment that is still going on changes nothing.
    pending = (await buy(p)).json()
    r = await p.client.get(f"/api/wallet/orders/{pending['id']}/cancel")
    assert r.status_code == 303
    assert (await order(p, pending["id"]))["status"] == "ready"
    assert await balance(p) == 10


async def test_a_mistyped_payment_password_ends_nothing_until_the_order_is_stale(
    make_person: MakePerson, kakaopay: FakeKakaoPay, app: FastAPI
) -> None:
    """KakaoPay reports FAIL_AUTH_PASSWORD while the buyer may still type it again: a stranger
    calling our fail URL then must not end the purchase; the reconciler, once the order is
    stale, does."""
    p = await make_person()
    started = (await buy(p)).json()
    (payment,) = kakaopay.payments.values()
    payment.status = "FAIL_AUTH_PASSWORD"
    r = await p.client.get(f"/api/wallet/orders/{started['id']}/fail")
    assert r.status_code == 303
    assert (await order(p, started["id"]))["status"] == "ready"
    ctx = app.state.ctx
    later = ctx.clock() + ctx.settings.payments.reconcile_after_minutes * timedelta(minutes=1)
    ctx.clock = lambda: later
    await tick(ctx)
    assert (await order(p, started["id"]))["status"] == "failed"
    assert await balance(p) == 10


async def test_reconciler_settles_stuck_orders_once(
    make_person: MakePerson, kakaopay: FakeKakaoPay, app: FastAPI
) -> None:
    p = await make_person()
    ctx = app.state.ctx
    # Paid at KakaoPay, but the approval's answer was lost and the status read failed too.
    lost = (await buy(p)).json()
    kakaopay.lose_approve_answer = True
    kakaopay.failing.add("order")
    r = await p.client.get(await pay(kakaopay, lost["redirect_url"]))
    assert r.status_code == 303
    assert (await order(p, lost["id"]))["status"] == "ready"
    kakaopay.lose_approve_answer = False
    kakaopay.failing.clear()
    # Nobody came back for this one.
    walked_away = (await buy(p)).json()
    assert await balance(p) == 10

    await tick(ctx)  # not 15 minutes yet: nothing moves
    assert (await order(p, lost["id"]))["status"] == "ready"
    later = ctx.clock() + ctx.settings.payments.reconcile_after_minutes * timedelta(minutes=1)
    ctx.clock = lambda: later
    await tick(ctx)
    await tick(ctx)
    assert (await order(p, lost["id"]))["status"] == "approved"
    assert (await order(p, walked_away["id"]))["status"] == "cancelled"
    assert await balance(p) == 20
    await assert_ledger_explains_balance(p)


async def test_approval_landing_after_the_reconciler_gave_up_is_paid_back(
    make_person: MakePerson, kakaopay: FakeKakaoPay, app: FastAPI
) -> None:
    p = await make_person()
    ctx = app.state.ctx
    started = (await buy(p)).json()
    back = await pay(kakaopay, started["redirect_url"])
    # The approval reaches KakaoPay and waits there...
    kakaopay.hold_approvals_for = 2
    approving = asyncio.create_task(p.client.get(back))
    await kakaopay.approval_arrived.wait()
    # ...while the reconciler, past the payment window, gives the order up.
    later = ctx.clock() + ctx.settings.payments.reconcile_after_minutes * timedelta(minutes=1)
    ctx.clock = lambda: later
    await tick(ctx)
    assert (await order(p, started["id"]))["status"] == "cancelled"
    # A second approval (refused) lets the first one through: KakaoPay charged.
    async with httpx.AsyncClient(base_url=kakaopay.base_url) as other:
        await other.post(
            "/online/v1/payment/approve",
            json={"cid": "TC0ONETIME", "tid": "none"},
            headers={"Authorization": f"SECRET_KEY {SECRET_KEY}"},
        )
    assert (await approving).status_code == 303
    assert (await order(p, started["id"]))["status"] == "cancelled"
    assert await balance(p) == 10
    payment = kakaopay.only()
    assert payment.status == "CANCEL_PAYMENT" and payment.cancelled == 9900
    await assert_ledger_explains_balance(p)


async def test_refunds(make_person: MakePerson, kakaopay: FakeKakaoPay, app: FastAPI) -> None:
    p = await make_person()
    started = (await buy(p)).json()
    await p.client.get(await pay(kakaopay, started["redirect_url"]))
    r = await p.client.post(f"/api/wallet/orders/{started['id']}/refund", headers=p.auth)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "refunded" and not r.json()["refundable"]
    assert await balance(p) == 10
    assert kakaopay.only().status == "CANCEL_PAYMENT" and kakaopay.only().cancelled == 9900
    again = await p.client.post(f"/api/wallet/orders/{started['id']}/refund", headers=p.auth)
    assert again.status_code == 409 and again.json()["error"] == "NotRefundable"
    assert kakaopay.count("cancel") == 1

    # After the window.
    old = (await buy(p, provider="test")).json()
    ctx = app.state.ctx
    later = ctx.clock() + (ctx.settings.payments.refund_days + 1) * timedelta(days=1)
    ctx.clock = lambda: later
    assert not (await order(p, old["id"]))["refundable"]
    r = await p.client.post(f"/api/wallet/orders/{old['id']}/refund", headers=p.auth)
    assert r.status_code == 409 and r.json()["error"] == "NotRefundable"
    await assert_ledger_explains_balance(p)


async def test_concurrent_refunds_refund_once(
    make_person: MakePerson, kakaopay: FakeKakaoPay
) -> None:
    p = await make_person()
    started = (await buy(p)).json()
    await p.client.get(await pay(kakaopay, started["redirect_url"]))
    url = f"/api/wallet/orders/{started['id']}/refund"
    answers = await asyncio.gather(*(p.client.post(url, headers=p.auth) for _ in range(3)))
    assert sorted(a.status_code for a in answers) == [200, 409, 409]
    assert await balance(p) == 10
    assert kakaopay.count("cancel") == 1
    await assert_ledger_explains_balance(p)


async def test_refund_of_spent_stars_is_refused(make_person: MakePerson, app: FastAPI) -> None:
    from mygemini.wallet import service as wallet

    p = await make_person()
    bought = (await buy(p, provider="test")).json()
    async with app.state.db.unit_of_work() as uow:
        await wallet.move(uow, p.id, -11, "generation", None, "spend-some")
    assert not (await order(p, bought["id"]))["refundable"]
    r = await p.client.post(f"/api/wallet/orders/{bought['id']}/refund", headers=p.auth)
    assert r.status_code == 409 and r.json()["error"] == "NotRefundable"
    assert await balance(p) == 9
    assert (await order(p, bought["id"]))["status"] == "approved"
    await assert_ledger_explains_balance(p)


async def test_refund_while_kakaopay_is_down_is_cancelled_later(
    make_person: MakePerson, kakaopay: FakeKakaoPay, app: FastAPI
) -> None:
    p = await make_person()
    started = (await buy(p)).json()
    await p.client.get(await pay(kakaopay, started["redirect_url"]))
    kakaopay.failing.add("cancel")
    r = await p.client.post(f"/api/wallet/orders/{started['id']}/refund", headers=p.auth)
    assert r.status_code == 200 and r.json()["status"] == "refunded"
    assert await balance(p) == 10
    assert kakaopay.only().status == "SUCCESS_PAYMENT"
    kakaopay.failing.clear()
    await tick(app.state.ctx)
    await tick(app.state.ctx)
    assert kakaopay.only().status == "CANCEL_PAYMENT"
    assert kakaopay.count("cancel") == 2
    await assert_ledger_explains_balance(p)


async def test_orders_are_private_and_validated(make_person: MakePerson) -> None:
    p, stranger = await make_person(), await make_person()
    mine = (await buy(p, provider="test")).json()
    assert (
        await stranger.client.get(f"/api/wallet/orders/{mine['id']}", headers=stranger.auth)
    ).status_code == 404
    r = await stranger.client.post(f"/api/wallet/orders/{mine['id']}/refund", headers=stranger.auth)
    assert r.status_code == 404 and r.json()["error"] == "OrderNotFound"
    assert (await stranger.client.get("/api/wallet/orders", headers=stranger.auth)).json()[
        "items"
    ] == []
    r = await buy(p, "stars7")
    assert r.status_code == 422 and r.json()["error"] == "UnknownPackage"
    assert (await buy(p, provider="paypal")).status_code == 422
    assert (
        await p.client.post(
            "/api/wallet/orders", json={"package_id": "stars10", "provider": "test"}
        )
    ).status_code == 401
    listed = (await p.client.get("/api/wallet/orders", headers=p.auth)).json()
    assert [o["id"] for o in listed["items"]] == [mine["id"]]
    assert (await p.client.get("/api/wallet/orders/999999/approve?pg_token=x")).status_code == 404


@pytest.mark.parametrize("trouble", ["failing", "refusing", "slow"])
async def test_kakaopay_down_answers_502_and_credits_nothing(
    make_person: MakePerson, kakaopay: FakeKakaoPay, app: FastAPI, trouble: str
) -> None:
    p = await make_person()
    getattr(kakaopay, trouble).add("ready")
    app.state.ctx.settings.payments.kakaopay.timeout_seconds = 0.5
    r = await buy(p)
    assert r.status_code == 502 and r.json()["error"] == "PaymentProviderError"
    listed = (await p.client.get("/api/wallet/orders", headers=p.auth)).json()["items"]
    assert [o["status"] for o in listed] == ["failed"]
    assert await balance(p) == 10
    await assert_ledger_explains_balance(p)


async def test_kakaopay_unreachable_answers_502(make_person: MakePerson, app: FastAPI) -> None:
    from tests.live import free_port

    p = await make_person()
    app.state.ctx.settings.payments.kakaopay.api_url = f"http://127.0.0.1:{free_port()}"
    r = await buy(p)
    assert r.status_code == 502 and r.json()["error"] == "PaymentProviderError"
    assert await balance(p) == 10
