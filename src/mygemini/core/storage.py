"""Image storage: a local folder (embedded, served by the app at /media) or an S3 bucket."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any, Protocol

from mygemini.config import Settings

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.-]{0,254}$")


class StorageError(Exception):
    pass


def check_key(key: str) -> str:
    if not _KEY.match(key) or ".." in key:
        raise StorageError(f"invalid storage key {key!r}")
    return key


class Storage(Protocol):
    async def put(self, key: str, data: bytes, content_type: str) -> None: ...

    async def get(self, key: str) -> bytes | None: ...

    async def delete(self, key: str) -> None: ...

    def url(self, key: str) -> str: ...


class LocalStorage:
    def __init__(self, root: Path, base_url: str = "/media") -> None:
        self.root = root.resolve()
        self.base_url = base_url.rstrip("/")

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self.path(key)

        def write() -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(path.suffix + ".part")
            tmp.write_bytes(data)
            tmp.replace(path)  # readers never see half a file

        await asyncio.to_thread(write)

    async def get(self, key: str) -> bytes | None:
        path = self.path(key)
        return await asyncio.to_thread(lambda: path.read_bytes() if path.is_file() else None)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.path(key).unlink, missing_ok=True)

    def url(self, key: str) -> str:
        return f"{self.base_url}/{check_key(key)}"


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

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(
            self.client.put_object,
            Bucket=self.bucket,
            Key=check_key(key),
            Body=data,
            ContentType=content_type,
            CacheControl="public, max-age=31536000, immutable",
        )

    async def get(self, key: str) -> bytes | None:
        def fetch() -> bytes | None:
            try:
                obj = self.client.get_object(Bucket=self.bucket, Key=check_key(key))
            except self.client.exceptions.NoSuchKey:
                return None
            body: bytes = obj["Body"].read()
            return body

        return await asyncio.to_thread(fetch)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.client.delete_object, Bucket=self.bucket, Key=check_key(key))

    def url(self, key: str) -> str:
        if self.public_base_url:
            return f"{self.public_base_url}/{check_key(key)}"
        url: str = self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": check_key(key)},
            ExpiresIn=self.presign_seconds,
        )
        return url


def make_storage(settings: Settings) -> Storage:
    if settings.storage.backend == "s3":
        return S3Storage(settings)
    return LocalStorage(settings.media_dir)
