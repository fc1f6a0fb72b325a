"""The drawing's inputs resolved once: palettes, shapes and pose geometry for one portrait."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from ..base import ParamValue, Pose
from .paint import Palette, adjust

# Canvas units; the SVG is scaled to the requested pixel size.
WIDTH, HEIGHT = 512.0, 680.0
HEAD_X, EYE_Y = 256.0, 300.0

_TURN = {
    Pose.FRONT: 0.0,
    Pose.THREE_QUARTER_LEFT: -0.7,
    Pose.THREE_QUARTER_RIGHT: 0.7,
    Pose.CLOSE_UP: 0.0,
}


# The pseudo-category under which a render request carries what the renderer read in the extra
# prompt: {"words": "lantern,night"} (see vector.props).
EXTRA = "extra_prompt"

# A gesture tilts the head a little towards it, as people do for the camera.
_GESTURE_TILT = {
    Pose.WAVE: 4.0,
    Pose.PEACE: 6.0,
    Pose.HEART_HANDS: -4.0,
    Pose.CHIN_REST: 8.0,
    Pose.FINGER_GUN: 3.0,
    Pose.SALUTE: -3.0,
    Pose.ARMS_UP: -2.0,
}


@dataclass(frozen=True)
class Figure:
    seed: int
    style: str
    male: bool
    skin: Palette
    hair: Palette
    eye: Palette
    hair_back: str
    bangs: str
    sides: str
    eyes: str
    brows: str
    mouth: str
    blush: float
    mark: str
    costume: str
    costume_colors: tuple[str, str, str]
    scene: str
    item: str | None
    pose: Pose
    turn: float  # -1..1; positive turns the face towards the viewer's right
    tilt: float  # degrees, a seeded lean of the head
    ahoge: bool
    scene_hue: float
    # Seeded variety (issue 12): where the figure stands in the frame (dx, dy, scale), where the
    # light comes from (-1 left .. 1 right), where the hair shines (-1..1), and how the scene's
    # layers are framed (zoom >= 1 about a point, so they always cover the canvas).
    frame: tuple[float, float, float] = (0.0, 0.0, 1.0)
    light: float = 0.0
    shine: float = 0.0
    scene_zoom: tuple[float, float, float] = (1.0, HEAD_X, EYE_Y)
    # Props and moods read from the extra prompt (vector.props vocabulary ids).
    words: tuple[str, ...] = ()

    @property
    def shift(self) -> float:
        """How far facial features slide sideways with the turn."""
        return 30.0 * self.turn

    @property
    def line_width(self) -> float:
        return {"retro": 3.4, "watercolor": 1.6, "pastel": 1.8}.get(self.style, 2.4)


def _s(params: Mapping[str, Mapping[str, ParamValue]], cat: str, key: str, default: str) -> str:
    value = params.get(cat, {}).get(key, default)
    return str(value)


def _hair_category(params: Mapping[str, Mapping[str, ParamValue]]) -> Mapping[str, ParamValue]:
    for key in ("hair_style_male", "hair_style_female", "hair_style"):
        if key in params:
            return params[key]
    return {}


# Gestures a plain portrait may strike on its own (its seed's choice), about one summon in four.
_PORTRAIT_GESTURES = (Pose.PEACE, Pose.WAVE, Pose.CHIN_REST, Pose.HEART_HANDS, Pose.THUMBS_UP)
_GESTURE_CHANCE = 0.25


def _seeded_pose(pose: Pose, seed: int) -> Pose:
    """A front-facing portrait sometimes strikes a gesture; other poses were asked for."""
    if pose is not Pose.FRONT:
        return pose
    rng = random.Random(seed ^ 0x9E57)
    return rng.choice(_PORTRAIT_GESTURES) if rng.random() < _GESTURE_CHANCE else pose


def resolve(params: Mapping[str, Mapping[str, ParamValue]], seed: int, pose: Pose) -> Figure:
    """Read renderer parameters (from the catalog) with safe defaults, and roll seeded jitter."""
    rng = random.Random(seed)
    pose = _seeded_pose(pose, seed)
    hair_style = _hair_category(params)
    expression = params.get("expression", {})
    costume = params.get("costume", {})
    item = params.get("accessory", {}).get("item")
    # Seeded jitter: enough that two summons of one recipe are two pictures (a head turned a
    # little, another framing, light and shine), small enough that the chosen options always
    # dominate: hues and colours move within the chosen colour, never to another one.
    hue_jitter = rng.uniform(-4, 4)
    tilt = rng.uniform(-5.0, 5.0) + _GESTURE_TILT.get(pose, 0.0)
    turn_range = 0.3 if pose is Pose.FRONT else 0.05
    intensity = rng.uniform(0.6, 1.5)
    cloth_light = rng.uniform(-0.05, 0.05)
    return Figure(
        seed=seed,
        style=_s(params, "style", "style", "anime"),
        male=_s(params, "gender", "build", "female") == "male",
        skin=Palette.of(_s(params, "skin_tone", "color", "#f6d2b8"), line_mix=0.4),
        hair=Palette.of(adjust(_s(params, "hair_color", "color", "#7b4b2f"), hue=hue_jitter)),
        eye=Palette.of(_s(params, "eye_color", "color", "#8d5530")),
        hair_back=str(hair_style.get("back", "long")),
        bangs=str(hair_style.get("bangs", "blunt")),
        sides=str(hair_style.get("sides", "long")),
        eyes=str(expression.get("eyes", "open")),
        brows=str(expression.get("brows", "soft")),
        mouth=str(expression.get("mouth", "open_smile")),
        blush=float(expression.get("blush", 0.3)) * intensity,
        mark=str(expression.get("mark", "none")),
        costume=str(costume.get("kind", "hoodie")),
        costume_colors=(
            adjust(str(costume.get("primary", "#8fb6e6")), light=cloth_light),
            adjust(str(costume.get("secondary", "#eef3fa")), light=cloth_light),
            str(costume.get("trim", "#5e7fb0")),
        ),
        scene=_s(params, "background", "scene", "studio"),
        item=str(item) if item is not None else None,
        pose=pose,
        turn=_TURN.get(pose, 0.0) + rng.uniform(-turn_range, turn_range),
        tilt=tilt,
        ahoge=rng.random() < 0.4,
        scene_hue=rng.uniform(-8, 8),
        frame=(rng.uniform(-24, 24), rng.uniform(0, 20), rng.uniform(0.93, 1.08)),
        light=rng.uniform(-1, 1),
        shine=rng.uniform(-1, 1),
        scene_zoom=(rng.uniform(1.0, 1.15), rng.uniform(60, WIDTH - 60), rng.uniform(60, 560)),
        words=tuple(w for w in str(params.get(EXTRA, {}).get("words", "")).split(",") if w),
    )
