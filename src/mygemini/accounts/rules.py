"""Pure account rules: nickname and password shapes."""

from __future__ import annotations

import re
import unicodedata

# Hangul syllables and compatibility jamo, Latin letters, digits, underscore; single inner spaces.
_NICK_CHAR = r"[\uac00-\ud7a3\u3131-\u318eA-Za-z0-9_]"
NICKNAME_RE = re.compile(rf"^{_NICK_CHAR}(?:{_NICK_CHAR}| (?! ))*{_NICK_CHAR}$")
NICKNAME_MIN, NICKNAME_MAX = 2, 20
PASSWORD_MIN, PASSWORD_MAX = 8, 128
BIO_MAX = 255


def normalize_nickname(raw: str) -> str:
    # NFC so that a decomposed Hangul input matches the composed one.
    return unicodedata.normalize("NFC", raw)


def is_valid_nickname(nickname: str) -> bool:
    return NICKNAME_MIN <= len(nickname) <= NICKNAME_MAX and bool(NICKNAME_RE.match(nickname))


def nickname_key(nickname: str) -> str:
    return normalize_nickname(nickname).casefold()


def is_strong_password(password: str) -> bool:
    return (
        PASSWORD_MIN <= len(password) <= PASSWORD_MAX
        and any(c.isalpha() for c in password)
        and any(c.isdigit() for c in password)
    )
