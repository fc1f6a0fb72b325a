"""The built-in vector renderer: SVG layers composed as text, rasterised by resvg.

No weights, no GPU, ~tens of milliseconds: the embedded default and the source of option previews.
"""

from __future__ import annotations

import io
import random

import resvg_py
from PIL import Image

from ..base import (
    CancelCheck,
    Pose,
    ProgressCallback,
    RenderCancelled,
    RenderMetadata,
    RenderRequest,
    RenderResult,
)
from . import body, extras, face, hair, scene
from .figure import EYE_Y, HEAD_X, HEIGHT, WIDTH, Figure, resolve
from .paint import f, group, path, rect

MODEL = "mygemini-vector-1"


class VectorRenderer:
    name = "vector"

    def render(
        self,
        request: RenderRequest,
        on_progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> RenderResult:
        images: list[Image.Image] = []
        metadata: list[RenderMetadata] = []
        seeds = request.seeds()
        for i, seed in enumerate(seeds):
            if cancelled is not None and cancelled():
                raise RenderCancelled(f"cancelled before image {i}")
            svg = build_svg(request, seed)
            png = resvg_py.svg_to_bytes(
                svg_string=svg, width=request.width, height=request.height, skip_system_fonts=True
            )
            with Image.open(io.BytesIO(png)) as decoded:
                images.append(decoded.convert("RGB"))
            metadata.append(
                RenderMetadata(
                    backend=self.name,
                    model=MODEL,
                    steps=1,
                    sampler="vector",
                    cfg_scale=0.0,
                    seed=seed,
                    width=request.width,
                    height=request.height,
                )
            )
            if on_progress is not None:
                on_progress((i + 1) / len(seeds))
        return RenderResult(images=tuple(images), metadata=tuple(metadata))


def build_svg(request: RenderRequest, seed: int | None = None) -> str:
    """The portrait as SVG text (deterministic for request + seed)."""
    fig = resolve(request.params, request.seed if seed is None else seed, request.pose)
    figure = _figure_layers(fig)
    if fig.pose is Pose.CLOSE_UP:
        transform = (
            f"translate({f(HEAD_X)} {f(EYE_Y)}) scale(1.45) "
            f"translate({f(-HEAD_X)} {f(-EYE_Y + 40)})"
        )
    else:
        transform = None
    layers = [
        *scene.background(fig),
        group(figure, transform=transform, filter=_figure_filter(fig)),
    ]
    layers.extend(_style_overlay(fig))
    x, y, w, h = _view_box(request.width / request.height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{f(x)} {f(y)} {f(w)} {f(h)}" '
        f'width="{request.width}" height="{request.height}">{"".join(layers)}</svg>'
    )


def _figure_layers(fig: Figure) -> list[str]:
    head_parts: list[str] = [
        *face.head(fig),
        f'<clipPath id="faceClip"><path d="{face.face_outline(fig)}"/></clipPath>',
        *hair.bangs_shadow(fig),
        *face.blush(fig),
        *face.eyes(fig),
        *face.mouth(fig),
        *extras.face_marks(fig),
        *extras.glasses(fig),
        *extras.under_hair(fig),
        *hair.front(fig),
        *face.brows(fig),
        *body.headwear(fig),
        *extras.over_hair(fig),
        *extras.head_marks(fig),
    ]
    tilt = f"rotate({f(fig.tilt + 4 * fig.turn)} {f(HEAD_X)} 420)"
    return [
        *extras.behind(fig),
        *hair.back(fig),
        *body.neck(fig),
        *body.costume(fig),
        *hair.over_shoulders(fig),
        group(head_parts, transform=tilt),
    ]


def _figure_filter(fig: Figure) -> str:
    # Watercolour wobbles every edge a little; other styles keep crisp vector lines.
    return "url(#wcWobble)" if fig.style == "watercolor" else "none"


def _style_overlay(fig: Figure) -> list[str]:
    rng = random.Random(fig.seed ^ 0x57)
    if fig.style == "watercolor":
        return [
            '<filter id="wcWobble" x="0" y="0" width="1" height="1">'
            f'<feTurbulence type="fractalNoise" baseFrequency="0.018" '
            f'numOctaves="1" seed="{fig.seed % 997}"/>'
            '<feDisplacementMap in="SourceGraphic" scale="3.5" '
            'xChannelSelector="R" yChannelSelector="G"/>'
            "</filter>",
            rect(0, 0, WIDTH, HEIGHT, "#fff8ec", opacity="0.22"),
            rect(
                8, 8, WIDTH - 16, HEIGHT - 16, "none", stroke="#fffaf0", stroke_width="22", rx="30"
            ),
        ]
    if fig.style == "pastel":
        out = [
            rect(0, 0, WIDTH, HEIGHT, "#ffffff", opacity="0.26"),
            '<radialGradient id="pastelGlow"><stop offset="0.6" '
            'stop-color="#ffd6ec" stop-opacity="0"/>'
            '<stop offset="1" stop-color="#ffd6ec" stop-opacity="0.7"/></radialGradient>',
            rect(0, 0, WIDTH, HEIGHT, "url(#pastelGlow)"),
        ]
        for _ in range(8):
            x, y = rng.uniform(20, WIDTH - 20), rng.uniform(20, HEIGHT - 20)
            out.append(
                path(
                    f"M{f(x)} {f(y - 9)} L{f(x + 2)} {f(y)} L{f(x)} {f(y + 9)} L{f(x - 2)} {f(y)}Z "
                    f"M{f(x - 9)} {f(y)} L{f(x)} {f(y - 2)} "
                    f"L{f(x + 9)} {f(y)} L{f(x)} {f(y + 2)}Z",
                    fill="#ffffff",
                    opacity="0.9",
                )
            )
        return out
    if fig.style == "retro":
        lines = "".join(
            f'<rect x="0" y="{y}" width="512" height="1.5" fill="#000" fill-opacity="0.10"/>'
            for y in range(0, 680, 4)
        )
        return [
            rect(0, 0, WIDTH, HEIGHT, "#ff9a5a", opacity="0.16"),
            lines,
            '<radialGradient id="retroVig"><stop offset="0.55" '
            'stop-color="#1a0d20" stop-opacity="0"/>'
            '<stop offset="1" stop-color="#1a0d20" stop-opacity="0.55"/></radialGradient>',
            rect(0, 0, WIDTH, HEIGHT, "url(#retroVig)"),
        ]
    return []


def _view_box(aspect: float) -> tuple[float, float, float, float]:
    """Crop the 512x680 canvas to the requested aspect, keeping the face in frame."""
    native = WIDTH / HEIGHT
    if abs(aspect - native) < 1e-3:
        return 0.0, 0.0, WIDTH, HEIGHT
    if aspect > native:
        h = WIDTH / aspect
        y = min(max(EYE_Y + 20 - h / 2, 0.0), HEIGHT - h)
        return 0.0, y, WIDTH, h
    w = HEIGHT * aspect
    return (WIDTH - w) / 2, 0.0, w, HEIGHT
