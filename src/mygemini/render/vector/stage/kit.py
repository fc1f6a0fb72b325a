"""The stage's drawing kit: the per-render state and the shapes several scenes share."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..paint import circles_d, f, mix, pts, radial
from .words import ScenePlan, Time, Weather

W, H = 960, 540  # the stage's canvas, in SVG units (16:9)


@dataclass
class Stage:
    """One scene being drawn: its plan, its seeded dice, and the props already drawn natively."""

    plan: ScenePlan
    rng: random.Random
    hue: float  # a small, seeded sky hue jitter (degrees)
    horizon: float = 380.0
    handled: set[str] = field(default_factory=set)
    defs: list[str] = field(default_factory=list)
    _defined: set[str] = field(default_factory=set)

    def has(self, prop: str) -> bool:
        return prop in self.plan.props

    @property
    def night(self) -> bool:
        return self.plan.time is Time.NIGHT

    @property
    def sunset(self) -> bool:
        return self.plan.time is Time.SUNSET

    def tone(self, color: str) -> str:
        """A surface colour under this scene's light: cooler and darker at night, warmer at
        sunset, greyer in the rain."""
        if self.plan.time is Time.NIGHT:
            color = mix(color, "#141a44", 0.58)
        elif self.plan.time is Time.SUNSET:
            color = mix(color, "#e0705e", 0.22)
        if self.plan.weather is Weather.RAIN:
            color = mix(color, "#6f7889", 0.2)
        elif self.plan.weather is Weather.SNOW:
            color = mix(color, "#dfe7f2", 0.12)
        return color

    def define(self, gid: str, definition: str) -> str:
        """Add a gradient or clip path to <defs> once per render; its url."""
        if gid not in self._defined:
            self._defined.add(gid)
            self.defs.append(definition)
        return f"url(#{gid})"

    def glow(self, gid: str, color: str, strength: float = 0.55) -> str:
        """A radial glow gradient's url."""
        return self.define(gid, radial(gid, [(0, color, strength), (1, color, 0.0)]))


def pine_d(x: float, base: float, h: float, w: float) -> str:
    """A three-tier pine silhouette standing on (x, base)."""
    out = [f"M{pts(x - w * 0.08, base)}h{f(w * 0.16)}v{f(-h * 0.2)}h{f(-w * 0.16)}Z"]
    for k, (top, bottom, half) in enumerate(
        ((0.0, 0.45, 0.3), (0.22, 0.7, 0.4), (0.45, 0.92, 0.5))
    ):
        ty, by = base - h + top * h, base - h + bottom * h
        jag = w * 0.06 * (k + 1)
        out.append(
            f"M{pts(x, ty)}L{pts(x + w * half, by)}L{pts(x + w * half * 0.4, by - jag)}"
            f"L{pts(x, by + jag * 0.2)}L{pts(x - w * half * 0.4, by - jag)}"
            f"L{pts(x - w * half, by)}Z"
        )
    return "".join(out)


def snowcap_d(x: float, base: float, h: float, w: float) -> str:
    """Snow resting on each tier of `pine_d`."""
    out = []
    for top, half in ((0.0, 0.3), (0.22, 0.4), (0.45, 0.5)):
        ty = base - h + top * h
        out.append(
            f"M{pts(x, ty)}L{pts(x + w * half * 0.42, ty + h * 0.2)}Q{pts(x, ty + h * 0.14)} "
            f"{pts(x - w * half * 0.42, ty + h * 0.2)}Z"
        )
    return "".join(out)


def canopy(rng: random.Random, x: float, y: float, r: float) -> list[tuple[float, float, float]]:
    """A round tree's leaf mass as overlapping circles centred near (x, y)."""
    dots = [(x, y, r)]
    for _ in range(5):
        dots.append(
            (
                x + rng.uniform(-r, r) * 0.8,
                y + rng.uniform(-r, r * 0.5) * 0.6,
                r * rng.uniform(0.5, 0.75),
            )
        )
    return dots


def cloud_d(x: float, y: float, w: float) -> str:
    """A flat-bottomed cumulus puff."""
    r = w / 4
    dots = [
        (x - r * 1.2, y, r * 0.8),
        (x - r * 0.3, y - r * 0.5, r * 1.05),
        (x + r * 0.7, y - r * 0.2, r * 0.85),
        (x + r * 1.4, y + r * 0.1, r * 0.6),
    ]
    base = f"M{pts(x - r * 2, y + r * 0.6)}h{f(r * 4)}v{f(-r * 0.5)}h{f(-r * 4)}Z"
    return circles_d(dots) + base


def arch_d(x: float, y: float, w: float, h: float) -> str:
    """A round-topped opening: (x, y) its top-left, h its total height."""
    r = w / 2
    return f"M{pts(x, y + h)}V{f(y + r)}A{pts(r, r)} 0 0 1 {pts(x + w, y + r)}V{f(y + h)}Z"


def flame_d(x: float, base: float, h: float) -> str:
    """A teardrop flame whose foot is (x, base)."""
    w = h * 0.42
    return (
        f"M{pts(x, base - h)}C{pts(x + w * 0.3, base - h * 0.6, x + w, base - h * 0.35, x, base)}"
        f"C{pts(x - w, base - h * 0.35, x - w * 0.3, base - h * 0.6, x, base - h)}Z"
    )
