"""The studio's attribute catalog: categories, options, presets (a data file) and recipe rules."""

from .errors import (
    CatalogError,
    InapplicableCategoryError,
    MissingCategoryError,
    RecipeError,
    UnknownCategoryError,
    UnknownOptionError,
)
from .loader import load_catalog, parse_catalog
from .model import Catalog, Category, Condition, Label, Option, ParamValue, Preset, Recipe
from .recipes import (
    complete_attributes,
    preview_attributes,
    random_recipe,
    validate_attributes,
    with_expression,
)

__all__ = [
    "Catalog",
    "CatalogError",
    "Category",
    "Condition",
    "InapplicableCategoryError",
    "Label",
    "MissingCategoryError",
    "Option",
    "ParamValue",
    "Preset",
    "Recipe",
    "RecipeError",
    "UnknownCategoryError",
    "UnknownOptionError",
    "complete_attributes",
    "load_catalog",
    "parse_catalog",
    "preview_attributes",
    "random_recipe",
    "validate_attributes",
    "with_expression",
]
