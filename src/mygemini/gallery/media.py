"""Who may fetch a gemini's files, and moving them to fresh keys when that changes.

A file everyone may see (the thumbnail and view copy of a public gemini, its four-cuts, and its
original once the owner shares the seed) lives under a `public/` key, served plainly and cached
for good. Everything else is private and handed out only as signed, expiring URLs. When the
audience changes (publish, unpublish, sharing the seed or not), the affected files are copied to
fresh random keys and the old ones deleted after commit: an address anyone was given before
stops working at once (docs/adr/0006-media-access.md).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from mygemini.core.db import UnitOfWork
from mygemini.core.storage import Storage, moved_key
from mygemini.models import Fourcut
from mygemini.models.gallery import Gemini

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
