"""How a pose reaches a diffusion model: an OpenPose-style skeleton image the project draws (for a
ControlNet, when one is configured) or prompt words (otherwise, and for A1111).

The skeleton follows the COCO-18 keypoint layout and colours that OpenPose ControlNets were
trained on: limbs as tapered strokes at 60 % brightness on black, joints as full-colour dots. Its
joints are the vector renderer's own (`vector.arms`), so the built-in picture and the skeleton
show one pose. Pure Pillow, deterministic: the same pose and size give the same bytes.
"""

from __future__ import annotations

import math

from PIL import Image, ImageDraw

from .base import Pose
from .vector.arms import Arm, joints
from .vector.figure import EYE_Y, HEAD_X, HEIGHT, WIDTH

# Prompt words per pose, weighted like the catalog's fragments (empty: nothing to add).
POSE_WORDS: dict[Pose, str] = {
    Pose.FRONT: "",
    Pose.THREE_QUARTER_LEFT: "three-quarter view, face turned to the left",
    Pose.THREE_QUARTER_RIGHT: "three-quarter view, face turned to the right",
    Pose.CLOSE_UP: "close-up, face focus",
    Pose.WAVE: "waving, raised hand, open palm",
    Pose.PEACE: "peace sign, v sign, hand next to face",
    Pose.HEART_HANDS: "heart hands, hands forming a heart in front of chest",
    Pose.CHIN_REST: "hand on chin, chin resting on fist",
    Pose.FINGER_GUN: "finger gun, playful",
    Pose.THUMBS_UP: "thumbs up",
    Pose.POINT: "pointing up, index finger raised",
    Pose.SALUTE: "salute, hand at forehead",
    Pose.FIST_PUMP: "fist pump, clenched fist, excited",
    Pose.ARMS_UP: "arms up, both hands raised, cheering",
    Pose.ARMS_CROSSED: "arms crossed, confident",
    Pose.HANDS_ON_HIPS: "hands on hips, confident pose",
}
POSE_WEIGHT = 1.2


def with_pose_words(prompt: str, pose: Pose) -> str:
    """`prompt` with the pose's words appended, weighted in A1111 syntax."""
    words = POSE_WORDS.get(pose, "")
    return f"{prompt}, ({words}:{POSE_WEIGHT:g})" if words else prompt


# COCO-18: nose, neck, r-shoulder, r-elbow, r-wrist, l-shoulder, l-elbow, l-wrist, r-hip, r-knee,
# r-ankle, l-hip, l-knee, l-ankle, r-eye, l-eye, r-ear, l-ear ("r" is the person's right, which
# is the viewer's left in a portrait facing us).
_LIMBS = (
    (1, 2), (1, 5), (2, 3), (3, 4), (5, 6), (6, 7), (1, 8), (8, 9), (9, 10),
    (1, 11), (11, 12), (12, 13), (1, 0), (0, 14), (14, 16), (0, 15), (15, 17),
)  # fmt: skip
_COLOURS = (
    (255, 0, 0), (255, 85, 0), (255, 170, 0), (255, 255, 0), (170, 255, 0), (85, 255, 0),
    (0, 255, 0), (0, 255, 85), (0, 255, 170), (0, 255, 255), (0, 170, 255), (0, 85, 255),
    (0, 0, 255), (85, 0, 255), (170, 0, 255), (255, 0, 255), (255, 0, 170), (255, 0, 85),
)  # fmt: skip

_TURN = {Pose.THREE_QUARTER_LEFT: -0.7, Pose.THREE_QUARTER_RIGHT: 0.7}
# An arm that hangs at the side: the elbow at the bottom edge, the wrist below the picture.
_HANGING = {"r": ((132.0, 664.0), (124.0, 860.0)), "l": ((380.0, 664.0), (388.0, 860.0))}

Point = tuple[float, float]


