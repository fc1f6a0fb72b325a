"""Typed errors of the catalog and of recipe validation.

They are plain exceptions (no HTTP knowledge): the studio service maps `RecipeError` to 422 and
`CatalogError` is a start-up failure (the shipped data file is broken).
"""

from __future__ import annotations


class CatalogError(Exception):
    """The catalog data file is malformed or inconsistent."""


class RecipeError(ValueError):
    """A recipe's attributes do not fit the catalog; `category`/`option` name the culprit."""

    def __init__(self, message: str, *, category: str, option: str | None = None) -> None:
        super().__init__(message)
        self.category = category
        self.option = option


class UnknownCategoryError(RecipeError):
    def __init__(self, category: str) -> None:
        super().__init__(f"unknown category {category!r}", category=category)


class UnknownOptionError(RecipeError):
    def __init__(self, category: str, option: str) -> None:
        super().__init__(
            f"unknown option {option!r} in category {category!r}", category=category, option=option
        )


class MissingCategoryError(RecipeError):
    def __init__(self, category: str) -> None:
        super().__init__(f"required category {category!r} is missing", category=category)


class InapplicableCategoryError(RecipeError):
    """A category was set although its condition (e.g. gender for a hair set) does not hold."""

    def __init__(self, category: str, option: str, reason: str) -> None:
        super().__init__(
            f"category {category!r} does not apply here ({reason})",
            category=category,
            option=option,
        )
