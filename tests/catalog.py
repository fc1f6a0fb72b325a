"""Typed look-ups in the bundled catalog: a category or preset that is missing fails the test at
the name, instead of an `Optional` each caller unpacks (or silences)."""

from __future__ import annotations

from typing import Any

from mygemini.studio.catalog import Catalog, Category, load_catalog


def category_named(catalog: Catalog, category_id: str) -> Category:
    found = catalog.category(category_id)
    assert found is not None, f"the catalog has no category {category_id!r}"
    return found


def preset_recipe(preset_id: str) -> dict[str, Any]:
    """The JSON recipe of a bundled preset, as a client posts it."""
    preset = load_catalog().preset(preset_id)
    assert preset is not None, f"the catalog has no preset {preset_id!r}"
    return {"attributes": dict(preset.attributes)}