def keypoints(pose: Pose) -> list[Point | None]:
    """The 18 keypoints in canvas units (512x680); None where a joint is outside the picture."""
    shift = 30.0 * _TURN.get(pose, 0.0)
    face: dict[int, Point] = {
        0: (HEAD_X + shift, 348.0),
        14: (HEAD_X - 40 + shift, EYE_Y),
        15: (HEAD_X + 40 + shift, EYE_Y),
        16: (HEAD_X - 96 + shift * 0.4, 312.0),
        17: (HEAD_X + 96 + shift * 0.4, 312.0),
    }
    if abs(shift) > 15:  # the far ear hides behind the head
        face.pop(16 if shift > 0 else 17)
    left, right = joints(pose)
    points: dict[int, Point] = {**face, 1: (HEAD_X, 446.0)}
    for (shoulder, elbow, wrist), arm, side in (
        ((2, 3, 4), left, "r"),
        ((5, 6, 7), right, "l"),
    ):
        a_shoulder, a_elbow, a_wrist = _arm_points(arm, side)
        points.update({shoulder: a_shoulder, elbow: a_elbow, wrist: a_wrist})
    if pose is Pose.CLOSE_UP:
        points = {k: _close_up(p) for k, p in points.items()}
    return [p if p is not None and _inside(p) else None for p in (points.get(i) for i in range(18))]


def _arm_points(arm: Arm | None, side: str) -> tuple[Point, Point, Point]:
    shoulder = (156.0, 486.0) if side == "r" else (356.0, 486.0)
    if arm is None:
        return shoulder, *_HANGING[side]
    return arm.shoulder, arm.elbow, arm.wrist


def _close_up(p: Point) -> Point:
    # the renderer's close-up framing: 1.45x about the eyes, lifted 40 units
    return HEAD_X + 1.45 * (p[0] - HEAD_X), EYE_Y + 1.45 * (p[1] - EYE_Y + 40)


def _inside(p: Point) -> bool:
    return 0 <= p[0] < WIDTH and 0 <= p[1] < HEIGHT


def skeleton_image(pose: Pose, size: tuple[int, int]) -> Image.Image:
    """The pose as an OpenPose-style RGB image of `size` (the portrait's size)."""
    width, height = size
    sx, sy, ox, oy = _fit(width, height)
    points = [None if p is None else (ox + p[0] * sx, oy + p[1] * sy) for p in keypoints(pose)]
    image = Image.new("RGB", size, (0, 0, 0))
    draw = ImageDraw.Draw(image)
    stick = max(2.0, 4.0 * width / 512)
    for index, (a, b) in enumerate(_LIMBS):
        pa, pb = points[a], points[b]
        if pa is None or pb is None:
            continue
        colour = tuple(round(c * 0.6) for c in _COLOURS[index])
        draw.polygon(_limb(pa, pb, stick), fill=colour)
    radius = max(2.0, 4.0 * width / 512)
    for index, p in enumerate(points):
        if p is not None:
            x, y = p
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=_COLOURS[index])
    return image


def _fit(width: int, height: int) -> tuple[float, float, float, float]:
    """Scale and offset from canvas units to pixels, cropping like the renderer's view box."""
    aspect, native = width / height, WIDTH / HEIGHT
    if abs(aspect - native) < 1e-3:
        return width / WIDTH, height / HEIGHT, 0.0, 0.0
    if aspect > native:  # wider: full width, a band around the face
        scale = width / WIDTH
        band = WIDTH / aspect
        top = min(max(EYE_Y + 20 - band / 2, 0.0), HEIGHT - band)
        return scale, scale, 0.0, -top * scale
    scale = height / HEIGHT
    band = HEIGHT * aspect
    return scale, scale, -(WIDTH - band) / 2 * scale, 0.0


def _limb(a: Point, b: Point, half_width: float) -> list[tuple[float, float]]:
    """A limb as OpenPose draws it: an ellipse from joint to joint (as a 24-gon)."""
    (x1, y1), (x2, y2) = a, b
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    length = math.hypot(x2 - x1, y2 - y1) / 2
    angle = math.atan2(y2 - y1, x2 - x1)
    cos, sin = math.cos(angle), math.sin(angle)
    out = []
    for i in range(24):
        t = 2 * math.pi * i / 24
        ex, ey = length * math.cos(t), half_width * math.sin(t)
        out.append((cx + ex * cos - ey * sin, cy + ex * sin + ey * cos))
    return out
