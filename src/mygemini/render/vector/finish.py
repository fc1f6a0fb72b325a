"""Raster steps done with Pillow rather than in SVG, because resvg pays ~40 ms for every
full-canvas gradient, translucent overlay or filter: the sky underneath, style grading on top."""

from __future__ import annotations

import itertools
import random
from functools import lru_cache

from PIL import Image, ImageChops, ImageFilter

from .paint import rgb

Stops = list[tuple[float, str]]


def sky(size: tuple[int, int], stops: Stops, top: float, bottom: float) -> Image.Image:
    """A vertical gradient; `top`/`bottom` (0..1) pick the visible slice of the 680-unit canvas."""
    column = Image.new("RGB", (1, 256))
    for y in range(256):
        column.putpixel((0, y), _at(stops, top + (bottom - top) * y / 255))
    return column.resize(size, Image.Resampling.BILINEAR)


def _at(stops: Stops, t: float) -> tuple[int, int, int]:
    if len(stops) == 1 or t <= stops[0][0]:
        return _rgb255(stops[0][1])
    for (o0, c0), (o1, c1) in itertools.pairwise(stops):
        if t <= o1:
            k = (t - o0) / (o1 - o0) if o1 > o0 else 0.0
            a, b = rgb(c0), rgb(c1)
            return tuple(round((x + (y - x) * k) * 255) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]
    return _rgb255(stops[-1][1])


def _rgb255(color: str) -> tuple[int, int, int]:
    r, g, b = rgb(color)
    return round(r * 255), round(g * 255), round(b * 255)


def light(image: Image.Image, side: float) -> Image.Image:
    """A soft warm light from one side (`side` -1 left .. 1 right; its size is the strength)."""
    strength = round(abs(side) * 10) / 10  # a few steps, so the ramps cache well
    if strength == 0:
        return image
    mask = _side_ramp(image.size, side > 0, strength)
    return Image.composite(Image.new("RGB", image.size, "#fff3e0"), image, mask)


@lru_cache(maxsize=32)
def _side_ramp(size: tuple[int, int], from_right: bool, strength: float) -> Image.Image:
    ramp = Image.linear_gradient("L").rotate(90 if from_right else -90)
    lut = [round(max(0.0, (v / 255 - 0.35) / 0.65) * 70 * strength) for v in range(256)]
    return ramp.resize(size, Image.Resampling.BILINEAR).point(lut)


def mood(image: Image.Image, words: tuple[str, ...]) -> Image.Image:
    """Night cools and darkens the whole picture; sunset warms it."""
    if "night" in words:
        image = ImageChops.multiply(image, Image.new("RGB", image.size, "#9aa6e0"))
    if "sunset" in words:
        image = Image.blend(
            image, ImageChops.multiply(image, Image.new("RGB", image.size, "#ffc59a")), 0.7
        )
    return image


def grade(image: Image.Image, style: str) -> Image.Image:
    """Style-wide colour grading and texture."""
    size = image.size
    if style == "watercolor":
        soft = image.filter(ImageFilter.GaussianBlur(0.6))
        washed = Image.blend(soft, Image.new("RGB", size, "#fff8ec"), 0.18)
        textured = ImageChops.multiply(washed, _paper(size))
        return _edge(textured, "#fffaf0", 0.9, 0.6)
    if style == "pastel":
        light = Image.blend(image, Image.new("RGB", size, "#ffffff"), 0.24)
        return _edge(light, "#ffd6ec", 0.75, 0.55)
    if style == "retro":
        warm = ImageChops.multiply(image, Image.new("RGB", size, "#ffe0c4"))
        lined = ImageChops.multiply(warm, _scanlines(size))
        return _edge(lined, "#1a0d20", 0.6, 0.5)
    return image


def _edge(image: Image.Image, color: str, strength: float, start: float) -> Image.Image:
    """Tint towards `color` from `start` (0 centre .. 1 corner) outwards: a vignette."""
    return Image.composite(
        Image.new("RGB", image.size, color), image, _radial(image.size, start, strength)
    )


@lru_cache(maxsize=16)
def _radial(size: tuple[int, int], start: float, strength: float) -> Image.Image:
    # Pillow's radial gradient is 0 at the centre and 255 at radius 128 of a 256 square; the
    # corners of the resized square sit near 1.41 of that, so scale the ramp to reach them.
    lut = []
    for v in range(256):
        d = v / 255 * 1.0
        lut.append(round(max(0.0, min(1.0, (d - start) / (1.0 - start))) * 255 * strength))
    return Image.radial_gradient("L").resize(size, Image.Resampling.BILINEAR).point(lut)


@lru_cache(maxsize=8)
def _scanlines(size: tuple[int, int]) -> Image.Image:
    rows = Image.new("RGB", (1, size[1]), "#ffffff")
    step = max(2, round(size[1] / 170))
    for y in range(0, size[1], step):
        rows.putpixel((0, y), (226, 226, 226))
    return rows.resize(size, Image.Resampling.NEAREST)


@lru_cache(maxsize=8)
def _paper(size: tuple[int, int]) -> Image.Image:
    """A fixed paper grain (seeded, so renders stay deterministic), multiplied over the picture."""
    rng = random.Random(0xA9E)
    grain = Image.new("L", (160, 212))
    grain.putdata([rng.randint(240, 255) for _ in range(160 * 212)])
    smooth = grain.resize(size, Image.Resampling.BICUBIC)
    return Image.merge("RGB", (smooth, smooth, smooth))
