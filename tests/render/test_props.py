"""The extra prompt as the built-in renderer reads it: a vocabulary of props and moods in Korean
and English, each drawn; other words change nothing (only diffusion renderers read free text)."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageStat

from mygemini.render.base import RenderRequest
from mygemini.render.vector import VectorRenderer
from mygemini.render.vector.props import VOCABULARY, read_words
from mygemini.studio.catalog import Recipe, load_catalog
from mygemini.studio.prompt import build_render_request

SIZE = (192, 256)
SEED = 1234


def _render(extra: str | None, *, cutout: bool = False) -> Image.Image:
    catalog = load_catalog()
    recipe = Recipe(dict(catalog.preview_base), extra_prompt=extra)
    request = build_render_request(catalog, recipe, seed=SEED, size=SIZE)
    if cutout:
        request = RenderRequest(**{**request.__dict__, "cutout": True})
    return VectorRenderer().render(request).image


def _difference(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / len(a.getbands())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("holding a paper lantern", ("lantern",)),
        ("등불을 든 소녀, 비 오는 밤", ("lantern", "rain", "night")),
        ("검은 고양이와 벚꽃", ("cat", "petals")),
        ("Cherry Blossoms at SUNSET with a kitten", ("cat", "petals", "sunset")),
        ("눈이 내리는 밤하늘, 별빛", ("stars", "snow", "night")),
        ("우산을 들고 책을 읽는", ("umbrella", "book")),
        # look-alikes are other words: 특별 (special), 비밀 (secret), 검은 (black), starfish
        ("특별한 비밀, 검은 머리, starfish, bookshelf", ()),
        ("", ()),
        (None, ()),
    ],
)
def test_reads_its_words_in_korean_and_english(text: str | None, expected: tuple[str, ...]) -> None:
    assert read_words(text) == expected


def test_every_word_of_the_vocabulary_is_drawn() -> None:
    plain = _render(None)
    pictures = {plain.tobytes()}
    for word in VOCABULARY:
        for spelling in (word.ko[0], word.en[0]):
            assert read_words(spelling) == (word.id,), spelling
        image = _render(word.en[0])
        assert _difference(plain, image) > 0.25, f"{word.id} changes nothing"
        assert _render(word.ko[0]).tobytes() == image.tobytes()  # the same in Korean
        pictures.add(image.tobytes())
    assert len(pictures) == len(VOCABULARY) + 1


def test_other_words_change_nothing_in_the_built_in_renderer() -> None:
    assert _render("a wistful gaze, oil painting").tobytes() == _render(None).tobytes()


def test_a_cutout_keeps_what_the_figure_holds_but_not_the_weather() -> None:
    plain = _render(None, cutout=True)
    assert _render("rain, snow, stars", cutout=True).tobytes() == plain.tobytes()
    held = _render("holding a paper lantern", cutout=True)
    assert held.mode == "RGBA" and _difference(plain, held) > 1.0
