"""Starter portraits offered during onboarding (the 2023 service offered Aries and Leo).

They ship with the package as SVG files drawn for mygemini; nothing is fetched.
"""

from __future__ import annotations

from importlib import resources

STARTER_AVATARS: dict[str, str] = {"aries": "Aries", "leo": "Leo"}


GEMINI_PREFIX = "gemini:"


def avatar_url(avatar: str | None) -> str | None:
    """A starter portrait id ("aries") or one of the person's geminis ("gemini:12")."""
    if avatar is None:
        return None
    if avatar.startswith(GEMINI_PREFIX):
        return f"/api/geminis/{avatar.removeprefix(GEMINI_PREFIX)}/avatar"
    return f"/api/avatars/{avatar}.svg"


def avatar_svg(avatar_id: str) -> bytes | None:
    if avatar_id not in STARTER_AVATARS:
        return None
    return resources.files("mygemini.accounts").joinpath(f"avatars/{avatar_id}.svg").read_bytes()
