"""Pure rules over recipes: validation against the catalog, random rolls, the expression swap and
the attribute sets used to draw option previews."""

from __future__ import annotations

import random
from collections.abc import Mapping

from .errors import (
    InapplicableCategoryError,
    MissingCategoryError,
    UnknownCategoryError,
    UnknownOptionError,
)
from .model import Catalog, Recipe

# Optional categories are left empty this often in a random roll, so "none" stays common.
_OPTIONAL_EMPTY_CHANCE = 0.4


def validate_attributes(catalog: Catalog, attributes: Mapping[str, str]) -> None:
    """Raise a `RecipeError` naming the first unknown, missing or inapplicable category/option."""
    for category_id in attributes:
        if catalog.category(category_id) is None:
            raise UnknownCategoryError(category_id)
    for category in catalog.categories:
        chosen = attributes.get(category.id)
        if chosen is not None and category.option(chosen) is None:
            raise UnknownOptionError(category.id, chosen)
        applies = category.applies(attributes)
        if chosen is not None and not applies:
            assert category.when is not None
            raise InapplicableCategoryError(category.id, chosen, category.when.describe())
        if chosen is None and applies and category.required:
            raise MissingCategoryError(category.id)


def complete_attributes(catalog: Catalog, attributes: Mapping[str, str]) -> dict[str, str]:
    """Drop what does not apply and fill missing required categories with their first option.

    Used for previews and after a gender switch, where a best-effort valid recipe is wanted;
    requests from people go through `validate_attributes` instead.
    """
    result: dict[str, str] = {}
    for category in catalog.categories:
        if not category.applies(result):
            continue
        chosen = attributes.get(category.id)
        if chosen is not None and category.option(chosen) is not None:
            result[category.id] = chosen
        elif category.required:
            result[category.id] = category.options[0].id
    return result


def random_recipe(catalog: Catalog, rng: random.Random) -> Recipe:
    """A valid recipe with every applicable category rolled; the seed is left to the caller."""
    attributes: dict[str, str] = {}
    for category in catalog.categories:
        if not category.applies(attributes):
            continue
        if not category.required and rng.random() < _OPTIONAL_EMPTY_CHANCE:
            continue
        attributes[category.id] = rng.choice(category.options).id
    return Recipe(attributes=attributes)


def with_expression(
    catalog: Catalog, attributes: Mapping[str, str], expression_id: str
) -> dict[str, str]:
    """The same attributes with only the expression slot swapped (four-cuts use this)."""
    category = catalog.expression_category
    if category.option(expression_id) is None:
        raise UnknownOptionError(category.id, expression_id)
    return {**attributes, category.id: expression_id}


def preview_attributes(catalog: Catalog, category_id: str, option_id: str) -> dict[str, str]:
    """Attributes that show one option on the neutral preview base, repaired to be valid."""
    category = catalog.category(category_id)
    if category is None:
        raise UnknownCategoryError(category_id)
    if category.option(option_id) is None:
        raise UnknownOptionError(category_id, option_id)
    wanted = {**catalog.preview_base, category_id: option_id}
    if category.when is not None and not category.applies(wanted):
        # e.g. a male hair style: flip the condition's category to an option that lets it apply.
        target = catalog.category(category.when.category)
        assert target is not None
        for candidate in target.options:
            trial = {**wanted, target.id: candidate.id}
            if category.when.holds(trial):
                wanted = trial
                break
    return complete_attributes(catalog, wanted)
