"""The renderer protocol: a request in, Pillow images plus metadata out.

Everything here is pure data so a GPU host can run a renderer with no database, web or socket code.
Renderers are synchronous (callers run them in a worker thread); they report progress in 0..1 and
poll `cancelled` between steps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

from PIL import Image

ParamValue = str | int | float | bool
ProgressCallback = Callable[[float], None]
CancelCheck = Callable[[], bool]

MAX_SEED = 2**32 - 1  # A1111 and diffusers both accept 32-bit seeds
PORTRAIT_SIZE = (512, 680)  # 3:4, close to the 2023 system's 507x676
SCENE_SIZE = (960, 540)  # a room's stage background, 16:9


class Pose(StrEnum):
    """Framings a renderer must support; the four-cuts use them to vary the shots."""

    FRONT = "front"
    THREE_QUARTER_LEFT = "three_quarter_left"
    THREE_QUARTER_RIGHT = "three_quarter_right"
    CLOSE_UP = "close_up"
    # Gesture poses for life four-cuts: arms and hands in frame, not only a head tilt.
    WAVE = "wave"
    PEACE = "peace"
    HEART_HANDS = "heart_hands"
    CHIN_REST = "chin_rest"
    FINGER_GUN = "finger_gun"
    THUMBS_UP = "thumbs_up"
    POINT = "point"
    SALUTE = "salute"
    FIST_PUMP = "fist_pump"
    ARMS_UP = "arms_up"
    ARMS_CROSSED = "arms_crossed"
    HANDS_ON_HIPS = "hands_on_hips"


# A life four-cut's pose set: four shots, one per frame (ids are part of the /tabletop contract).
POSE_SETS: dict[str, tuple[Pose, Pose, Pose, Pose]] = {
    "sample": (Pose.WAVE, Pose.PEACE, Pose.HEART_HANDS, Pose.CHIN_REST),
    "shooting": (Pose.FINGER_GUN, Pose.POINT, Pose.THUMBS_UP, Pose.SALUTE),
    "victory": (Pose.FIST_PUMP, Pose.ARMS_UP, Pose.PEACE, Pose.THUMBS_UP),
    "squad": (Pose.ARMS_CROSSED, Pose.HANDS_ON_HIPS, Pose.POINT, Pose.WAVE),
}


class Subject(StrEnum):
    """What is drawn: a character portrait, or a scene (a room background: no people, 16:9).

    For a scene the prompt is the description in the person's words; `attributes` may carry
    {"scene": <preset id>} to draw one of the built-in scenes instead."""

    PORTRAIT = "portrait"
    SCENE = "scene"


class RenderError(Exception):
    """The renderer failed (bad request, backend down, out of memory...)."""


class RenderCancelled(RenderError):
    """`cancelled()` returned true; no image was produced."""


@dataclass(frozen=True)
class RenderRequest:
    prompt: str
    negative_prompt: str
    seed: int
    # category id -> option id, and category id -> that option's renderer parameters
    attributes: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Mapping[str, ParamValue]] = field(default_factory=dict)
    pose: Pose = Pose.FRONT
    subject: Subject = Subject.PORTRAIT
    # A portrait with no background (RGBA, transparent around the figure), for group shots composed
    # over a scene. Renderers that cannot cut out return their usual opaque image.
    cutout: bool = False
    width: int = PORTRAIT_SIZE[0]
    height: int = PORTRAIT_SIZE[1]
    # Image i of a batch uses seed + i, so a batch equals the single renders it stands for.
    batch_size: int = 1

    def __post_init__(self) -> None:
        if not 0 <= self.seed <= MAX_SEED:
            raise RenderError(f"seed {self.seed} outside 0..{MAX_SEED}")
        if not (64 <= self.width <= 2048 and 64 <= self.height <= 2048):
            raise RenderError(f"size {self.width}x{self.height} outside 64..2048")
        if not 1 <= self.batch_size <= 8:
            raise RenderError(f"batch size {self.batch_size} outside 1..8")

    def seeds(self) -> list[int]:
        return [(self.seed + i) % (MAX_SEED + 1) for i in range(self.batch_size)]


@dataclass(frozen=True)
class RenderMetadata:
    backend: str
    model: str
    steps: int
    sampler: str
    cfg_scale: float
    seed: int
    width: int
    height: int


@dataclass(frozen=True)
class RenderResult:
    images: tuple[Image.Image, ...]
    # One entry per image, in order (seeds differ across a batch).
    metadata: tuple[RenderMetadata, ...]

    @property
    def image(self) -> Image.Image:
        return self.images[0]


@runtime_checkable
class Renderer(Protocol):
    name: str
    # A light renderer holds nothing a render slot guards (no GPU, no CPU core for the length of
    # a render): its jobs run without waiting for a slot, up to jobs.concurrency at once
    # (ADR 0016). A renderer that makes pictures itself, or keeps a remote server busy, is not.
    light: bool

    def render(
        self,
        request: RenderRequest,
        on_progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> RenderResult: ...
