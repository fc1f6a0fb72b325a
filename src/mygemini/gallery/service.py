"""Reading, editing, publishing, deleting geminis; avatars and recipes."""

from __future__ import annotations

from typing import cast

from mygemini.accounts.avatars import GEMINI_PREFIX, avatar_url
from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.storage import Storage
from mygemini.errors import Forbidden
from mygemini.gallery import media
from mygemini.gallery.errors import GeminiNotFound
from mygemini.gallery.fourcuts import frame_refs
from mygemini.gallery.repository import (
    FourcutRepository,
    GeminiRepository,
    LikeRepository,
    SaveRepository,
)
from mygemini.gallery.schemas import (
    GeminiOut,
    GeminiUpdate,
    Keyword,
    Owner,
    RecipeOut,
    Visibility,
)
from mygemini.models import Gemini, Purpose, User
from mygemini.models.gallery import FOURCUT_UNFINISHED
from mygemini.pipeline import discard
from mygemini.studio.catalog import load_catalog
from mygemini.wallet import service as wallet


def owner_of(user: User) -> Owner:
    return Owner(nickname=user.nickname, avatar_url=avatar_url(user.avatar))


def keywords(recipe: dict[str, object], language: str) -> list[Keyword]:
    catalog = load_catalog()
    attributes = recipe.get("attributes")
    out: list[Keyword] = []
    if not isinstance(attributes, dict):
        return out
    for category in catalog.categories:
        option = category.option(str(attributes.get(category.id, "")))
        if option is not None:
            out.append(
                Keyword(category=category.id, option=option.id, label=option.label.get(language))
            )
    return out


async def visible(uow: UnitOfWork, gemini_id: int, viewer: User | None) -> Gemini:
    """The gemini if the viewer may see it; someone else's private one does not exist."""
    gemini = await GeminiRepository(uow.session).get(gemini_id)
    if gemini is None:
        raise GeminiNotFound()
    if gemini.visibility != "public" and (viewer is None or viewer.id != gemini.owner_id):
        raise GeminiNotFound()
    return gemini


async def owned(uow: UnitOfWork, gemini_id: int, user: User) -> Gemini:
    """The gemini if `user` owns it: others get 404 for a private one, 403 for a public one."""
    gemini = await visible(uow, gemini_id, user)
    if gemini.owner_id != user.id:
        raise Forbidden("Only the owner may change this gemini.")
    return gemini


async def read(
    uow: UnitOfWork, storage: Storage, gemini_id: int, viewer: User | None, language: str = "en"
) -> GeminiOut:
    gemini = await visible(uow, gemini_id, viewer)
    mine = viewer is not None and gemini.owner_id == viewer.id
    owner = await uow.session.get(User, gemini.owner_id)
    assert owner is not None
    liked = viewer is not None and bool(
        await LikeRepository(uow.session).liked_ids(viewer.id, [gemini.id])
    )
    saved = viewer is not None and bool(
        await SaveRepository(uow.session).saved_ids(viewer.id, [gemini.id])
    )
    return GeminiOut(
        id=gemini.id,
        owner=owner_of(owner),
        name=gemini.name,
        description=gemini.description,
        visibility=cast(Visibility, gemini.visibility),
        image_url=storage.url(
            gemini.image_key
            if mine or gemini.share_seed
            # A gemini stored before view copies existed shows others its thumbnail: the
            # original carries the seed.
            else gemini.view_key or gemini.thumbnail_key
        ),
        thumbnail_url=storage.url(gemini.thumbnail_key),
        width=gemini.width,
        height=gemini.height,
        recipe=gemini.recipe,
        keywords=keywords(gemini.recipe, language),
        seed=gemini.seed if mine or gemini.share_seed else None,
        share_seed=gemini.share_seed,
        backend=gemini.backend,
        model=gemini.model,
        like_count=gemini.like_count,
        liked=liked,
        saved=saved,
        is_mine=mine,
        created_at=gemini.created_at,
        published_at=gemini.published_at,
    )


