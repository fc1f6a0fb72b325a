"""Storage adapters: the local folder and an S3 bucket (a local moto server speaking the S3 API)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from mygemini.config import Settings
from mygemini.core.storage import LocalStorage, S3Storage, StorageError
from tests.conftest import s3_bucket


async def test_s3_put_get_url_delete(s3_endpoint: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, storage=s3_bucket(s3_endpoint))
    storage = S3Storage(settings)
    await storage.put("geminis/1/a.png", b"\x89PNG-bytes", "image/png")
    assert await storage.get("geminis/1/a.png") == b"\x89PNG-bytes"
    url = storage.url("geminis/1/a.png")
    assert "X-Amz-Signature" in url or "Signature" in url
    async with httpx.AsyncClient() as http:
        r = await http.get(url)
    assert r.status_code == 200 and r.content == b"\x89PNG-bytes"
    assert r.headers["content-type"] == "image/png"
    await storage.delete("geminis/1/a.png")
    assert await storage.get("geminis/1/a.png") is None


async def test_s3_public_base_url_is_used_when_set(s3_endpoint: str, tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        storage=s3_bucket(s3_endpoint, public_base_url="https://cdn.example/media/"),
    )
    storage = S3Storage(settings)
    assert storage.url("public/a/b.webp") == "https://cdn.example/media/public/a/b.webp"
    # Only public keys go through the CDN: anything else is presigned, whatever the setting.
    private = storage.url("private/a/b.png")
    assert private.startswith(s3_endpoint) and "Signature" in private


async def test_local_storage_refuses_keys_that_escape(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "media")
    await storage.put("x/y.png", b"ok", "image/png")
    assert (tmp_path / "media" / "x" / "y.png").read_bytes() == b"ok"
    for bad in ("../etc/passwd", "/abs", "a/../../b", ""):
        with pytest.raises(StorageError):
            await storage.put(bad, b"no", "text/plain")
