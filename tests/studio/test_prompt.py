"""Prompt building: prefix, ordering, weights, the expression slot and the extra-prompt filter."""

from __future__ import annotations

import pytest

from mygemini.render.base import Pose
from mygemini.studio.catalog import Recipe, UnknownOptionError, load_catalog
from mygemini.studio.prompt import (
    EXTRA_PROMPT_MAX,
    NEGATIVE_PROMPT,
    QUALITY_PREFIX,
    BlockedWordError,
    ExtraPromptTooLongError,
    build_prompt,
    build_render_request,
    check_extra_prompt,
    find_blocked_word,
    weighted,
)


def _recipe(**changes: str) -> Recipe:
    return Recipe(attributes={**load_catalog().preview_base, **changes})


def test_prefix_first_then_fragments_in_catalog_order() -> None:
    catalog = load_catalog()
    recipe = _recipe(accessory="halo")
    prompt = build_prompt(catalog, recipe).positive
    assert prompt.startswith(QUALITY_PREFIX + ", ")
    positions = []
    for category in catalog.categories:
        option_id = recipe.attributes.get(category.id)
        if option_id is None:
            continue
        option = category.option(option_id)
        assert option is not None
        fragment = weighted(option.prompt, option.weight)
        assert fragment in prompt, fragment
        positions.append(prompt.index(fragment))
    assert positions == sorted(positions)


def test_weights_use_a1111_syntax() -> None:
    assert weighted("kimono", 1.2) == "(kimono:1.2)"
    assert weighted("kimono", 1.0) == "kimono"
    prompt = build_prompt(load_catalog(), _recipe(costume="kimono")).positive
    assert "(kimono, japanese clothes:1.2)" in prompt


def test_expression_slot_swap_changes_only_the_expression() -> None:
    catalog = load_catalog()
    recipe = _recipe(expression="sad")
    sad = build_prompt(catalog, recipe).positive
    angry = build_prompt(catalog, recipe, expression="angry").positive
    assert "(sad, crying, tears:1.2)" in sad and "crying" not in angry
    assert "(angry, frown:1.2)" in angry
    assert sad.replace("(sad, crying, tears:1.2)", "(angry, frown:1.2)") == angry
    with pytest.raises(UnknownOptionError):
        build_prompt(catalog, recipe, expression="smug")


def test_negative_prompt_is_sent_and_pushes_nsfw_down() -> None:
    prompt = build_prompt(load_catalog(), _recipe())
    assert prompt.negative == NEGATIVE_PROMPT
    assert prompt.negative.startswith("(nsfw:1.5)")


def test_extra_prompt_is_appended_last_without_weight_syntax() -> None:
    recipe = Recipe(
        attributes=_recipe().attributes, extra_prompt="  holding a (lantern:1.9)\n[star]  "
    )
    prompt = build_prompt(load_catalog(), recipe).positive
    assert prompt.endswith(", holding a lantern 1.9 star")


def test_extra_prompt_length_limit() -> None:
    assert check_extra_prompt("a" * EXTRA_PROMPT_MAX) == "a" * EXTRA_PROMPT_MAX
    with pytest.raises(ExtraPromptTooLongError) as raised:
        check_extra_prompt("a" * (EXTRA_PROMPT_MAX + 1))
    assert raised.value.length == EXTRA_PROMPT_MAX + 1


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("a NSFW picture", "nsfw"),
        ("n s f w", "nsfw"),
        ("n.u.d.e beach", "nude"),
        ("a n.u.d.e figure", "nude"),  # the article joins the run of single letters
        ("I saw s e x y art", "sexy"),
        ("s3xy pose", "sexy"),
        ("wearing see-through dress", "see-through"),
        ("with no   clothes", "no clothes"),
        ("야한 그림", "야한"),
        ("야 한 그림", "야한"),
        ("씨1발 뭐야", "씨발"),
        ("알몸으로", "알몸"),
    ],
)
def test_blocked_words_in_english_and_korean(text: str, word: str) -> None:
    assert find_blocked_word(text) == word
    with pytest.raises(BlockedWordError) as raised:
        build_prompt(load_catalog(), Recipe(_recipe().attributes, extra_prompt=text))
    assert raised.value.word == word


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("nsfw-girl", "nsfw"),
        ("no-nsfw", "nsfw"),
        ("NSFW_girl", "nsfw"),
        ("n\u200bsfw", "nsfw"),  # zero-width space
        ("n\u00adsfw", "nsfw"),  # soft hyphen
        ("nu\u2060de", "nude"),  # word joiner
        ("n\ufeffsfw", "nsfw"),  # byte order mark
        ("\uff4e\uff53\uff46\uff57 art", "nsfw"),  # full-width letters
        ("n-s-f-w", "nsfw"),
        ("se-xy pose", "sexy"),
        ("see through", "see-through"),
        ("성인", "성인"),
        ("성인 만화 느낌", "성인"),
        ("성\u200b인", "성인"),
        ("야\u3164한", "야한"),  # a Hangul filler between the syllables
    ],
)
def test_separators_and_invisible_characters_do_not_hide_a_word(text: str, word: str) -> None:
    assert find_blocked_word(text) == word


@pytest.mark.parametrize(
    "text",
    [
        "작성 인물 소개",
        "음성 인식 로봇",
        "성인식 날의 한복",
        "x-ray glasses",
        "well-known hero",
        "classic sussex landscape",
        "Scunthorpe",
        "시발점에서 출발",
        "벗은 나무 아래",
        "a cocktail party",
        "달빛 아래 웃는 얼굴",
        "a b c d e f g h i j k l m n o p",
        "I a m a cat",
    ],
)
def test_innocent_text_passes(text: str) -> None:
    assert find_blocked_word(text) is None


def test_render_request_carries_params_seed_and_pose() -> None:
    catalog = load_catalog()
    request = build_render_request(
        catalog, _recipe(), seed=99, pose=Pose.CLOSE_UP, size=(256, 340), expression="angry"
    )
    assert request.seed == 99 and request.pose is Pose.CLOSE_UP
    assert (request.width, request.height) == (256, 340)
    assert request.attributes["expression"] == "angry"
    assert request.params["expression"]["brows"] == "angry"
    color = request.params["hair_color"]["color"]
    assert isinstance(color, str) and color.startswith("#")
    assert "(angry, frown:1.2)" in request.prompt
