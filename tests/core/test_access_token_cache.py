"""Access tokens verified once are remembered (core/security.py), and still expire, and are
still checked against the secret they were verified with."""

from __future__ import annotations

import time

import pytest

from mygemini.core import security
from mygemini.core.security import create_access_token, decode_access_token

SECRET = "a-secret-of-the-right-length-0123456789"


def test_a_remembered_token_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    token = create_access_token(7, SECRET, minutes=1)
    assert decode_access_token(token, SECRET) == 7
    assert (token, SECRET) in security._VERIFIED
    assert decode_access_token(token, SECRET) == 7
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)  # the clock security.py reads
    assert decode_access_token(token, SECRET) is None
    assert (token, SECRET) not in security._VERIFIED


def test_a_remembered_token_is_not_valid_under_another_secret() -> None:
    token = create_access_token(8, SECRET, minutes=1)
    assert decode_access_token(token, SECRET) == 8
    assert decode_access_token(token, SECRET + "x") is None


def test_refused_tokens_are_not_remembered() -> None:
    expired = create_access_token(9, SECRET, minutes=-1)
    assert decode_access_token(expired, SECRET) is None
    assert decode_access_token(expired + "x", SECRET) is None
    assert (expired, SECRET) not in security._VERIFIED
    assert (expired + "x", SECRET) not in security._VERIFIED
