"""A1111-style PNG parameters and WebP thumbnails."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from mygemini.render.base import RenderMetadata
from mygemini.render.png import (
    encode_png,
    format_parameters,
    make_thumbnail,
    parse_parameters,
    read_png_text,
)

META = RenderMetadata(
    backend="diffusers",
    model="anything-v5",
    steps=13,
    sampler="DPM++ 2M Karras",
    cfg_scale=7.0,
    seed=4242,
    width=512,
    height=680,
)


def test_parameters_text_has_the_a1111_shape() -> None:
    text = format_parameters("1girl, (smile:1.2)", "lowres, (nsfw:1.5)", META)
    assert text.split("\n") == [
        "1girl, (smile:1.2)",
        "Negative prompt: lowres, (nsfw:1.5)",
        "Steps: 13, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 4242, Size: 512x680, "
        "Model: anything-v5",
    ]


def test_parameters_round_trip_through_png() -> None:
    prompt = "1girl, black hair, 달빛 아래"
    text = format_parameters(prompt, "lowres", META)
    png = encode_png(Image.new("RGB", (32, 40), "pink"), text, recipe_json='{"seed": 4242}')
    chunks = read_png_text(png)
    assert chunks["parameters"] == text
    assert chunks["mygemini"] == '{"seed": 4242}'
    parsed_prompt, negative, settings = parse_parameters(chunks["parameters"])
    assert parsed_prompt == prompt and negative == "lowres"
    assert settings == {
        "Steps": "13",
        "Sampler": "DPM++ 2M Karras",
        "CFG scale": "7",
        "Seed": "4242",
        "Size": "512x680",
        "Model": "anything-v5",
    }


def test_latin1_parameters_use_a_plain_text_chunk() -> None:
    png = encode_png(Image.new("RGB", (8, 8)), "plain prompt")
    assert b"tEXtparameters\x00plain prompt" in png


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((512, 680), (256, 340)),  # a portrait: halved
        ((1024, 1024), (256, 256)),  # SDXL: a quarter
        ((768, 1024), (192, 256)),  # the height decides
        ((513, 681), (171, 227)),  # just over twice the box: a third, never over the box
        ((200, 100), (200, 100)),  # already inside: kept as it is
    ],
)
def test_thumbnail_is_webp_shrunk_by_a_whole_factor_into_its_box(
    size: tuple[int, int], expected: tuple[int, int]
) -> None:
    data = make_thumbnail(Image.new("RGBA", size, "skyblue"))
    with Image.open(io.BytesIO(data)) as thumb:
        assert thumb.format == "WEBP"
        assert thumb.mode == "RGB"
        assert thumb.size == expected


def test_thumbnail_pixels_are_the_averages_of_their_blocks() -> None:
    # Each 2x2 block of a 512x680 checkerboard holds two black and two white pixels: its average
    # is mid-grey everywhere, where a picture only sampled would keep black or white.
    board = Image.frombytes(
        "L", (512, 680), bytes(255 * ((x + y) % 2) for y in range(680) for x in range(512))
    )
    data = make_thumbnail(board.convert("RGB"), quality=100)
    with Image.open(io.BytesIO(data)) as thumb:
        extrema = thumb.convert("L").getextrema()
        assert isinstance(extrema[0], int) and isinstance(extrema[1], int)
        assert 120 <= extrema[0] <= extrema[1] <= 135


def test_the_png_holds_exactly_the_pixels_of_every_mode() -> None:
    # Noise, so that every row filter byte and wrap-around of the "up" filter is exercised.
    noise = Image.frombytes(
        "RGBA", (37, 23), bytes((i * 97 + 13) % 256 for i in range(37 * 23 * 4))
    )
    for image in (noise, noise.convert("RGB"), noise.convert("L"), noise.convert("P")):
        png = encode_png(image, "prompt")
        with Image.open(io.BytesIO(png)) as back:
            back.load()
            assert back.format == "PNG" and back.mode == image.mode and back.size == image.size
            assert back.tobytes() == image.tobytes()
            assert read_png_text(png) == {"parameters": "prompt"}


def test_a_transparent_colour_is_kept() -> None:
    image = Image.new("RGB", (8, 4), (10, 20, 30))
    image.info["transparency"] = (10, 20, 30)
    with Image.open(io.BytesIO(encode_png(image, "prompt"))) as back:
        back.load()
        assert back.info.get("transparency") == (10, 20, 30)
