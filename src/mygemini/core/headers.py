"""Security headers on every response, and HEAD answered wherever GET is.

One pure ASGI middleware (it wraps `send`, so streamed and file responses keep streaming):

- a Content-Security-Policy that lets the page run only our own scripts and styles: no inline
  script, no plugins, no framing, images from us (plus the S3 origin presigned URLs point at);
- `X-Content-Type-Options: nosniff`, `Referrer-Policy`, a `Permissions-Policy` that switches
  off the device features the app never uses, and HSTS when cookies are marked Secure (which
  means the site is served over HTTPS);
- HEAD: FastAPI routes declare GET only, so HEAD is run as GET here and the body is dropped.

Embeds that arrive later (a video player, ...) are added to the policy by name.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mygemini.config import Settings
from mygemini.core.storage import LocalStorage, Storage

log = logging.getLogger(__name__)

# The API docs page (/docs, Swagger UI shipped in the web build) runs scripts from this origin
# only, like every page; Swagger UI sets style attributes, so this page alone allows inline styles.
DOCS_PATHS = frozenset({"/docs"})
_DOCS_POLICY = (
    "default-src 'self'; "
    "script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

YOUTUBE_EMBED_ORIGIN = "https://www.youtube-nocookie.com"

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


def origin_of(url: str) -> str | None:
    """`scheme://host[:port]` of an absolute http(s) URL; None for a relative one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def media_origins(settings: Settings, storage: Storage) -> tuple[str, ...]:
    """Origins of the image URLs the API hands out when they are not ours (S3, a CDN)."""
    if isinstance(storage, LocalStorage):
        return ()
    conf = settings.storage
    found = {origin_of(conf.public_base_url), origin_of(conf.s3_endpoint_url)}
    try:
        # A presigned URL names the host the bucket is really reached at (virtual-hosted or
        # path style, the region's endpoint); signing is local, no request is made.
        found.add(origin_of(storage.url("csp-probe.png")))
    except Exception as exc:
        log.warning("could not learn the media origin for the CSP: %s", exc)
    return tuple(sorted(o for o in found if o))


def content_security_policy(settings: Settings, media_origins: tuple[str, ...] = ()) -> str:
    """The app's policy. `media_origins`: where image URLs the API hands out point, if elsewhere."""
    connect = ["'self'"]
    # 'self' covers ws(s) to our own origin in CSP 3; the explicit entry serves older browsers.
    public = origin_of(settings.public_url)
    if public:
        connect.append(public.replace("http", "ws", 1))
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # React's `style` prop writes through the CSSOM, which style-src does not govern; style
        # attributes in markup and <style> elements stay blocked.
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *media_origins],
        "font-src": ["'self'"],
        "connect-src": connect,
        "object-src": ["'none'"],
        # The one frame the app embeds: a room's YouTube music, in YouTube's privacy-enhanced
        # player (no cookies until played), and nothing else.
        "frame-src": [YOUTUBE_EMBED_ORIGIN],
        "base-uri": ["'self'"],
        # Our forms are sent by script; sign-in with Google or Kakao starts from a link, which
        # form-action does not govern, so nothing outside is needed here.
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class SecurityHeaders:
    def __init__(
        self, app: ASGIApp, *, settings: Settings, media_origins: tuple[str, ...] = ()
    ) -> None:
        self.app = app
        common = [
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("Permissions-Policy", PERMISSIONS_POLICY),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        if settings.auth.cookie_secure:
            # Only a site served over HTTPS marks its cookies Secure; never pin plain HTTP.
            common.append(("Strict-Transport-Security", "max-age=31536000"))
        self.headers = [
            ("Content-Security-Policy", content_security_policy(settings, media_origins)),
            *common,
        ]
        self.docs_headers = [("Content-Security-Policy", _DOCS_POLICY), *common]
        # As they go on the wire (MutableHeaders.setdefault's form: lower-case names).
        self._raw = _encoded(self.headers)
        self._docs_raw = _encoded(self.docs_headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get(_APPLIED):
            # An outer SecurityHeaders (`create_asgi` wraps socket.io and the app) does it all.
            await self.app(scope, receive, send)
            return
        # Not socket.io's: a HEAD run as its GET would drain (and drop) a polling session's
        # queued packets. Engine.IO answers HEAD itself.
        head = scope["method"] == "HEAD" and not scope["path"].startswith("/socket.io")
        if head:
            scope = {**scope, "method": "GET"}
        scope[_APPLIED] = True
        extra = self._docs_raw if scope["path"] in DOCS_PATHS else self._raw

        async def send_with_headers(message: Message) -> None:
            kind = message["type"]
            if kind == "http.response.start":
                raw = list(message.get("headers", []))
                # What MutableHeaders.setdefault did, name by name: add what is not there.
                present = {name for name, _ in raw}
                raw += [(name, value) for name, value in extra if name not in present]
                message = {**message, "headers": raw}
            elif head and kind in ("http.response.body", "http.response.pathsend"):
                if message.get("more_body", False):
                    return
                # The GET's headers (Content-Length included) went out; its body does not.
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(scope, receive, send_with_headers)


# Set in the scope by the SecurityHeaders that handles a request.
_APPLIED = "mygemini.security_headers"


def _encoded(headers: list[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]
