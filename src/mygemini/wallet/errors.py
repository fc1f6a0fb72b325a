from __future__ import annotations

from mygemini.errors import AppError


class InsufficientStars(AppError):
    status = 402
    default_detail = "Not enough stars; buy more to continue."
