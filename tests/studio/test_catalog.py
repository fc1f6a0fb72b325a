"""The shipped catalog's contents, its constraints and the recipe rules."""

from __future__ import annotations

import random

import pytest

from mygemini.studio.catalog import (
    CatalogError,
    InapplicableCategoryError,
    MissingCategoryError,
    RecipeError,
    UnknownCategoryError,
    UnknownOptionError,
    complete_attributes,
    load_catalog,
    parse_catalog,
    preview_attributes,
    random_recipe,
    validate_attributes,
    with_expression,
)
from tests.catalog import category_named


def _base() -> dict[str, str]:
    return dict(load_catalog().preview_base)


def test_catalog_has_at_least_the_2023_lists_and_more() -> None:
    catalog = load_catalog()
    minimum = {
        "hair_color": 12,
        "eye_color": 12,
        "hair_style_female": 10,
        "hair_style_male": 6,
        "expression": 9,
        "costume": 5,
        "background": 6,
        "accessory": 6,
        "style": 2,
        "gender": 2,
    }
    for category_id, count in minimum.items():
        assert len(category_named(catalog, category_id).options) >= count, category_id
    assert len(catalog.presets) >= 6
    assert catalog.expression_category.id == "expression"
    assert category_named(catalog, "accessory").required is False


def test_labels_follow_language() -> None:
    gender = load_catalog().category("gender")
    assert gender is not None
    assert gender.label.get("ko-KR") == "성별"
    assert gender.label.get("en") == "Gender"
    assert gender.label.get("fr") == "Gender"


def test_presets_are_complete_valid_recipes() -> None:
    catalog = load_catalog()
    for preset in catalog.presets:
        validate_attributes(catalog, preset.attributes)
        required = [c.id for c in catalog.categories if c.required and c.applies(preset.attributes)]
        assert set(required) <= set(preset.attributes), preset.id


def test_male_hair_set_applies_only_to_male() -> None:
    catalog = load_catalog()
    male = {**_base(), "gender": "male"}
    male.pop("hair_style_female")
    with pytest.raises(MissingCategoryError) as missing:
        validate_attributes(catalog, male)
    assert missing.value.category == "hair_style_male"
    validate_attributes(catalog, {**male, "hair_style_male": "spiky"})
    with pytest.raises(InapplicableCategoryError) as wrong:
        validate_attributes(catalog, {**_base(), "hair_style_male": "spiky"})
    assert wrong.value.category == "hair_style_male"
    assert "gender" in str(wrong.value)


@pytest.mark.parametrize(
    ("change", "error", "culprit"),
    [
        ({"hat": "fedora"}, UnknownCategoryError, "hat"),
        ({"hair_color": "plaid"}, UnknownOptionError, "hair_color"),
        ({"expression": None}, MissingCategoryError, "expression"),
        ({"gender": None}, MissingCategoryError, "gender"),
    ],
)
def test_validation_names_the_culprit(
    change: dict[str, str | None], error: type[RecipeError], culprit: str
) -> None:
    attributes = _base()
    for key, value in change.items():
        if value is None:
            attributes.pop(key)
        else:
            attributes[key] = value
    with pytest.raises(error) as raised:
        validate_attributes(load_catalog(), attributes)
    assert raised.value.category == culprit
    assert culprit in str(raised.value)
    if isinstance(raised.value, UnknownOptionError):
        assert raised.value.option == "plaid"


def test_optional_category_may_be_left_out() -> None:
    attributes = _base()
    attributes.pop("accessory", None)
    validate_attributes(load_catalog(), attributes)


def test_random_recipes_are_valid_and_cover_both_hair_sets() -> None:
    catalog = load_catalog()
    rng = random.Random(42)
    seen_genders = set()
    for _ in range(200):
        recipe = random_recipe(catalog, rng)
        validate_attributes(catalog, recipe.attributes)
        seen_genders.add(recipe.attributes["gender"])
    assert seen_genders == {"female", "male"}
    again = random_recipe(catalog, random.Random(7))
    assert again == random_recipe(catalog, random.Random(7))


def test_with_expression_swaps_only_the_slot() -> None:
    catalog = load_catalog()
    base = _base()
    swapped = with_expression(catalog, base, "angry")
    assert swapped["expression"] == "angry"
    assert {k: v for k, v in swapped.items() if k != "expression"} == {
        k: v for k, v in base.items() if k != "expression"
    }
    with pytest.raises(UnknownOptionError):
        with_expression(catalog, base, "smug")


def test_every_option_has_a_valid_preview_recipe() -> None:
    catalog = load_catalog()
    for category in catalog.categories:
        for option in category.options:
            attributes = preview_attributes(catalog, category.id, option.id)
            validate_attributes(catalog, attributes)
            assert attributes[category.id] == option.id


def test_complete_attributes_repairs_a_gender_switch() -> None:
    catalog = load_catalog()
    repaired = complete_attributes(catalog, {**_base(), "gender": "male"})
    validate_attributes(catalog, repaired)
    assert "hair_style_female" not in repaired
    assert repaired["hair_style_male"] == category_named(catalog, "hair_style_male").options[0].id


_MINIMAL = """
categories:
  - id: gender
    label: {ko: 성별, en: Gender}
    required: true
    options:
      - {id: female, label: {ko: 여, en: F}, prompt: "1girl"}
  - id: expression
    label: {ko: 표정, en: Expression}
    required: true
    slot: expression
    options:
      - {id: smile, label: {ko: 미소, en: Smile}, prompt: "smile"}
presets:
  - {id: one, label: {ko: 하나, en: One}, attributes: {gender: female, expression: smile}}
preview_base: {gender: female, expression: smile}
"""


def test_parse_accepts_a_minimal_catalog() -> None:
    catalog = parse_catalog(_MINIMAL)
    assert [c.id for c in catalog.categories] == ["gender", "expression"]


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (_MINIMAL.replace("id: smile,", "id: Smile!,"), "lower_snake_case"),
        (_MINIMAL.replace("slot: expression", ""), "expression slot"),
        (_MINIMAL.replace("{gender: female, expression: smile}}", "{gender: male}}"), "preset one"),
        (_MINIMAL.replace('prompt: "smile"', 'prompt: ""'), "prompt"),
        (_MINIMAL.replace("id: expression\n", "id: gender\n"), "duplicate"),
        (
            _MINIMAL.replace(
                "    slot: expression",
                "    slot: expression\n    when: {category: gender, in: [robot]}",
            ),
            "unknown options",
        ),
    ],
)
def test_parse_rejects_broken_catalogs(broken: str, message: str) -> None:
    with pytest.raises(CatalogError, match=message):
        parse_catalog(broken)


def test_preview_poses_are_render_poses() -> None:
    from mygemini.render.base import Pose

    catalog = load_catalog()
    for category in catalog.categories:
        Pose(category.preview_pose)
    assert category_named(catalog, "expression").preview_pose == "close_up"
    with pytest.raises(CatalogError, match="preview_pose"):
        parse_catalog(
            _MINIMAL.replace(
                "    slot: expression", "    slot: expression\n    preview_pose: upside_down"
            )
        )
