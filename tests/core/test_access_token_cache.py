"""Access tokens verified once are remembered (core/security.py), and still expire, and are
still checked against the secret they were verified with."""

from __future__ import annotations

import time

import jwt
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


def _sign(header: dict[str, object], claims: dict[str, object], secret: str = SECRET) -> str:
    return jwt.encode(claims, secret, algorithm="HS256", headers=header)


def test_tokens_are_judged_as_pyjwt_judges_them() -> None:
    """Our own tokens are verified without PyJWT (core/security.py `_verify_ours`); any other
    token, valid or not, gets the answer PyJWT's verification gives."""
    now = int(time.time())
    ours = {"sub": "11", "typ": "access", "iat": now, "exp": now + 60, "jti": "j"}
    variants = {
        "ours": create_access_token(11, SECRET, minutes=1),
        "a key id in the header": _sign({"kid": "k1"}, ours),
        "another secret": create_access_token(11, SECRET + "x", minutes=1),
        "an audience": _sign({}, {**ours, "aud": "someone"}),
        "issued in the future": _sign({}, {**ours, "iat": now + 600}),
        "expired": _sign({}, {**ours, "exp": now - 1}),
        "expiry as a float": _sign({}, {**ours, "exp": now + 60.5}),
        "not an access token": _sign({}, {**ours, "typ": "refresh"}),
        "no jti": _sign({}, {k: v for k, v in ours.items() if k != "jti"}),
        "sub too large": _sign({}, {**ours, "sub": "99999999999"}),
        "unsigned": jwt.encode(ours, "", algorithm="none"),
        "not ascii": create_access_token(11, SECRET, minutes=1) + "é",
    }
    for name, token in variants.items():
        security._VERIFIED.clear()
        expected = security._verify_access_token(token, SECRET)
        got = decode_access_token(token, SECRET)
        assert got == (expected[0] if expected else None), name
    assert security._verify_ours(variants["ours"], SECRET) is not None
    assert security._verify_ours(variants["a key id in the header"], SECRET) is None


@pytest.mark.parametrize("token", ["토큰.토큰.토큰", "a.b.\udcff", "é" * 40])
def test_text_no_jwt_can_be_is_refused_not_raised(token: str) -> None:
    """socket.io's auth carries any text (a header cannot): it is refused like any bad token."""
    assert decode_access_token(token, "s" * 48) is None
