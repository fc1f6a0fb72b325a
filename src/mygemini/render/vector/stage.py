"""Scenes: a room's stage background (16:9, no people), a built-in preset or words → a picture.

Placeholder until the scene painter lands: a two-colour sky chosen from the words, so the
pipeline, storage and the room can be built and tested against a real image."""

from __future__ import annotations

import hashlib

from PIL import Image

from ..base import RenderRequest
from . import finish


def render_scene(request: RenderRequest, seed: int) -> Image.Image:
    key = request.attributes.get("scene") or request.prompt
    digest = hashlib.sha256(f"{key}|{seed}".encode()).digest()
    top = _hex(digest[0] // 2, digest[1] // 2, 96 + digest[2] // 3)
    bottom = _hex(128 + digest[3] // 2, 128 + digest[4] // 2, 128 + digest[5] // 2)
    return finish.sky((request.width, request.height), [(0.0, top), (1.0, bottom)], 0.0, 1.0)


def _hex(r: int, g: int, b: int) -> str:
    return f"#{r:02x}{g:02x}{b:02x}"
