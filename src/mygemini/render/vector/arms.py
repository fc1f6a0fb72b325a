"""Arms and hands for the gesture poses (life four-cuts): sleeves in the costume's colours, hands
that make the gesture (a wave, a V, a heart...), big enough to read at a four-cut cell (256x340).

Joint positions are in canvas units (512x680, viewer's left is x=0) and are shared with the
OpenPose-style skeleton that steers a diffusion model (`render.skeleton`), so both draw one pose.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from ..base import Pose
from .figure import Figure
from .paint import Palette, ellipse, f, group, path, pts

Point = tuple[float, float]


@dataclass(frozen=True)
class Arm:
    """One raised arm: shoulder → elbow → wrist, the hand's gesture and which way it points
    (degrees clockwise from straight up)."""

    shoulder: Point
    elbow: Point
    wrist: Point
    hand: str  # open, fist, peace, thumb, point, gun, flat, hidden, heart
    angle: float


L_SHOULDER: Point = (156.0, 486.0)  # the viewer's left, the character's right
R_SHOULDER: Point = (356.0, 486.0)


def _arm(side: str, elbow: Point, wrist: Point, hand: str, angle: float) -> Arm:
    shoulder = L_SHOULDER if side == "l" else R_SHOULDER
    return Arm(shoulder, elbow, wrist, hand, angle)


# (viewer-left arm, viewer-right arm); None: the arm hangs at the side, out of the picture.
GESTURES: dict[Pose, tuple[Arm | None, Arm | None]] = {
    Pose.WAVE: (None, _arm("r", (452, 430), (424, 300), "open", 12)),
    Pose.PEACE: (None, _arm("r", (436, 580), (392, 400), "peace", -8)),
    Pose.HEART_HANDS: (
        _arm("l", (118, 610), (216, 572), "heart", 0),
        _arm("r", (394, 610), (296, 572), "heart", 0),
    ),
    Pose.CHIN_REST: (None, _arm("r", (372, 676), (292, 446), "fist", -30)),
    Pose.FINGER_GUN: (None, _arm("r", (452, 560), (400, 432), "gun", -40)),
    Pose.THUMBS_UP: (None, _arm("r", (440, 600), (392, 500), "thumb", 0)),
    Pose.POINT: (None, _arm("r", (440, 452), (478, 372), "point", 34)),
    Pose.SALUTE: (None, _arm("r", (460, 380), (392, 262), "flat", -72)),
    Pose.FIST_PUMP: (None, _arm("r", (456, 570), (436, 420), "fist", 6)),
    Pose.ARMS_UP: (
        _arm("l", (74, 372), (92, 236), "open", -14),
        _arm("r", (438, 372), (420, 236), "open", 14),
    ),
    Pose.ARMS_CROSSED: (
        _arm("l", (140, 610), (332, 584), "hidden", 90),
        _arm("r", (372, 626), (176, 604), "hidden", -90),
    ),
    Pose.HANDS_ON_HIPS: (
        _arm("l", (52, 610), (118, 712), "hidden", 180),
        _arm("r", (460, 610), (394, 712), "hidden", 180),
    ),
}

_SLEEVE = 42.0  # sleeve width; a wide hanbok/kimono sleeve is 1.3 times that
_WIDE = frozenset({"hanbok", "kimono"})
_GLOVES = frozenset({"armor", "spacesuit"})


def joints(pose: Pose, seed: int | None = None) -> tuple[Arm | None, Arm | None]:
    """The arms of `pose`, nudged by the seed (a few canvas units and degrees) so two summons of
    one recipe do not hold their hands in exactly the same place."""
    arms = GESTURES.get(pose, (None, None))
    if seed is None:
        return arms
    rng = random.Random(seed ^ 0x5EED)
    return (_nudge(arms[0], rng), _nudge(arms[1], rng))


def _nudge(arm: Arm | None, rng: random.Random) -> Arm | None:
    if arm is None:
        return None
    dx, dy = rng.uniform(-8, 8), rng.uniform(-8, 8)
    ex, ey = rng.uniform(-6, 6), rng.uniform(-6, 6)
    return Arm(
        arm.shoulder,
        (arm.elbow[0] + ex, arm.elbow[1] + ey),
        (arm.wrist[0] + dx, arm.wrist[1] + dy),
        arm.hand,
        arm.angle + rng.uniform(-6, 6),
    )


def arms(fig: Figure) -> list[str]:
    """The gesture's arms and hands, drawn over the figure (hands come in front of the body)."""
    left, right = joints(fig.pose, fig.seed) if fig.pose in GESTURES else (None, None)
    drawn = [a for a in (left, right) if a is not None]
    if not drawn:
        return []
    primary, secondary, trim = fig.costume_colors
    sleeve = Palette.of(primary)
    cuff = Palette.of(trim)
    glove = Palette.of(secondary) if fig.costume in _GLOVES else fig.skin
    width = _SLEEVE * (1.3 if fig.costume in _WIDE else 1.0)
    lw = fig.line_width
    out: list[str] = []
    for arm in drawn:
        out += _sleeve(arm, sleeve, cuff, width, lw)
        if arm.hand == "heart":
            continue
        out.append(_hand(arm, glove, lw))
    if left is not None and right is not None and left.hand == "heart":
        out.append(_heart(left, right, glove, lw))
    return out


