"""Option and preset previews: drawn once by the built-in renderer, then served from disk; and
the live preview of a whole recipe while a person picks it.

One writer per preview: in a process, the first request for a missing preview draws it while
the others wait for it (a lock per file); across processes, each writes its own temporary file
and moves it into place atomically, so a reader sees a whole file or none.

Recipe previews are kept in memory only (a bounded LRU per process): there are far too many
recipes to keep them all, and one costs a few tens of milliseconds to draw again.
"""

from __future__ import annotations

import asyncio
import io
import os
import uuid
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path

from mygemini.render.base import Pose
from mygemini.render.factory import preview_renderer
from mygemini.studio.catalog import (
    Catalog,
    Recipe,
    RecipeError,
    UnknownCategoryError,
    UnknownOptionError,
    complete_attributes,
    load_catalog,
    preview_attributes,
)
from mygemini.studio.errors import InvalidRecipe, PreviewNotFound
from mygemini.studio.prompt import build_render_request

PREVIEW_SEED = 20230410  # fixed, so every option is shown on the same face
PREVIEW_SIZE = (192, 256)
PRESET = "preset"
# The live recipe preview: 3/4 of the portrait (512x680), the same seed for every recipe so it
# shows the choices, never what a paid summon's own seed will add.
RECIPE_PREVIEW_SIZE = (384, 510)
RECIPE_CACHE_SIZE = 512  # ~15 kB each: a few MB per process

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


def preview_dir(cache_dir: Path, catalog: Catalog) -> Path:
    """Where the previews of this catalog, as the running renderer draws them, are kept: a new
    catalog or new drawing code (an upgrade) starts a new folder, so no stale picture is served."""
    renderer = preview_renderer()
    return cache_dir / f"{renderer.name}-v{catalog.version}-{renderer.drawing_version}"


async def preview(
    cache_dir: Path, category_id: str, option_id: str, *, cached_only: bool = False
) -> bytes | None:
    catalog = load_catalog()
    attributes = _attributes(catalog, category_id, option_id)
    path = preview_dir(cache_dir, catalog) / f"{category_id}--{option_id}.webp"
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


class _RecipePreviews:
    """A bounded LRU of drawn recipe previews, and the drawings in progress (one per recipe)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._done: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
        self.drawing: dict[tuple[object, ...], asyncio.Future[bytes]] = {}

    def get(self, key: tuple[object, ...]) -> bytes | None:
        data = self._done.get(key)
        if data is not None:
            self._done.move_to_end(key)
        return data

    def put(self, key: tuple[object, ...], data: bytes) -> None:
        self._done[key] = data
        self._done.move_to_end(key)
        while len(self._done) > self.size:
            self._done.popitem(last=False)

    def __len__(self) -> int:
        return len(self._done)


_recipes = _RecipePreviews(RECIPE_CACHE_SIZE)


def preview_recipe_attributes(catalog: Catalog, attributes: Mapping[str, str]) -> dict[str, str]:
    """The attributes a recipe preview draws: unknown categories or options are refused (422);
    a recipe still being picked is completed (missing required categories take their first
    option, categories that no longer apply after a switch are dropped), as the studio shows it."""
    try:
        for category_id, option_id in attributes.items():
            category = catalog.category(category_id)
            if category is None:
                raise UnknownCategoryError(category_id)
            if category.option(option_id) is None:
                raise UnknownOptionError(category_id, option_id)
    except RecipeError as exc:
        raise InvalidRecipe(str(exc)) from exc
    return complete_attributes(catalog, attributes)


def _draw_recipe(catalog: Catalog, attributes: Mapping[str, str]) -> bytes:
    request = build_render_request(
        catalog, Recipe(attributes=attributes), seed=PREVIEW_SEED, size=RECIPE_PREVIEW_SIZE
    )
    image = preview_renderer().render(request).image
    out = io.BytesIO()
    # method 0: the fastest WebP encoder setting; the preview is shown for a moment, not kept
    image.save(out, "WEBP", quality=82, method=0)
    return out.getvalue()


async def recipe_preview(attributes: Mapping[str, str]) -> bytes:
    """The whole recipe drawn by the built-in renderer at preview size (WebP), cached per recipe;
    simultaneous requests for one recipe share one drawing."""
    catalog = load_catalog()
    complete = preview_recipe_attributes(catalog, attributes)
    key: tuple[object, ...] = (catalog.version, *sorted(complete.items()))
    data = _recipes.get(key)
    if data is not None:
        return data
    drawing_key = (asyncio.get_running_loop(), *key)
    drawing = _recipes.drawing.get(drawing_key)
    if drawing is None:
        drawing = asyncio.ensure_future(_draw_and_keep(catalog, complete, key))
        _recipes.drawing[drawing_key] = drawing
        drawing.add_done_callback(lambda _: _recipes.drawing.pop(drawing_key, None))
    # shielded: one impatient client leaving does not cancel the drawing the others wait for
    return await asyncio.shield(drawing)


async def _draw_and_keep(
    catalog: Catalog, attributes: Mapping[str, str], key: tuple[object, ...]
) -> bytes:
    data = await asyncio.to_thread(_draw_recipe, catalog, attributes)
    _recipes.put(key, data)
    return data
