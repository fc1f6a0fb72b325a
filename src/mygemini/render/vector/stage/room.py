"""What every room shares: its wall colour under the light, lamp-lit surfaces, and windows onto the
outdoors (where the time of day and the weather show)."""

from __future__ import annotations

from ..paint import adjust, f, mix, path, pts, rect
from . import sky
from .kit import Stage, arch_d
from .words import ScenePlan, Time

# The flat colour under each room's SVG (its main wall).
WALLS = {
    "tavern": "#7a4e32",
    "castle_hall": "#b7adc4",
    "dungeon": "#33323f",
    "library": "#6b4430",
    "spaceship": "#1c2233",
    "classroom": "#f1e6cf",
}


def wall_color(plan: ScenePlan) -> str:
    """The room's main wall under its light, painted flat by Pillow under the SVG layers."""
    return _light(plan.time, WALLS[plan.scene]) if plan.scene != "spaceship" else WALLS[plan.scene]


def lit(st: Stage, color: str) -> str:
    return _light(st.plan.time, color)


def _light(time: Time, color: str) -> str:
    """A lamp-lit interior surface: the room stays warm at night, a little dimmer and cooler."""
    if time is Time.NIGHT:
        return mix(color, "#2a1830", 0.28)
    if time is Time.SUNSET:
        return mix(color, "#ff9a6a", 0.08)
    return color


def window(st: Stage, x: float, y: float, w: float, h: float, frame: str, clip: str) -> list[str]:
    shape = arch_d(x, y, w, h)
    out = sky.window_view(st, shape, (x, y, x + w, y + h), clip)
    bars = f"M{pts(x + w / 2, y)}V{f(y + h)}M{pts(x, y + h * 0.55)}H{f(x + w)}"
    out.append(path(bars, stroke=frame, width=7))
    out.append(path(shape, stroke=frame, width=12))
    out.append(rect(x - 14, y + h, w + 28, 12, adjust(frame, 0.06)))
    return out