def _sleeve(arm: Arm, cloth: Palette, cuff: Palette, width: float, lw: float) -> list[str]:
    (sx, sy), (ex, ey), (wx, wy) = arm.shoulder, arm.elbow, arm.wrist
    d = f"M{pts(sx, sy)} L{pts(ex, ey)} L{pts(wx, wy)}"
    # the cuff: the last stretch of the forearm, in the trim colour
    length = math.hypot(wx - ex, wy - ey) or 1.0
    ux, uy = (wx - ex) / length, (wy - ey) / length
    cuff_d = f"M{pts(wx - ux * 16, wy - uy * 16)} L{pts(wx, wy)}"
    return [
        path(d, stroke=cloth.line, width=width + 2 * lw),
        path(d, stroke=cloth.base, width=width),
        f'<path d="{cuff_d}" fill="none" stroke="{cuff.base}" stroke-width="{f(width * 0.95)}"/>',
    ]


# Fingers of each hand as (angle from the hand's up, length, base x offset); the thumb separately.
_FINGERS: dict[str, list[tuple[float, float, float]]] = {
    "open": [(-28, 30, -12), (-9, 34, -4), (9, 33, 4), (27, 28, 12)],
    "peace": [(-12, 36, -6), (12, 36, 6)],
    "point": [(-4, 38, -9)],
    "gun": [(-4, 38, -9)],
    "flat": [(-3, 36, -9), (-1, 38, -3), (1, 38, 3), (3, 34, 9)],
}
_THUMB: dict[str, tuple[float, float]] = {
    "open": (-75, 24),
    "peace": (-60, 16),
    "thumb": (0, 30),
    "gun": (-70, 24),
    "flat": (-40, 14),
}


def _hand(arm: Arm, skin: Palette, lw: float) -> str:
    if arm.hand == "hidden":
        return ""
    wx, wy = arm.wrist
    # the palm sits past the wrist, along the hand's direction
    a = math.radians(arm.angle)
    cx, cy = wx + 20 * math.sin(a), wy - 20 * math.cos(a)
    fingers = list(_FINGERS.get(arm.hand, []))
    thumb = _THUMB.get(arm.hand)
    strokes = [_stroke(base, -10, ang, length) for ang, length, base in fingers]
    if thumb is not None:
        ang, length = thumb
        # a thumbs-up is a fist seen from the side: the thumb rises from its top edge
        bx = -14 if arm.hand != "thumb" else -6
        by = 0 if arm.hand != "thumb" else -16
        strokes.append(_stroke(bx, by, ang, length))
    d = " ".join(strokes)
    finger_w = 11.0
    closed = arm.hand in ("fist", "peace", "thumb", "point", "gun")
    rx, ry = (21, 18) if closed and arm.hand != "thumb" else (18, 22)
    palm = ellipse(0, 0, rx, ry, skin.base, stroke=skin.line, stroke_width=f(lw))
    parts = []
    if d:
        parts.append(path(d, stroke=skin.line, width=finger_w + 2 * lw))
    parts.append(palm)
    if d:
        parts.append(path(d, stroke=skin.base, width=finger_w))
    if arm.hand == "thumb":
        # the curled fingers seen from the side: creases across the front of the fist
        parts.append(
            path(
                f"M{pts(2, -8)} h10 M{pts(2, 1)} h12 M{pts(2, 10)} h10",
                stroke=skin.shade,
                width=lw * 0.9,
            )
        )
    elif closed:
        # curled fingers: knuckle creases across the fist
        parts.append(
            path(
                f"M{pts(-14, -4)} Q{pts(-6, 0, 0, -4)} Q{pts(6, 0, 14, -4)}",
                stroke=skin.shade,
                width=lw * 0.9,
            )
        )
    # hands are drawn a little large, so a gesture still reads in a 256x340 four-cut cell
    return group(parts, transform=f"translate({f(cx)} {f(cy)}) rotate({f(arm.angle)}) scale(1.2)")


def _stroke(x: float, y: float, angle: float, length: float) -> str:
    """A finger: a line from (x, y) `length` long, `angle` degrees clockwise from up."""
    a = math.radians(angle)
    return f"M{pts(x, y)} L{pts(x + length * math.sin(a), y - length * math.cos(a))}"


def _heart(left: Arm, right: Arm, skin: Palette, lw: float) -> str:
    """Two hands curled into a heart in front of the chest, joined at the fingertips."""
    cx = (left.wrist[0] + right.wrist[0]) / 2
    top = min(left.wrist[1], right.wrist[1]) - 64
    s = 34.0
    d = (
        f"M{pts(left.wrist[0] + 4, left.wrist[1] - 4)} "
        f"C{pts(cx - s * 1.9, top + s * 0.6, cx - s * 0.9, top - s * 0.7, cx, top + s * 0.35)} "
        f"C{pts(cx + s * 0.9, top - s * 0.7, cx + s * 1.9, top + s * 0.6)} "
        f"{pts(right.wrist[0] - 4, right.wrist[1] - 4)}"
    )
    tip = (
        f"M{pts(left.wrist[0] + 4, left.wrist[1] - 4)} L{pts(cx, top + s * 2.2)} "
        f"L{pts(right.wrist[0] - 4, right.wrist[1] - 4)}"
    )
    return group(
        [
            path(d, stroke=skin.line, width=20 + 2 * lw),
            path(tip, stroke=skin.line, width=14 + 2 * lw),
            path(d, stroke=skin.base, width=20),
            path(tip, stroke=skin.base, width=14),
        ]
    )
