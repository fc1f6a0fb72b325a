"""Scenes: a room's stage background (16:9, no people), a built-in scene or words → a picture.

A request with attributes {"scene": id} draws one of the built-in scenes; otherwise the prompt is
a description in the person's words (Korean or English) and the scene is planned from the words
the painter recognises (words.py). The same plan and seed always give the same pixels; the seed
moves stars, trees, windows and books and nudges the sky's hue, never the scene itself."""

from __future__ import annotations

import hashlib
import io
import random
from functools import lru_cache

import resvg_py
from PIL import Image

from ...base import RenderRequest
from .. import finish
from . import indoor, outdoor, props, sky
from .kit import H, Stage, W
from .words import SCENE_IDS, ScenePlan, Time, Weather, plan_scene, recognised_words

__all__ = [
    "SCENE_IDS",
    "ScenePlan",
    "build_scene_svg",
    "plan_scene",
    "recognised_words",
    "render_scene",
]


def render_scene(request: RenderRequest, seed: int) -> Image.Image:
    return paint(
        plan_scene(request.prompt, request.attributes), seed, (request.width, request.height)
    )


def paint(plan: ScenePlan, seed: int, size: tuple[int, int]) -> Image.Image:
    st, svg = _build(plan, seed, size)
    png = resvg_py.svg_to_bytes(
        svg_string=svg, width=size[0], height=size[1], skip_system_fonts=True
    )
    if plan.indoor:
        base = Image.new("RGB", size, indoor.wall_color(plan))
    else:
        base = finish.sky(size, sky.sky_stops(st), 0.0, 1.0)
    with Image.open(io.BytesIO(png)) as layers:
        base.paste(layers, (0, 0), layers.convert("RGBA"))
    if plan.weather is Weather.FOG:
        base = _fog(base, plan)
    if plan.indoor or plan.time is Time.NIGHT:
        base = Image.composite(Image.new("RGB", size, "#0a0818"), base, _vignette(size))
    return base


def build_scene_svg(plan: ScenePlan, seed: int, size: tuple[int, int] = (W, H)) -> str:
    """The scene's SVG layers (the sky or wall colour under them is painted by Pillow)."""
    return _build(plan, seed, size)[1]


def _build(plan: ScenePlan, seed: int, size: tuple[int, int]) -> tuple[Stage, str]:
    digest = hashlib.sha256(f"{plan.key}|{seed}".encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    st = Stage(plan=plan, rng=rng, hue=rng.uniform(-8, 8))
    if plan.indoor:
        layers = indoor.PAINTERS[plan.scene](st)
    else:
        st.horizon = outdoor.HORIZONS[plan.scene]
        middle = outdoor.PAINTERS[plan.scene](st)
        layers = [*_above_horizon(st), *middle]
    layers += props.foreground(st)
    if not plan.indoor:
        layers += sky.weather(st)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{size[0]}" '
        f'height="{size[1]}" preserveAspectRatio="xMidYMid slice">'
        f"<defs>{''.join(st.defs)}</defs>{''.join(layers)}</svg>"
    )
    return st, svg


def _above_horizon(st: Stage) -> list[str]:
    """Sky furniture an outdoor scene did not draw itself."""
    out: list[str] = []
    todo = st.plan.props - st.handled
    if ((st.night and sky.clear(st)) or "stars" in todo) and "stars" not in st.handled:
        out += sky.stars(st, 0, 0, W, st.horizon, 120)
    if ((st.night and sky.clear(st)) or "moon" in todo) and "moon" not in st.handled:
        out += sky.moon(st, W / 2 + st.rng.uniform(-140, 140), 84, 34)
    if "sun" in todo and not st.night:
        out += sky.sun(st, 760, 110 if st.plan.time is Time.DAY else st.horizon - 40, 38)
    n_clouds = 4 if "clouds" in todo or st.plan.weather is Weather.RAIN else 0
    if n_clouds == 0 and st.plan.time is Time.DAY and "clouds" not in st.handled:
        n_clouds = 2
    out += sky.clouds(st, n_clouds, 50, st.horizon - 150)
    if "mountains" in todo:
        out += sky.far_ridges(st)
    if "sea" in todo:
        out += sky.sea(st, st.horizon - 10, st.horizon + 50)
    return out


def _fog(image: Image.Image, plan: ScenePlan) -> Image.Image:
    color = "#59607a" if plan.time is Time.NIGHT else "#e4e9ee"
    return Image.composite(
        Image.new("RGB", image.size, color), image, _fog_mask(image.size, plan.indoor)
    )


@lru_cache(maxsize=8)
def _fog_mask(size: tuple[int, int], indoor: bool) -> Image.Image:
    column = Image.new("L", (1, 64))
    for y in range(64):
        t = y / 63
        level = 70 if indoor else (170 * min(1.0, t / 0.68) if t < 0.68 else 170 - (t - 0.68) * 180)
        column.putpixel((0, y), round(level))
    return column.resize(size, Image.Resampling.BILINEAR)


@lru_cache(maxsize=8)
def _vignette(size: tuple[int, int]) -> Image.Image:
    lut = [round(max(0.0, (v / 255 - 0.55) / 0.45) ** 1.5 * 150) for v in range(256)]
    return Image.radial_gradient("L").resize(size, Image.Resampling.BILINEAR).point(lut)
