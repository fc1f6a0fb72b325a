"""Serves locally stored images at /media (embedded mode); S3 deployments serve from the bucket.

Keys under `public/` are served to anyone and cached for good (a key is never reused: a file
whose audience changes moves to a fresh key). Every other key needs the signature and expiry
the API handed out with it (docs/adr/0006-media-access.md).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Query
from fastapi.responses import FileResponse

from mygemini.core.storage import PUBLIC_CACHE, LocalStorage, StorageError
from mygemini.errors import Forbidden, NotFound


class MediaLinkRefused(Forbidden):
    default_detail = "This picture link is not valid or has expired."


def mount_media(app: FastAPI, storage: LocalStorage) -> None:
    @app.get("/media/{key:path}", include_in_schema=False)
    async def media(
        key: str,
        exp: Annotated[int | None, Query(ge=0, le=2**40)] = None,
        sig: Annotated[str | None, Query(max_length=64)] = None,
    ) -> FileResponse:
        try:
            path = storage.path(key)
        except StorageError as exc:
            raise NotFound("No such file.") from exc
        left = storage.verify(key, exp, sig)
        # Refused before looking at the disk: whether a file exists is not told without a
        # valid signature either.
        if left is None:
            raise MediaLinkRefused()
        if not path.is_file():
            raise NotFound("No such file.")
        cache = PUBLIC_CACHE if left == 0 else f"private, max-age={left}"
        return FileResponse(
            path, headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"}
        )
