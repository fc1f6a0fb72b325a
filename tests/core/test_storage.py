"""Storage adapters: the local folder and an S3 bucket (a local moto server speaking the S3 API)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from mygemini.config import Settings
from mygemini.core.storage import LocalStorage, S3Storage, StorageError, moved_key, new_key
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


def test_local_urls_public_plain_others_signed_and_expiring(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "media", b"k" * 32, signed_seconds=3600)
    assert storage.url("public/geminis/abc.webp") == "/media/public/geminis/abc.webp"
    url = storage.url("private/geminis/abc.png")
    query = dict(p.split("=", 1) for p in url.split("?", 1)[1].split("&"))
    expires = int(query["exp"])
    assert storage.verify("private/geminis/abc.png", expires, query["sig"]) is not None
    # Valid for ¾ to all of the lifetime, and the same URL for a while (cacheable).
    assert 2700 <= storage.expiry(1_000_000) - 1_000_000 <= 3600
    assert storage.expiry(1_000_000) == storage.expiry(1_000_001)
    for key, exp, sig in (
        ("private/geminis/abd.png", expires, query["sig"]),  # another key
        ("private/geminis/abc.png", expires + 1, query["sig"]),  # another expiry
        ("private/geminis/abc.png", expires, None),
        ("private/geminis/abc.png", None, query["sig"]),
    ):
        assert storage.verify(key, exp, sig) is None
    other = LocalStorage(tmp_path / "media", b"j" * 32)
    assert other.verify("private/geminis/abc.png", expires, query["sig"]) is None
    past = storage.url("private/geminis/abc.png", seconds=-1)
    past_exp, past_sig = (p.split("=", 1)[1] for p in past.split("?", 1)[1].split("&"))
    assert storage.verify("private/geminis/abc.png", int(past_exp), past_sig) is None


async def test_keys_are_random_per_file_and_copies_move_between_parts(
    s3_endpoint: str, tmp_path: Path
) -> None:
    keys = {new_key("geminis", "png", public=False) for _ in range(100)}
    assert len(keys) == 100 and all(k.startswith("private/geminis/") for k in keys)
    assert moved_key("private/geminis/a.webp", public=True).startswith("public/geminis/")
    assert moved_key("geminis/1/2-ab.png", public=False).endswith(".png")
    s3 = S3Storage(Settings(data_dir=tmp_path, storage=s3_bucket(s3_endpoint)))
    local = LocalStorage(tmp_path / "media")
    for storage in (s3, local):
        await storage.put("private/geminis/a.webp", b"RIFF", "image/webp")
        assert await storage.copy("private/geminis/a.webp", "public/geminis/b.webp")
        assert await storage.get("public/geminis/b.webp") == b"RIFF"
        assert not await storage.copy("private/geminis/missing.webp", "public/geminis/c.webp")
        # A retried copy (a job or request run again after a crash) lands on the same target.
        await storage.put("private/geminis/a2.webp", b"RIFF2", "image/webp")
        assert await storage.copy("private/geminis/a2.webp", "public/geminis/b.webp")
        assert await storage.get("public/geminis/b.webp") == b"RIFF2"
    head = s3.client.head_object(Bucket=s3.bucket, Key="public/geminis/b.webp")
    assert head["ContentType"] == "image/webp" and "immutable" in head["CacheControl"]
    head = s3.client.head_object(Bucket=s3.bucket, Key="private/geminis/a.webp")
    assert head["CacheControl"].startswith("private")
