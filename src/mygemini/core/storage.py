"""Image storage: a local folder (embedded, served by the app at /media) or an S3 bucket.

Every file has its own random key. Keys under `public/` are pictures everyone may see right now
and are handed out as plain, long-cacheable URLs; every other key (originals with their recipe,
private pictures, files stored before keys had prefixes) is handed out only as a signed URL
that expires: S3 presigns it, the local folder signs it with an HMAC that /media checks. When
a gemini's visibility changes, its files move to fresh keys, so an address handed out before
stops working (docs/adr/0006-media-access.md).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from mygemini.config import Settings

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.-]{0,254}$")
PUBLIC_PREFIX = "public/"
PRIVATE_PREFIX = "private/"
# Browsers keep a public file for good (its key changes when its audience does); shared caches
# (a CDN in front of the bucket or the app) only for 5 minutes, so that unpublishing, which
# deletes the old key, ends access there too within that time.
PUBLIC_CACHE = "public, max-age=31536000, s-maxage=300, immutable"


class StorageError(Exception):
    pass


def check_key(key: str) -> str:
    if not _KEY.match(key) or ".." in key:
        raise StorageError(f"invalid storage key {key!r}")
    return key


def is_public(key: str) -> bool:
    return key.startswith(PUBLIC_PREFIX)


def new_key(kind: str, extension: str, *, public: bool) -> str:
    """A fresh, unguessable key: nothing about one file's key tells another's."""
    prefix = PUBLIC_PREFIX if public else PRIVATE_PREFIX
    return f"{prefix}{kind}/{secrets.token_urlsafe(18)}.{extension}"


def moved_key(key: str, *, public: bool) -> str:
    """A fresh key for the same kind of file, in the public or the private part."""
    rest = key.removeprefix(PUBLIC_PREFIX).removeprefix(PRIVATE_PREFIX)
    kind = rest.split("/", 1)[0] if "/" in rest else "files"
    extension = rest.rsplit(".", 1)[1] if "." in rest.rsplit("/", 1)[-1] else "bin"
    return new_key(kind, extension, public=public)


def signing_key(settings: Settings) -> bytes:
    """The local /media signature key: its own setting, or one derived from the JWT secret (a
    derived key, so a leaked media signature says nothing about tokens)."""
    if settings.storage.signing_secret:
        return settings.storage.signing_secret.encode()
    return hmac.new(
        settings.auth.jwt_secret.encode(), b"mygemini media url signing", hashlib.sha256
    ).digest()


def _signature(secret: bytes, key: str, expires: int) -> str:
    mac = hmac.new(secret, f"{key}\n{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


# (key, data, content type)
Upload = tuple[str, bytes, str]


class Storage(Protocol):
    async def put(self, key: str, data: bytes, content_type: str) -> None: ...

    async def put_many(self, make: Callable[[], Sequence[Upload]]) -> None:
        """Make files and `put` each, in one hop to a thread: a job encodes and stores three
        files at once, and every hop to a thread costs the event loop a wake-up."""
        ...

    async def get(self, key: str) -> bytes | None: ...

    async def copy(self, source: str, target: str) -> bool:
        """Copy a stored file to another key; False when the source is missing."""
        ...

    async def delete(self, key: str) -> None: ...

    def url(self, key: str, *, seconds: int | None = None) -> str:
        """The address to hand out: plain for a public key, signed and expiring otherwise
        (after `seconds`, or the configured lifetime)."""
        ...


# Signed URLs kept for the current expiry step (a feed page signs 24): at most this many.
URL_CACHE_SIZE = 4096


class LocalStorage:
    def __init__(
        self,
        root: Path,
        secret: bytes = b"",
        base_url: str = "/media",
        signed_seconds: int = 3600,
    ) -> None:
        self.root = root.resolve()
        self.base_url = base_url.rstrip("/")
        self.secret = secret or secrets.token_bytes(32)
        self.signed_seconds = signed_seconds
        # A URL signed with the default lifetime is the same for a whole expiry step (see
        # `expiry`): signed once per step, not once per page.
        self._urls: dict[str, str] = {}
        self._urls_expire = 0

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def _write(self, key: str, data: bytes) -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)  # readers never see half a file

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(self._write, key, data)

    async def put_many(self, make: Callable[[], Sequence[Upload]]) -> None:
        def write() -> None:
            for key, data, _ in make():
                self._write(key, data)

        await asyncio.to_thread(write)

    async def get(self, key: str) -> bytes | None:
        path = self.path(key)
        return await asyncio.to_thread(lambda: path.read_bytes() if path.is_file() else None)

    async def copy(self, source: str, target: str) -> bool:
        src, dst = self.path(source), self.path(target)

        def link() -> bool:
            if not src.is_file():
                return False
            dst.parent.mkdir(parents=True, exist_ok=True)
            tmp = dst.with_suffix(dst.suffix + ".part")
            tmp.unlink(missing_ok=True)
            try:
                os.link(src, tmp)  # files are never rewritten in place, so a hard link is a copy
            except OSError:
                # A file system without hard links (some network and FUSE mounts): copy the bytes.
                shutil.copyfile(src, tmp)
            tmp.replace(dst)  # a target already there (a retried copy) is replaced whole
            return True

        return await asyncio.to_thread(link)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.path(key).unlink, missing_ok=True)

    def expiry(self, now: float | None = None) -> int:
        """The expiry of a URL signed now. Rounded to a step of a quarter of the lifetime, so
        the same file gets the same URL for a while and browsers can cache it; every URL still
        lives between 3/4 and all of the lifetime."""
        now = time.time() if now is None else now
        step = max(1, self.signed_seconds // 4)
        return (int(now) // step) * step + self.signed_seconds

    def url(self, key: str, *, seconds: int | None = None) -> str:
        if seconds is not None:
            return self._url(key, int(time.time()) + seconds)
        expires = self.expiry()
        if expires != self._urls_expire:
            self._urls.clear()
            self._urls_expire = expires
        found = self._urls.get(key)
        if found is None:
            found = self._url(key, expires)
            if len(self._urls) >= URL_CACHE_SIZE:
                self._urls.clear()
            self._urls[key] = found
        return found

    def _url(self, key: str, expires: int) -> str:
        key = check_key(key)
        if is_public(key):
            return f"{self.base_url}/{key}"
        return f"{self.base_url}/{key}?exp={expires}&sig={_signature(self.secret, key, expires)}"

    def verify(self, key: str, expires: int | None, signature: str | None) -> int | None:
        """Seconds the URL has left when it may be served, else None."""
        if is_public(key):
            return 0
        if expires is None or signature is None:
            return None
        expected = _signature(self.secret, key, expires)
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            return None
        left = expires - int(time.time())
        return left if left > 0 else None


class S3Storage:
    """Any S3-compatible bucket through boto3 (run in a thread; boto3 is synchronous)."""

    def __init__(self, settings: Settings) -> None:
        import boto3

        conf = settings.storage
        self.bucket = conf.s3_bucket
        self.public_base_url = conf.public_base_url.rstrip("/")
        self.presign_seconds = conf.presign_seconds
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=conf.s3_endpoint_url or None,
            region_name=conf.s3_region,
            aws_access_key_id=conf.s3_access_key_id or None,
            aws_secret_access_key=conf.s3_secret_access_key or None,
        )

    def _cache_control(self, key: str) -> str:
        return PUBLIC_CACHE if is_public(key) else f"private, max-age={self.presign_seconds}"

    def _put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(
            Bucket=self.bucket,
            Key=check_key(key),
            Body=data,
            ContentType=content_type,
            CacheControl=self._cache_control(key),
        )

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(self._put, key, data, content_type)

    async def put_many(self, make: Callable[[], Sequence[Upload]]) -> None:
        def put() -> None:
            for key, data, content_type in make():
                self._put(key, data, content_type)

        await asyncio.to_thread(put)

    async def get(self, key: str) -> bytes | None:
        def fetch() -> bytes | None:
            try:
                obj = self.client.get_object(Bucket=self.bucket, Key=check_key(key))
            except self.client.exceptions.NoSuchKey:
                return None
            body: bytes = obj["Body"].read()
            return body

        return await asyncio.to_thread(fetch)

    async def copy(self, source: str, target: str) -> bool:
        from botocore.exceptions import ClientError

        def copy() -> bool:
            try:
                head = self.client.head_object(Bucket=self.bucket, Key=check_key(source))
            except ClientError:
                return False
            # Replace the metadata: a file that turns public (or private) changes its caching.
            self.client.copy_object(
                Bucket=self.bucket,
                Key=check_key(target),
                CopySource={"Bucket": self.bucket, "Key": source},
                MetadataDirective="REPLACE",
                ContentType=head.get("ContentType", "application/octet-stream"),
                CacheControl=self._cache_control(target),
            )
            return True

        return await asyncio.to_thread(copy)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.client.delete_object, Bucket=self.bucket, Key=check_key(key))

    def url(self, key: str, *, seconds: int | None = None) -> str:
        key = check_key(key)
        if self.public_base_url and is_public(key):
            # Only `public/` may be readable through the CDN or a public bucket policy.
            return f"{self.public_base_url}/{key}"
        url: str = self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": key},
            ExpiresIn=self.presign_seconds if seconds is None else seconds,
        )
        return url


def make_storage(settings: Settings) -> Storage:
    if settings.storage.backend == "s3":
        return S3Storage(settings)
    return LocalStorage(
        settings.media_dir,
        signing_key(settings),
        signed_seconds=settings.storage.presign_seconds,
    )
