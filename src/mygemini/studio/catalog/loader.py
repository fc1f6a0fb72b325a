"""Reads `catalog.yaml` into the typed model and checks it is consistent.

The data file is the source of truth for what a person can pick; a broken file must fail at start-up
(and in the test suite), never on some person's request.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .errors import CatalogError, RecipeError
from .model import Catalog, Category, Condition, Label, Option, ParamValue, Preset
from .recipes import validate_attributes

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def load_catalog() -> Catalog:
    """The shipped catalog, parsed and validated once per process."""
    return _load_shipped()


@cache
def _load_shipped() -> Catalog:
    text = resources.files(__package__).joinpath("catalog.yaml").read_text(encoding="utf-8")
    return parse_catalog(text)


def parse_catalog(text: str) -> Catalog:
    """Parse and validate catalog YAML text; raises `CatalogError` naming the problem."""
    data = yaml.safe_load(text)
    root = _mapping(data, "catalog")
    categories = tuple(
        _category(raw, f"categories[{i}]") for i, raw in enumerate(_list(root, "categories"))
    )
    _unique([c.id for c in categories], "category")
    catalog = Catalog(
        version=int(root.get("version", 1)),
        categories=categories,
        presets=tuple(
            _preset(raw, f"presets[{i}]") for i, raw in enumerate(_list(root, "presets"))
        ),
        preview_base=_str_map(root.get("preview_base"), "preview_base"),
    )
    _check_consistency(catalog)
    return catalog


def _check_consistency(catalog: Catalog) -> None:
    slots = [c.id for c in catalog.categories if c.slot == "expression"]
    if len(slots) != 1:
        raise CatalogError(f"exactly one expression slot expected, found {slots}")
    seen: set[str] = set()
    for category in catalog.categories:
        if category.when is not None:
            target = catalog.category(category.when.category)
            # Conditions may only look back, so validation and random rolls can run in one pass.
            if target is None or target.id not in seen:
                raise CatalogError(f"{category.id}: condition on unknown or later category")
            listed = (category.when.in_ or frozenset()) | category.when.not_in
            unknown = sorted(o for o in listed if target.option(o) is None)
            if unknown:
                raise CatalogError(f"{category.id}: condition names unknown options {unknown}")
        seen.add(category.id)
    _unique([p.id for p in catalog.presets], "preset")
    for name, attributes in [("preview_base", catalog.preview_base)] + [
        (f"preset {p.id}", p.attributes) for p in catalog.presets
    ]:
        try:
            validate_attributes(catalog, attributes)
        except RecipeError as exc:
            raise CatalogError(f"{name} is not a valid recipe: {exc}") from exc


def _category(raw: object, where: str) -> Category:
    data = _mapping(raw, where)
    category_id = _id(data, where)
    options = tuple(
        _option(o, f"{where}.options[{i}]") for i, o in enumerate(_list(data, "options", where))
    )
    if not options:
        raise CatalogError(f"{where}: no options")
    _unique([o.id for o in options], f"option of {category_id}")
    slot = data.get("slot")
    return Category(
        id=category_id,
        label=_label(data.get("label"), where),
        required=bool(data.get("required", False)),
        options=options,
        when=_condition(data.get("when"), where) if "when" in data else None,
        slot=str(slot) if slot is not None else None,
        preview_pose=_pose(data.get("preview_pose", "front"), where),
    )


def _option(raw: object, where: str) -> Option:
    data = _mapping(raw, where)
    prompt = data.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise CatalogError(f"{where}: prompt must be a non-empty string")
    weight = float(data.get("weight", 1.0))
    if not 0.5 <= weight <= 2.0:
        raise CatalogError(f"{where}: weight {weight} outside 0.5..2.0")
    params_raw = _mapping(data.get("params", {}), f"{where}.params")
    params: dict[str, ParamValue] = {}
    for key, value in params_raw.items():
        if not isinstance(value, str | int | float | bool):
            raise CatalogError(f"{where}.params.{key}: scalar expected")
        params[str(key)] = value
    return Option(
        id=_id(data, where),
        label=_label(data.get("label"), where),
        prompt=prompt.strip(),
        weight=weight,
        params=params,
    )


def _pose(raw: object, where: str) -> str:
    # Kept as text so the catalog does not import the renderer; values mirror render.Pose.
    if raw not in ("front", "three_quarter_left", "three_quarter_right", "close_up"):
        raise CatalogError(f"{where}: unknown preview_pose {raw!r}")
    return str(raw)


def _condition(raw: object, where: str) -> Condition:
    data = _mapping(raw, f"{where}.when")
    in_ = data.get("in")
    return Condition(
        category=str(data.get("category")),
        in_=frozenset(str(v) for v in in_) if isinstance(in_, list) else None,
        not_in=frozenset(str(v) for v in data.get("not_in", []) or []),
    )


def _preset(raw: object, where: str) -> Preset:
    data = _mapping(raw, where)
    return Preset(
        id=_id(data, where),
        label=_label(data.get("label"), where),
        attributes=_str_map(data.get("attributes"), f"{where}.attributes"),
    )


def _label(raw: object, where: str) -> Label:
    data = _mapping(raw, f"{where}.label")
    ko, en = data.get("ko"), data.get("en")
    if not isinstance(ko, str) or not isinstance(en, str) or not ko or not en:
        raise CatalogError(f"{where}.label: needs non-empty ko and en")
    return Label(ko=ko, en=en)


def _id(data: Mapping[str, Any], where: str) -> str:
    value = data.get("id")
    if not isinstance(value, str) or not _ID.match(value):
        raise CatalogError(f"{where}: id must be lower_snake_case, got {value!r}")
    return value


def _mapping(raw: object, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise CatalogError(f"{where}: mapping expected")
    return raw


def _list(data: Mapping[str, Any], key: str, where: str = "catalog") -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise CatalogError(f"{where}.{key}: list expected")
    return value


def _str_map(raw: object, where: str) -> dict[str, str]:
    return {str(k): str(v) for k, v in _mapping(raw, where).items()}


def _unique(ids: list[str], what: str) -> None:
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise CatalogError(f"duplicate {what} ids: {dupes}")
