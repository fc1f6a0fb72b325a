"""Scenes: the twelve built-in stage backgrounds and scenes drawn from a description's words."""

from __future__ import annotations

import hashlib

import pytest
from PIL import Image, ImageChops, ImageStat

from mygemini.render.base import SCENE_SIZE, RenderRequest, Subject
from mygemini.render.vector import VectorRenderer
from mygemini.render.vector.stage import SCENE_IDS, plan_scene, recognised_words
from mygemini.render.vector.stage.words import ScenePlan, Time, Weather

SMALL = (240, 136)  # enough to tell scenes apart, cheap on a shared CPU


def _scene(
    scene: str | None = None,
    description: str = "",
    *,
    seed: int = 7,
    size: tuple[int, int] = SMALL,
) -> Image.Image:
    request = RenderRequest(
        prompt=description,
        negative_prompt="",
        seed=seed,
        subject=Subject.SCENE,
        attributes={"scene": scene} if scene else {},
        width=size[0],
        height=size[1],
    )
    return VectorRenderer().render(request).image


def _digest(image: Image.Image) -> str:
    return hashlib.sha256(image.tobytes()).hexdigest()


def _difference(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def test_there_are_at_least_twelve_built_in_scenes() -> None:
    assert len(SCENE_IDS) >= 12
    assert {"tavern", "forest", "castle_hall", "night_sky", "city_street", "beach"} <= set(
        SCENE_IDS
    )
    assert {"dungeon", "library", "snowfield", "spaceship", "classroom", "shrine"} <= set(SCENE_IDS)


@pytest.mark.parametrize("scene", SCENE_IDS)
def test_each_scene_is_an_illustration_at_stage_size(scene: str) -> None:
    image = _scene(scene, size=SCENE_SIZE)
    assert image.size == (960, 540) and image.mode == "RGB"
    assert _digest(image) == _digest(_scene(scene, size=SCENE_SIZE))
    # Drawn things, not a sky gradient: rows are not flat and there are many colours.
    assert len(image.getcolors(maxcolors=1 << 20) or []) > 500
    busy_rows = sum(
        1
        for y in range(0, 540, 30)
        if len(image.crop((0, y, 960, y + 1)).getcolors(maxcolors=960) or []) > 4
    )
    assert busy_rows >= 10  # of 18; in a plain gradient every row is one colour


def test_scenes_differ_from_each_other_more_than_seeds_do() -> None:
    images = {scene: _scene(scene) for scene in SCENE_IDS}
    assert len({_digest(image) for image in images.values()}) == len(SCENE_IDS)
    for scene in SCENE_IDS:
        other_seed = _scene(scene, seed=8)
        assert _digest(other_seed) != _digest(images[scene])  # the seed moves things...
        nearest = min(_difference(images[scene], images[o]) for o in SCENE_IDS if o != scene)
        assert _difference(images[scene], other_seed) < nearest  # ...but keeps the scene


def test_korean_and_english_descriptions_of_one_idea_draw_the_same_scene() -> None:
    forest_at_night = ScenePlan(
        "forest", Time.NIGHT, Weather.CLEAR, plan_scene("", {"scene": "forest"}).props
    )
    assert plan_scene("밤의 숲") == forest_at_night
    assert plan_scene("forest at night") == forest_at_night
    assert plan_scene("Forests at NIGHT!") == forest_at_night
    assert _digest(_scene(description="밤의 숲")) == _digest(_scene(description="forest at night"))
    assert _digest(_scene(description="밤의 숲")) != _digest(_scene("forest"))


def test_words_add_time_weather_and_props() -> None:
    plan = plan_scene("비 오는 해변의 노을, 등불과 촛불")
    assert (plan.scene, plan.time, plan.weather) == ("beach", Time.SUNSET, Weather.RAIN)
    assert {"lanterns", "candles"} <= plan.props
    assert plan_scene("a snowy library with candles").weather is Weather.SNOW
    assert plan_scene("foggy castle hall").scene == "castle_hall"
    assert plan_scene("foggy castle hall").weather is Weather.FOG
    assert plan_scene("겨울숲").scene == "forest"
    assert plan_scene("겨울숲").weather is Weather.SNOW
    # A prop alone says where: the sea is at the beach, books are in a library.
    assert plan_scene("파도 소리").scene == "beach"
    assert plan_scene("stacks of old books").scene == "library"
    rainy = _scene(description="forest in the rain")
    assert _difference(rainy, _scene(description="forest")) > 2


def test_recognised_words_say_what_each_word_means() -> None:
    assert recognised_words("밤하늘의 별과 달") == [
        ("밤하늘", "scene:night_sky"),
        ("별", "prop:stars"),
        ("달", "prop:moon"),
    ]
    assert recognised_words("A night sky over the sea") == [
        ("night sky", "scene:night_sky"),
        ("sea", "prop:sea"),
    ]
    assert recognised_words("qwerty 아무말") == []


def test_unknown_words_pick_a_scene_by_their_hash() -> None:
    first = plan_scene("qwerty zxcv")
    assert first.scene in SCENE_IDS
    assert plan_scene("  QWERTY   zxcv ") == first
    picked = {plan_scene(f"gibberish {i}").scene for i in range(40)}
    assert len(picked) > 6  # spread over the scenes, not always the same one
    assert _digest(_scene(description="qwerty zxcv")) == _digest(_scene(description="qwerty zxcv"))


def test_a_scene_request_reports_its_size_and_batch_seeds() -> None:
    request = RenderRequest(
        prompt="",
        negative_prompt="",
        seed=3,
        subject=Subject.SCENE,
        attributes={"scene": "tavern"},
        width=480,
        height=270,
        batch_size=2,
    )
    result = VectorRenderer().render(request)
    assert [m.seed for m in result.metadata] == [3, 4]
    assert all(image.size == (480, 270) for image in result.images)


def test_every_scene_time_weather_and_prop_has_korean_and_english_words() -> None:
    from mygemini.render.vector.stage.words import PROPS, _vocabulary

    vocabulary = _vocabulary()
    meanings = [f"scene:{s}" for s in SCENE_IDS] + [f"prop:{p}" for p in PROPS]
    meanings += [f"time:{t}" for t in Time] + [f"weather:{w}" for w in Weather]
    for meaning in meanings:
        assert meaning in vocabulary.english.values(), meaning
        assert meaning in vocabulary.korean.values(), meaning
