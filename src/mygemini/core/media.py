"""Serves locally stored images at /media (embedded mode). Keys carry a random part, so a URL
is only known to those the API handed it to; S3 deployments serve from the bucket instead."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import FileResponse

from mygemini.core.storage import LocalStorage, StorageError
from mygemini.errors import NotFound


def mount_media(app: FastAPI, storage: LocalStorage) -> None:
    @app.get("/media/{key:path}", include_in_schema=False)
    async def media(key: str) -> FileResponse:
        try:
            path = storage.path(key)
        except StorageError as exc:
            raise NotFound("No such file.") from exc
        if not path.is_file():
            raise NotFound("No such file.")
        return FileResponse(path, headers={"Cache-Control": "public, max-age=31536000, immutable"})
