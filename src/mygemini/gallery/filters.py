"""The feed's filters: looks (recipe attributes, checked against the catalog) and text in names."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from mygemini.gallery.errors import InvalidFeedFilter
from mygemini.studio.catalog import load_catalog

ATTR_PATTERN = r"^[a-z0-9_]{1,40}:[a-z0-9_]{1,40}$"
# More looks than categories never narrows further; a bound keeps every query a few index ranges.
MAX_ATTRS = 8
# A name has at most 20 characters; a longer search could only ever find nothing.
MAX_QUERY = 40


@dataclass(frozen=True)
class FeedFilter:
    # (category id, option id) pairs; every one must match
    attributes: tuple[tuple[str, str], ...] = ()
    # lower-cased, NFC, trimmed text to find inside names; None when not searching
    name: str | None = None


NO_FILTER = FeedFilter()


def name_key(text: str) -> str:
    """How names are compared: NFC (a Korean name typed on a Mac arrives decomposed) and
    lower-cased (the database's `lower` folds the same letters for what people type)."""
    return unicodedata.normalize("NFC", text).strip().lower()


def parse(attrs: Sequence[str], q: str | None) -> FeedFilter:
    """The filters as asked, or `InvalidFeedFilter` naming what the catalog does not know."""
    if len(attrs) > MAX_ATTRS:
        raise InvalidFeedFilter(f"At most {MAX_ATTRS} attr filters are allowed.")
    catalog = load_catalog()
    chosen: dict[str, str] = {}
    for raw in attrs:
        category_id, _, option_id = raw.partition(":")
        category = catalog.category(category_id)
        if category is None:
            raise InvalidFeedFilter(f"attr={raw}: there is no category {category_id!r}.")
        if category.option(option_id) is None:
            raise InvalidFeedFilter(
                f"attr={raw}: category {category_id!r} has no option {option_id!r}."
            )
        if chosen.setdefault(category_id, option_id) != option_id:
            # A gemini has one option per category: two of them could never both match.
            raise InvalidFeedFilter(f"attr: choose one option of {category_id!r}, not several.")
    name = name_key(q) if q is not None else ""
    return FeedFilter(attributes=tuple(sorted(chosen.items())), name=name or None)


def like_pattern(text: str) -> str:
    """`%text%` for LIKE with `\\` as the escape: a `%` or `_` typed is looked for as itself."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
