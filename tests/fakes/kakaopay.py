"""A small KakaoPay for tests: the four server-to-server endpoints of the online single payment
(ready, approve, cancel, order) and a payment page standing in for the person paying.

Tests switch on what a real provider does on a bad day: answer 500 (`failing`), refuse with
400 (`refusing`), never answer (`slow`, until the test ends), approve a different amount than
was asked (`tampered_total`), or approve and then lose the answer (`lose_approve_answer`).
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

SECRET_KEY = "DEV-fake-kakaopay-secret-0123456789"
CID = "TC0ONETIME"
READY_FIELDS = (
    "cid",
    "partner_order_id",
    "partner_user_id",
    "item_name",
    "quantity",
    "total_amount",
    "vat_amount",
    "tax_free_amount",
    "approval_url",
    "cancel_url",
    "fail_url",
)


@dataclass
class FakePayment:
    tid: str
    ready: dict[str, Any]
    status: str = "READY"
    pg_token: str | None = None
    approved_total: int | None = None
    cancelled: int = 0

    @property
    def total(self) -> int:
        return int(self.ready["total_amount"])


@dataclass
class FakeKakaoPay:
    base_url: str = ""
    payments: dict[str, FakePayment] = field(default_factory=dict)
    # Every request as (endpoint, JSON body), in arrival order.
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    failing: set[str] = field(default_factory=set)
    refusing: set[str] = field(default_factory=set)
    slow: set[str] = field(default_factory=set)
    tampered_total: int | None = None
    # What the person does on the payment page when the URL does not say (`outcome=`): a real
    # browser follows KakaoPay's URL as given, so browser tests choose here.
    pay_outcome: str = "approve"
    lose_approve_answer: bool = False
    # Approvals wait until this many have arrived (lines concurrent callbacks up).
    hold_approvals_for: int = 0
    # Set when an approval has arrived (held or not).
    approval_arrived: asyncio.Event = field(default_factory=asyncio.Event)
    _waiting: int = 0
    _lined_up: asyncio.Event = field(default_factory=asyncio.Event)
    _released: asyncio.Event = field(default_factory=asyncio.Event)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/online/v1/payment/{endpoint}", self.api, methods=["POST"]),
                Route("/pay/{tid}", self.pay_page),
            ]
        )

    def release(self) -> None:
        """Let slow answers go (at the end of a test, so the server can stop)."""
        self._released.set()

    def count(self, endpoint: str) -> int:
        return sum(1 for name, _ in self.calls if name == endpoint)

    def only(self) -> FakePayment:
        (payment,) = self.payments.values()
        return payment

    async def pay_page(self, request: Request) -> Response:
        """The person on KakaoPay's page: pays (`approve`), gives up (`cancel`) or fails."""
        payment = self.payments[request.path_params["tid"]]
        outcome = request.query_params.get("outcome", self.pay_outcome)
        if outcome == "approve":
            payment.status, payment.pg_token = "AUTH_PASSWORD", secrets.token_hex(10)
            url = payment.ready["approval_url"]
            sep = "&" if "?" in url else "?"
            return RedirectResponse(f"{url}{sep}pg_token={payment.pg_token}", 302)
        payment.status = "QUIT_PAYMENT" if outcome == "cancel" else "FAIL_PAYMENT"
        return RedirectResponse(payment.ready[f"{outcome}_url"], 302)

    async def api(self, request: Request) -> Response:
        endpoint = request.path_params["endpoint"]
        body = await request.json()
        self.calls.append((endpoint, body))
        if request.headers.get("authorization") != f"SECRET_KEY {SECRET_KEY}":
            return _error(401, -401, "invalid secret key")
        if endpoint in self.slow:
            await self._released.wait()
            return _error(500, -9798, "too late")
        if endpoint in self.failing:
            return JSONResponse({"message": "internal error"}, 500)
        if endpoint in self.refusing:
            return _error(400, -780, "refused by the test")
        if body.get("cid") != CID:
            return _error(400, -700, "unknown cid")
        handler = {
            "ready": self.ready,
            "approve": self.approve,
            "cancel": self.cancel,
            "order": self.order,
        }.get(endpoint)
        if handler is None:
            return _error(404, -404, "no such endpoint")
        return await handler(body)

    async def ready(self, body: dict[str, Any]) -> Response:
        missing = [f for f in READY_FIELDS if f not in body]
        if missing:
            return _error(400, -2, f"missing {missing}")
        tid = "T" + secrets.token_hex(9)
        self.payments[tid] = FakePayment(tid, body)
        return JSONResponse(
            {
                "tid": tid,
                "next_redirect_pc_url": f"{self.base_url}/pay/{tid}",
                "next_redirect_mobile_url": f"{self.base_url}/pay/{tid}?mobile=1",
                "next_redirect_app_url": f"{self.base_url}/pay/{tid}?app=1",
                "android_app_scheme": "kakaotalk://kakaopay/pg?url=x",
                "ios_app_scheme": "kakaotalk://kakaopay/pg?url=x",
                "created_at": "2026-11-30T12:00:00",
            }
        )

    async def approve(self, body: dict[str, Any]) -> Response:
        self.approval_arrived.set()
        if self.hold_approvals_for:
            self._waiting += 1
            if self._waiting >= self.hold_approvals_for:
                self._lined_up.set()
            await self._lined_up.wait()
        payment = self.payments.get(str(body.get("tid")))
        if payment is None:
            return _error(400, -703, "no such payment")
        if (
            body.get("partner_order_id") != payment.ready["partner_order_id"]
            or body.get("partner_user_id") != payment.ready["partner_user_id"]
        ):
            return _error(400, -705, "partner ids do not match the payment")
        if payment.status != "AUTH_PASSWORD" or body.get("pg_token") != payment.pg_token:
            return _error(400, -702, f"cannot approve a payment in {payment.status}")
        payment.status = "SUCCESS_PAYMENT"
        payment.approved_total = (
            self.tampered_total if self.tampered_total is not None else payment.total
        )
        if self.lose_approve_answer:
            return JSONResponse({"message": "lost on the way"}, 500)
        return JSONResponse(
            {
                "aid": "A" + secrets.token_hex(9),
                "tid": payment.tid,
                "cid": CID,
                "partner_order_id": payment.ready["partner_order_id"],
                "partner_user_id": payment.ready["partner_user_id"],
                "payment_method_type": "MONEY",
                "item_name": payment.ready["item_name"],
                "quantity": 1,
                "amount": {"total": payment.approved_total, "tax_free": 0},
                "approved_at": "2026-11-30T12:01:00",
            }
        )

    async def cancel(self, body: dict[str, Any]) -> Response:
        payment = self.payments.get(str(body.get("tid")))
        if payment is None or payment.status not in ("SUCCESS_PAYMENT", "PART_CANCEL_PAYMENT"):
            return _error(400, -721, "nothing to cancel")
        amount = int(body.get("cancel_amount", 0))
        left = (payment.approved_total or 0) - payment.cancelled
        if amount <= 0 or amount > left or "cancel_tax_free_amount" not in body:
            return _error(400, -722, "bad cancel amount")
        payment.cancelled += amount
        payment.status = "CANCEL_PAYMENT" if amount == left else "PART_CANCEL_PAYMENT"
        return JSONResponse({"tid": payment.tid, "status": payment.status})

    async def order(self, body: dict[str, Any]) -> Response:
        payment = self.payments.get(str(body.get("tid")))
        if payment is None:
            return _error(400, -703, "no such payment")
        total = payment.approved_total if payment.approved_total is not None else payment.total
        return JSONResponse(
            {"tid": payment.tid, "status": payment.status, "amount": {"total": total}}
        )


def _error(status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse({"error_code": code, "error_message": message}, status)
