"""KakaoPay's online single payment, server to server (ready, approve, cancel, order).

Every call has a timeout. Only the status read (`order`) is retried: it changes nothing, while a
repeated approve or cancel could be taken twice. The secret key goes into the Authorization
header and nowhere else: errors and logs name the endpoint, KakaoPay's error code and message.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import httpx

from mygemini.config import KakaoPaySettings

log = logging.getLogger(__name__)

# Waits between tries of the status read.
ORDER_RETRY_PAUSES = (0.1, 0.5)

# What `/online/v1/payment/order` says about a payment.
APPROVED = frozenset({"SUCCESS_PAYMENT"})
CANCELLED = frozenset({"CANCEL_PAYMENT", "PART_CANCEL_PAYMENT", "QUIT_PAYMENT"})
FAILED = frozenset({"FAIL_AUTH_PASSWORD", "FAIL_PAYMENT"})
# A wrong payment password: the buyer may still type it again on KakaoPay's page, so it ends the
# payment only once the order is stale (a stranger calling our fail URL meanwhile ends nothing).
RETRYABLE = frozenset({"FAIL_AUTH_PASSWORD"})


class KakaoPayError(Exception):
    """KakaoPay refused (`refused`: it answered with an error) or did not answer in time."""

    def __init__(self, endpoint: str, reason: str, *, refused: bool) -> None:
        self.endpoint = endpoint
        self.refused = refused
        super().__init__(f"KakaoPay {endpoint}: {reason}")


@dataclass(frozen=True)
class Ready:
    tid: str
    redirect_pc_url: str
    redirect_mobile_url: str


@dataclass(frozen=True)
class Payment:
    """A payment as KakaoPay reports it (approve's answer, or a status read)."""

    status: str
    total: int | None


class KakaoPay:
    def __init__(self, settings: KakaoPaySettings) -> None:
        self.settings = settings

    async def ready(
        self,
        *,
        partner_order_id: str,
        partner_user_id: str,
        item_name: str,
        total_amount: int,
        approval_url: str,
        cancel_url: str,
        fail_url: str,
    ) -> Ready:
        body = await self._post(
            "ready",
            {
                "partner_order_id": partner_order_id,
                "partner_user_id": partner_user_id,
                "item_name": item_name,
                "quantity": 1,
                "total_amount": total_amount,
                # Prices include 10 % VAT; nothing is tax free.
                "vat_amount": (total_amount + 5) // 11,
                "tax_free_amount": 0,
                "approval_url": approval_url,
                "cancel_url": cancel_url,
                "fail_url": fail_url,
            },
        )
        try:
            return Ready(
                tid=str(body["tid"]),
                redirect_pc_url=str(body["next_redirect_pc_url"]),
                redirect_mobile_url=str(body["next_redirect_mobile_url"]),
            )
        except KeyError as exc:
            raise KakaoPayError("ready", f"answer lacks {exc}", refused=True) from exc

    async def approve(
        self, *, tid: str, partner_order_id: str, partner_user_id: str, pg_token: str
    ) -> Payment:
        body = await self._post(
            "approve",
            {
                "tid": tid,
                "partner_order_id": partner_order_id,
                "partner_user_id": partner_user_id,
                "pg_token": pg_token,
            },
        )
        return Payment("SUCCESS_PAYMENT", _total(body))

    async def cancel(self, *, tid: str, amount: int) -> None:
        await self._post(
            "cancel",
            {"tid": tid, "cancel_amount": amount, "cancel_tax_free_amount": 0},
        )

    async def order(self, *, tid: str) -> Payment:
        """The payment's status; tried again when KakaoPay is unreachable or fails inside."""
        for pause in (*ORDER_RETRY_PAUSES, None):
            try:
                body = await self._post("order", {"tid": tid})
                return Payment(str(body.get("status", "")), _total(body))
            except KakaoPayError as exc:
                if exc.refused or pause is None:
                    raise
                await asyncio.sleep(pause)
        raise AssertionError("unreachable")

    async def _post(self, endpoint: str, fields: dict[str, Any]) -> dict[str, Any]:
        s = self.settings
        try:
            async with httpx.AsyncClient(
                base_url=s.api_url, timeout=s.timeout_seconds, follow_redirects=False
            ) as client:
                response = await client.post(
                    f"/online/v1/payment/{endpoint}",
                    json={"cid": s.cid, **fields},
                    headers={"Authorization": f"SECRET_KEY {s.secret_key.get_secret_value()}"},
                )
        except httpx.HTTPError as exc:
            # The exception's text names the URL at most, never the headers.
            raise KakaoPayError(endpoint, type(exc).__name__, refused=False) from exc
        if response.status_code >= 500:
            raise KakaoPayError(endpoint, f"HTTP {response.status_code}", refused=False)
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code >= 400 or not isinstance(body, dict):
            code = body.get("error_code") if isinstance(body, dict) else None
            message = body.get("error_message") if isinstance(body, dict) else None
            raise KakaoPayError(
                endpoint, f"HTTP {response.status_code} {code} {message}", refused=True
            )
        return body


def _total(body: dict[str, Any]) -> int | None:
    amount = body.get("amount")
    total = amount.get("total") if isinstance(amount, dict) else None
    return total if isinstance(total, int) and not isinstance(total, bool) else None
