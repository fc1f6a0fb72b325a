"""Typed, immutable view of the catalog data file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ParamValue = str | int | float | bool
Language = str  # "ko" or "en"; anything else falls back to English


@dataclass(frozen=True)
class Label:
    ko: str
    en: str

    def get(self, language: Language) -> str:
        return self.ko if language.lower().startswith("ko") else self.en


@dataclass(frozen=True)
class Option:
    id: str
    label: Label
    prompt: str
    weight: float = 1.0
    params: Mapping[str, ParamValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Condition:
    """`category`'s chosen option must be in `in_` (when given) and not in `not_in`."""

    category: str
    in_: frozenset[str] | None = None
    not_in: frozenset[str] = frozenset()

    def holds(self, attributes: Mapping[str, str]) -> bool:
        chosen = attributes.get(self.category)
        if self.in_ is not None and chosen not in self.in_:
            return False
        return chosen not in self.not_in

    def describe(self) -> str:
        if self.in_ is not None:
            return f"needs {self.category} in {sorted(self.in_)}"
        return f"needs {self.category} not in {sorted(self.not_in)}"


@dataclass(frozen=True)
class Category:
    id: str
    label: Label
    required: bool
    options: tuple[Option, ...]
    when: Condition | None = None
    slot: str | None = None
    # Framing for this category's option previews: a render Pose value ("front", "close_up", ...).
    preview_pose: str = "front"

    def option(self, option_id: str) -> Option | None:
        for option in self.options:
            if option.id == option_id:
                return option
        return None

    def applies(self, attributes: Mapping[str, str]) -> bool:
        return self.when is None or self.when.holds(attributes)


@dataclass(frozen=True)
class Preset:
    id: str
    label: Label
    attributes: Mapping[str, str]


@dataclass(frozen=True)
class Catalog:
    version: int
    categories: tuple[Category, ...]
    presets: tuple[Preset, ...]
    preview_base: Mapping[str, str]

    def category(self, category_id: str) -> Category | None:
        for category in self.categories:
            if category.id == category_id:
                return category
        return None

    def preset(self, preset_id: str) -> Preset | None:
        for preset in self.presets:
            if preset.id == preset_id:
                return preset
        return None

    @property
    def expression_category(self) -> Category:
        for category in self.categories:
            if category.slot == "expression":
                return category
        raise LookupError("catalog has no expression slot")  # the loader guarantees one


@dataclass(frozen=True)
class Recipe:
    """What a person asks for: one option per category, optional free text and seed."""

    attributes: Mapping[str, str]
    extra_prompt: str | None = None
    seed: int | None = None
