"""Which of the two languages the UI speaks (Korean, English) a caller reads."""

from __future__ import annotations


def language_of(accept_language: str | None) -> str:
    """'ko' when Korean comes first among the caller's languages, else 'en'."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("ko"):
            return "ko"
        if tag.startswith("en"):
            return "en"
    return "en"
