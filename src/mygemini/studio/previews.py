"""Option and preset previews: drawn once by the built-in renderer, then served from disk.

One writer per preview: in a process, the first request for a missing preview draws it while
the others wait for it (a lock per file); across processes, each writes its own temporary file
and moves it into place atomically, so a reader sees a whole file or none.
"""

from __future__ import annotations

import asyncio
import io
import os
import uuid
import weakref
from collections.abc import Mapping
from pathlib import Path

from mygemini.render.base import Pose
from mygemini.render.factory import preview_renderer
from mygemini.studio.catalog import (
    Catalog,
    Recipe,
    RecipeError,
    load_catalog,
    preview_attributes,
)
from mygemini.studio.errors import PreviewNotFound
from mygemini.studio.prompt import build_render_request

PREVIEW_SEED = 20230410  # fixed, so every option is shown on the same face
PREVIEW_SIZE = (192, 256)
PRESET = "preset"

# Locks live only while someone holds or waits on them. Keyed by event loop too: an asyncio lock
# must not be shared between loops (one per process in production, several in tests).
_drawing: weakref.WeakValueDictionary[tuple[asyncio.AbstractEventLoop, Path], asyncio.Lock] = (
    weakref.WeakValueDictionary()
)


def preview_url(category_id: str, option_id: str) -> str:
    return f"/api/studio/previews/{category_id}/{option_id}.webp"


def _attributes(catalog: Catalog, category_id: str, option_id: str) -> Mapping[str, str]:
    if category_id == PRESET:
        preset = catalog.preset(option_id)
        if preset is None:
            raise PreviewNotFound()
        return preset.attributes
    try:
        return preview_attributes(catalog, category_id, option_id)
    except RecipeError as exc:
        raise PreviewNotFound() from exc


def _draw(catalog: Catalog, attributes: Mapping[str, str], pose: Pose) -> bytes:
    request = build_render_request(
        catalog, Recipe(attributes=attributes), seed=PREVIEW_SEED, pose=pose, size=PREVIEW_SIZE
    )
    image = preview_renderer().render(request).image
    out = io.BytesIO()
    image.save(out, "WEBP", quality=85, method=4)
    return out.getvalue()


async def preview(
    cache_dir: Path, category_id: str, option_id: str, *, cached_only: bool = False
) -> bytes | None:
    catalog = load_catalog()
    attributes = _attributes(catalog, category_id, option_id)
    renderer = preview_renderer()
    path = cache_dir / f"{renderer.name}-v{catalog.version}" / f"{category_id}--{option_id}.webp"
    if path.is_file():
        return await asyncio.to_thread(path.read_bytes)
    if cached_only:
        return None
    key = (asyncio.get_running_loop(), path)
    lock = _drawing.get(key)
    if lock is None:
        lock = _drawing[key] = asyncio.Lock()
    async with lock:
        if path.is_file():  # drawn while we waited
            return await asyncio.to_thread(path.read_bytes)
        pose = Pose.FRONT if category_id in (PRESET, "costume", "background") else Pose.CLOSE_UP
        data = await asyncio.to_thread(_draw, catalog, attributes, pose)
        await asyncio.to_thread(_save, path, data)
    return data


def _save(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically; safe against other processes doing the same."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex}.part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


async def warm(cache_dir: Path) -> int:
    """Draw every missing preview once, in the background after start-up, so the studio's
    first visitor does not wait. Returns how many were drawn."""
    catalog = load_catalog()
    drawn = 0
    wanted = [(c.id, o.id) for c in catalog.categories for o in c.options]
    wanted += [(PRESET, p.id) for p in catalog.presets]
    for category_id, option_id in wanted:
        if await preview(cache_dir, category_id, option_id, cached_only=True) is None:
            await preview(cache_dir, category_id, option_id)
            drawn += 1
        await asyncio.sleep(0)  # stay polite to requests
    return drawn
