"""Who may fetch a gemini's files, and moving them to fresh keys when that changes.

A file everyone may see (the thumbnail and view copy of a public gemini, its four-cuts, and its
original once the owner shares the seed) lives under a `public/` key, served plainly and cached
for good. Everything else is private and handed out only as signed, expiring URLs. When the
audience changes (publish, unpublish, sharing the seed or not), the affected files are copied to
fresh random keys and the old ones deleted after commit: an address anyone was given before
stops working at once (docs/adr/0006-media-access.md).

The view copy (the full picture without its recipe, for people who may see the gemini but not
its seed) is made when a gemini is first published, not when it is drawn: most summons are never
published, and encoding it was a third of a job's CPU (docs/adr/0018-view-copies-on-publish.md).
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Sequence

from PIL import Image

from mygemini.core.db import UnitOfWork
from mygemini.core.storage import Storage, moved_key, new_key
from mygemini.models import Fourcut
from mygemini.models.gallery import Gemini
from mygemini.render.png import view_copy

log = logging.getLogger(__name__)


def original_is_public(gemini: Gemini) -> bool:
    """Everyone gets the original (recipe and seed in it) only when the owner shares the seed."""
    return gemini.visibility == "public" and gemini.share_seed


async def rekey(
    uow: UnitOfWork,
    storage: Storage,
    gemini: Gemini,
    fourcuts: Sequence[Fourcut],
    *,
    audience_changed: bool,
    original_changed: bool,
) -> None:
    """Move the files whose audience changed to fresh keys; the old keys go after commit."""
    public = gemini.visibility == "public"
    old: list[str] = []

    async def move(key: str, to_public: bool) -> str:
        target = moved_key(key, public=to_public)
        if not await storage.copy(key, target):
            # Nothing stored under it (lost, or never written): the new key still ends the old
            # address, and the row keeps pointing at a key nobody was given.
            log.warning("media file %s missing while moving gemini %s", key, gemini.id)
        old.append(key)
        return target

    if audience_changed:
        gemini.thumbnail_key = await move(gemini.thumbnail_key, public)
        if gemini.view_key is not None:
            gemini.view_key = await move(gemini.view_key, public)
        elif public:
            # Read from the original before it may move below (its old key lives until commit).
            gemini.view_key = await make_view_copy(storage, gemini)
        for fourcut in fourcuts:
            if fourcut.grid_key:
                fourcut.grid_key = await move(fourcut.grid_key, public)
            if fourcut.strip_key:
                fourcut.strip_key = await move(fourcut.strip_key, public)
            if fourcut.frame_keys:
                fourcut.frame_keys = [await move(k, public) for k in fourcut.frame_keys if k]
    if audience_changed or original_changed:
        gemini.image_key = await move(gemini.image_key, original_is_public(gemini))
    if not old:
        return
    await uow.session.flush()

    async def remove_old() -> None:
        for key in old:
            await storage.delete(key)

    # The new copies exist before the rows point at them; the old files go only once no row
    # does any more.
    uow.after_commit(remove_old)


async def make_view_copy(storage: Storage, gemini: Gemini) -> str | None:
    """Store a view copy of the gemini's original under a fresh public key; its key, or None when
    the original cannot be read as a picture (others are then shown the thumbnail, as for a
    gemini stored before view copies existed)."""
    original = await storage.get(gemini.image_key)
    if original is None:
        log.warning("original %s of gemini %s missing: no view copy", gemini.image_key, gemini.id)
        return None

    def encode() -> bytes:
        with Image.open(io.BytesIO(original)) as image:
            image.load()
            return view_copy(image)

    try:
        data = await asyncio.to_thread(encode)
    except (OSError, ValueError):  # not a picture Pillow can read (UnidentifiedImageError too)
        log.warning(
            "original %s of gemini %s unreadable: no view copy", gemini.image_key, gemini.id
        )
        return None
    key = new_key("geminis", "webp", public=True)
    await storage.put(key, data, "image/webp")
    return key
