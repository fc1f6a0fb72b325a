"""A scene through the Stable Diffusion backends: SEED-SPEC §6.4's background prompts (without the
2023 Hangul-only filter that erased English) and 960x540 from a size SD can render."""

from __future__ import annotations

from mygemini.render.a1111 import A1111Renderer
from mygemini.render.base import SCENE_SIZE, RenderRequest, Subject
from mygemini.render.sd_prompt import (
    BACKGROUND_FALLBACK,
    BACKGROUND_NEGATIVE,
    BACKGROUND_PREFIX,
    background_prompt,
    background_request,
    parse_weights,
)

from .a1111_server import FakeA1111, serve


def _scene(description: str = "", scene: str | None = None) -> RenderRequest:
    return RenderRequest(
        prompt=description,
        negative_prompt="",
        seed=11,
        subject=Subject.SCENE,
        attributes={"scene": scene} if scene else {},
        width=SCENE_SIZE[0],
        height=SCENE_SIZE[1],
    )


def test_korean_and_english_descriptions_both_reach_the_prompt() -> None:
    korean, negative = background_prompt("밤의 숲, 등불")
    assert korean.startswith(BACKGROUND_PREFIX)
    # The words as typed, then the English the scene vocabulary knows for them.
    assert korean.endswith("밤의 숲, 등불, night, forest, lanterns")
    english, _ = background_prompt("A misty forest at night")
    assert english.endswith(", A misty forest at night")
    mixed, _ = background_prompt("숲 with fireflies")
    assert mixed.endswith(", 숲 with fireflies, forest")
    assert negative == BACKGROUND_NEGATIVE
    assert {"1girl", "multiple boys", "text", "nsfw"} <= {w.strip() for w in negative.split(",")}


def test_description_markup_cannot_reweight_the_prompt() -> None:
    prompt, _ = background_prompt("beach (nsfw:2) [x|y] <lora:z>")
    assert prompt.endswith(", beach nsfw 2 x y lora z")
    assert [w for _, w in parse_weights(prompt) if w > 1.21] == []


def test_empty_description_and_presets() -> None:
    assert background_prompt("   ")[0].endswith(", " + BACKGROUND_FALLBACK)
    tavern, _ = background_prompt("", "tavern")
    assert "tavern" in tavern and tavern.startswith(BACKGROUND_PREFIX)


def test_portraits_pass_unchanged_and_scenes_round_up_to_multiples_of_8() -> None:
    portrait = RenderRequest(prompt="1girl", negative_prompt="lowres", seed=1)
    assert background_request(portrait) is portrait
    sd = background_request(_scene("beach at sunset"))
    assert (sd.width, sd.height) == (960, 544)
    assert sd.prompt.endswith("beach at sunset") and sd.negative_prompt == BACKGROUND_NEGATIVE


def test_a1111_gets_the_background_prompt_and_the_scene_comes_back_960x540() -> None:
    fake = FakeA1111(step_seconds=0.0)
    with serve(fake) as url:
        result = A1111Renderer(url, steps=2, poll_interval=0.01).render(_scene("비 오는 골목"))
    body = fake.requests[0]
    assert body["prompt"].startswith(BACKGROUND_PREFIX)
    assert body["prompt"].endswith("비 오는 골목, rain, city street")
    assert body["negative_prompt"] == BACKGROUND_NEGATIVE
    assert (body["width"], body["height"]) == (960, 544)
    assert result.image.size == SCENE_SIZE
    assert (result.metadata[0].width, result.metadata[0].height) == SCENE_SIZE
