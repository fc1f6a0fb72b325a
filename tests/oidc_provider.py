"""A small OpenID Connect provider for tests: discovery, authorize (auto-consent), token with
PKCE (S256) and client-secret checks, userinfo and JWKS with a real RSA key.

The sign-in itself is tested against a certified provider (tests/node, panva's oidc-provider);
this one stays for what only a home-made provider can do: sign with a stranger's key, skew its
clock, rotate keys, answer UserInfo about someone else, hold token answers back.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

CLIENT_ID = "mygemini-test-client"
CLIENT_SECRET = "s3cret-for-tests"


@dataclass
class OIDCProvider:
    issuer: str = ""
    # What the next sign-in at /authorize returns; tests change it.
    person: dict[str, Any] = field(
        default_factory=lambda: {
            "sub": "user-1",
            "email": "oidc@example.com",
            "email_verified": True,
        }
    )
    wrong_nonce: bool = False
    # Seconds the provider's clock is ahead of ours.
    clock_offset: int = 0
    # Sign ID tokens with a key that is not in the published set (under the published kid).
    forge_signature: bool = False
    # What UserInfo says instead of the person (e.g. someone else's sub).
    userinfo_override: dict[str, Any] | None = None
    # Token answers wait until this many token requests are waiting (lines callbacks up).
    hold_tokens_for: int = 0
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    key: rsa.RSAPrivateKey = field(default_factory=lambda: _new_key())
    # A fresh kid per instance, as a fresh key must never pass for one cached before.
    kid: str = field(default_factory=lambda: f"test-key-{secrets.token_hex(4)}")
    token_requests: list[dict[str, str]] = field(default_factory=list)
    discovery_requests: int = 0
    jwks_requests: int = 0
    userinfo_requests: int = 0
    access_tokens: set[str] = field(default_factory=set)
    _waiting: int = 0
    _lined_up: asyncio.Event = field(default_factory=asyncio.Event)

    def rotate_key(self) -> None:
        self.key, self.kid = _new_key(), f"test-key-{secrets.token_hex(4)}"

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
                Route("/userinfo", self.userinfo),
                Route("/jwks", self.jwks),
            ]
        )

    async def discovery(self, _: Request) -> Response:
        self.discovery_requests += 1
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
            }
        )

    async def authorize(self, request: Request) -> Response:
        q = request.query_params
        if q.get("client_id") != CLIENT_ID or q.get("response_type") != "code":
            return JSONResponse({"error": "invalid_request"}, 400)
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return JSONResponse({"error": "invalid_request", "error_description": "PKCE"}, 400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "challenge": q["code_challenge"],
            "nonce": q.get("nonce"),
            "redirect_uri": q["redirect_uri"],
            "person": dict(self.person),
        }
        params = urlencode({"code": code, "state": q.get("state", "")})
        return RedirectResponse(f"{q['redirect_uri']}?{params}", 302)

    async def token(self, request: Request) -> Response:
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
        self.token_requests.append(form)
        if self.hold_tokens_for:
            self._waiting += 1
            if self._waiting >= self.hold_tokens_for:
                self._lined_up.set()
            await self._lined_up.wait()
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or form.get("grant_type") != "authorization_code":
            return JSONResponse({"error": "invalid_grant"}, 400)
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return JSONResponse({"error": "invalid_client"}, 401)
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return JSONResponse({"error": "invalid_grant"}, 400)
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
            return JSONResponse({"error": "invalid_grant", "error_description": "PKCE"}, 400)
        now = int(time.time()) + self.clock_offset
        claims = {
            **grant["person"],
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": "forged" if self.wrong_nonce else grant["nonce"],
        }
        key = _new_key() if self.forge_signature else self.key
        id_token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})
        access_token = "at-" + secrets.token_hex(8)
        self.access_tokens.add(access_token)
        return JSONResponse(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            }
        )

    async def userinfo(self, request: Request) -> Response:
        self.userinfo_requests += 1
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
        if bearer not in self.access_tokens:
            return JSONResponse({"error": "invalid_token"}, 401)
        return JSONResponse(self.userinfo_override or self.person)

    async def jwks(self, _: Request) -> Response:
        self.jwks_requests += 1
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update(kid=self.kid, use="sig", alg="RS256")
        return JSONResponse({"keys": [jwk]})


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)
