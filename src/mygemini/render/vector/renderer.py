"""The built-in vector renderer: SVG layers composed as text, rasterised by Skia.

No weights, no GPU, ~tens of milliseconds: the embedded default and the source of option previews.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from PIL import Image

from ..base import (
    CancelCheck,
    Pose,
    ProgressCallback,
    RenderCancelled,
    RenderMetadata,
    RenderRequest,
    RenderResult,
    Subject,
)
from . import arms, body, extras, face, finish, hair, hair_back, props, raster, scene, stage
from .figure import EYE_Y, HEAD_X, HEIGHT, WIDTH, Figure, resolve
from .paint import f, group, linear

MODEL = "mygemini-vector-2"  # 2: gestures, seeded variety, props; drawn by Skia


def source_digest(package: Path) -> str:
    """A short digest of every source file under `package` (names and contents, in a stable
    order): it changes whenever the drawing code or its data does."""
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".yaml")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


@cache
def drawing_version() -> str:
    """What this renderer's pictures depend on besides the request: kept pictures (the option
    previews on disk) drawn by other code are stale."""
    return source_digest(Path(__file__).parent)


class VectorRenderer:
    name = "vector"
    light = False  # ~15 ms of a CPU core per portrait

    @property
    def drawing_version(self) -> str:
        return drawing_version()

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
            images.append(render_image(request, seed))
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


def render_image(request: RenderRequest, seed: int) -> Image.Image:
    if request.subject is Subject.SCENE:
        return stage.render_scene(request, seed)
    return render_portrait(request, seed)


def render_portrait(request: RenderRequest, seed: int) -> Image.Image:
    """One portrait: the SVG (sky, scene, figure, props) drawn by Skia, then light, mood and the
    style's grading (Pillow)."""
    fig = resolve(request.params, seed, request.pose)
    size = (request.width, request.height)
    if request.cutout:
        return raster.rasterize_cutout(_svg(request, fig, None), size)
    picture = raster.rasterize(_portrait_svg(request, fig), size)
    return finish.grade(finish.mood(finish.light(picture, fig.light), fig.words), fig.style)


def _sky(stops: list[tuple[float, str]]) -> str:
    """The sky: a vertical gradient over the whole canvas, under everything (Skia paints a
    full-canvas gradient in about a millisecond; resvg took 40, so Pillow painted it then)."""
    return (
        linear("sky", stops, box=(0.0, 0.0, WIDTH, HEIGHT))
        + f'<rect x="-1" y="-1" width="{f(WIDTH + 2)}" height="{f(HEIGHT + 2)}" fill="url(#sky)"/>'
    )


def build_svg(request: RenderRequest, seed: int | None = None) -> str:
    """The portrait's whole SVG, sky included (what Skia draws before light, mood and grading)."""
    fig = resolve(request.params, request.seed if seed is None else seed, request.pose)
    return _portrait_svg(request, fig)


def _portrait_svg(request: RenderRequest, fig: Figure) -> str:
    stops, scene_layers = scene.background(fig)
    return _svg(request, fig, scene_layers, sky=_sky(props.sky_moods(fig, stops)))


def _svg(request: RenderRequest, fig: Figure, scene_layers: list[str] | None, sky: str = "") -> str:
    """The picture's SVG; `scene_layers` None draws a cutout (the figure and what it holds)."""
    figure = _figure_layers(fig)
    dx, dy, scale = fig.frame
    # the seed's framing: scaled about the bottom centre, so the body still meets the bottom edge
    transform = (
        f"translate({f(HEAD_X + dx)} {f(HEIGHT + dy)}) scale({scale:.3f}) "
        f"translate({f(-HEAD_X)} {f(-HEIGHT)})"
    )
    if fig.pose is Pose.CLOSE_UP:
        transform += (
            f" translate({f(HEAD_X)} {f(EYE_Y)}) scale(1.45) "
            f"translate({f(-HEAD_X)} {f(-EYE_Y + 40)})"
        )
    zoom, zx, zy = fig.scene_zoom
    scene_transform = f"translate({f(zx)} {f(zy)}) scale({zoom:.3f}) translate({f(-zx)} {f(-zy)})"
    if scene_layers is None:
        layers = [group(figure, transform=transform), *props.held(fig)]
    else:
        layers = [
            sky,
            group(scene_layers, transform=scene_transform),
            *props.behind(fig),
            group(figure, transform=transform),
            *props.held(fig),
            *props.weather(fig),
        ]
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
        *hair_back.back(fig),
        *body.neck(fig),
        *body.costume(fig),
        *hair_back.over_shoulders(fig),
        group(head_parts, transform=tilt),
        *arms.arms(fig),
    ]


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