async def update(
    uow: UnitOfWork,
    ctx: AppContext,
    storage: Storage,
    user: User,
    gemini_id: int,
    change: GeminiUpdate,
    language: str,
) -> GeminiOut:
    gemini = await owned(uow, gemini_id, user)
    if change.visibility is not None or change.share_seed is not None:
        # Two changes at once must not both move the files from the same old keys.
        await uow.session.refresh(gemini, with_for_update=True)
    if change.name is not None:
        gemini.name = change.name.strip()
    if change.description is not None:
        gemini.description = change.description.strip()
    original_was_public = media.original_is_public(gemini)
    audience_changed = change.visibility is not None and change.visibility != gemini.visibility
    if change.share_seed is not None:
        gemini.share_seed = change.share_seed
    if change.visibility is not None and audience_changed:
        gemini.visibility = change.visibility
        # Likes stay with the gemini whatever its visibility; the first publication date stays
        # too, so unpublishing and publishing again does not jump the "latest" feed.
        if change.visibility == "public" and gemini.published_at is None:
            gemini.published_at = ctx.clock()
    await media.rekey(
        uow,
        storage,
        gemini,
        await FourcutRepository(uow.session).of_gemini(gemini.id) if audience_changed else [],
        audience_changed=audience_changed,
        original_changed=media.original_is_public(gemini) != original_was_public,
    )
    await uow.session.flush()
    return await read(uow, storage, gemini.id, user, language)


async def delete(uow: UnitOfWork, storage: Storage, user: User, gemini_id: int) -> None:
    gemini = await owned(uow, gemini_id, user)
    keys = [k for k in (gemini.image_key, gemini.thumbnail_key, gemini.view_key) if k]
    strips = FourcutRepository(uow.session)
    for fourcut in await strips.of_gemini(gemini.id):
        keys += [k for k in (fourcut.grid_key, fourcut.strip_key, *fourcut.frame_keys) if k]
        # Its frame jobs go with it (a worker rendering one drops its picture).
        keys += await discard(uow, Purpose.FOURCUT_FRAME, frame_refs(fourcut.id))
        if fourcut.status in FOURCUT_UNFINISHED and fourcut.cost:
            # The order dies with the gemini; its stars come back.
            ref = f"fourcut:{fourcut.id}"
            await wallet.move(uow, user.id, fourcut.cost, "refund", ref, f"{ref}:refund")
    geminis = GeminiRepository(uow.session)
    await geminis.clear_avatars(gemini.id)
    await geminis.delete(gemini)

    async def remove_files() -> None:
        for key in keys:
            await storage.delete(key)

    # Files go only once the row is gone for sure.
    uow.after_commit(remove_files)


async def set_avatar(uow: UnitOfWork, user: User, gemini_id: int) -> None:
    gemini = await GeminiRepository(uow.session).get(gemini_id)
    if gemini is None or gemini.owner_id != user.id:
        raise GeminiNotFound()
    user.avatar = f"{GEMINI_PREFIX}{gemini.id}"
    user.onboarded = True
    await uow.session.flush()


async def avatar_target(
    uow: UnitOfWork, storage: Storage, gemini_id: int, private_seconds: int
) -> str:
    """Where a gemini avatar's image is: it shows for everyone while someone wears it.

    Only the thumbnail, never the original. A private gemini's thumbnail is handed out through
    short-lived signed URLs: once it is no longer worn (or is deleted) this address refuses,
    and what it gave out before expires within `private_seconds`.
    """
    gemini = await GeminiRepository(uow.session).get(gemini_id)
    if gemini is None:
        raise GeminiNotFound()
    if gemini.visibility == "public":
        return storage.url(gemini.thumbnail_key)
    worn = await uow.session.get(User, gemini.owner_id)
    if worn is None or worn.avatar != f"{GEMINI_PREFIX}{gemini.id}":
        raise GeminiNotFound()
    return storage.url(gemini.thumbnail_key, seconds=private_seconds)


async def recipe(uow: UnitOfWork, gemini_id: int, viewer: User | None) -> RecipeOut:
    gemini = await visible(uow, gemini_id, viewer)
    mine = viewer is not None and viewer.id == gemini.owner_id
    return RecipeOut(
        attributes=dict(gemini.recipe.get("attributes", {})),
        extra_prompt=gemini.recipe.get("extra_prompt"),
        seed=gemini.seed if mine or gemini.share_seed else None,
    )
