from __future__ import annotations

from mygemini.errors import AppError, Conflict, NotFound


class InsufficientStars(AppError):
    status = 402
    default_detail = "Not enough stars; buy more to continue."


class UnknownPackage(AppError):
    status = 422
    default_detail = "No such star package."


class PaymentProviderUnavailable(AppError):
    # A provider this server does not offer is as unknown as a package it does not sell.
    status = 422
    default_detail = "This payment provider is not available here."


class OrderNotFound(NotFound):
    default_detail = "No such order."


class NotRefundable(Conflict):
    default_detail = "This purchase can no longer be refunded."


class PaymentProviderError(AppError):
    status = 502
    default_detail = "The payment provider did not answer or refused; nothing was charged."
