"""Backgrounds. Each fills the whole canvas; the seed places stars, petals, windows and books."""

from __future__ import annotations

import random

from .figure import HEIGHT, WIDTH, Figure
from .paint import (
    adjust,
    circle,
    circles_d,
    ellipse,
    f,
    group,
    linear,
    path,
    pts,
    radial,
    rect,
    rects_d,
    sparkle,
)

Stops = list[tuple[float, str]]


def background(fig: Figure) -> tuple[Stops, list[str]]:
    """The sky gradient (painted by Pillow underneath: a full-canvas SVG gradient costs resvg
    ~40 ms) and the SVG layers drawn over it."""
    rng = random.Random(fig.seed ^ 0x5EED)
    draw = _SCENES.get(fig.scene, _studio)
    return draw(fig, rng)


def _sky(fig: Figure, colors: list[str]) -> Stops:
    stops = [(i / (len(colors) - 1), adjust(c, hue=fig.scene_hue)) for i, c in enumerate(colors)]
    return stops


def _starry_night(fig: Figure, rng: random.Random) -> tuple[Stops, list[str]]:
    sky = _sky(fig, ["#0b1333", "#26306b", "#5a4f9a", "#9c7fc0"])
    out: list[str] = []
    stars: list[list[tuple[float, float, float]]] = [[], [], []]
    for _ in range(70):
        dot = (rng.uniform(0, WIDTH), rng.uniform(0, 520), rng.uniform(0.6, 2.0))
        stars[rng.randrange(3)].append(dot)
    for alpha, dots in zip(("0.45", "0.7", "1"), stars, strict=True):
        out.append(path(circles_d(dots), fill="#ffffff", opacity=alpha))
    for _ in range(6):
        out.append(
            sparkle(
                rng.uniform(20, WIDTH - 20), rng.uniform(20, 400), rng.uniform(6, 12), "#fff6c8"
            )
        )
    out.append(circle(84, 92, 40, "#fff3c4"))
    out.append(circle(102, 80, 36, adjust("#1b2250", hue=fig.scene_hue)))
    out.append(
        path(
            "M0 600 Q80 560 160 600 T320 600 T512 590 L512 680 L0 680Z",
            fill="#d5c4ec",
            opacity="0.5",
        )
    )
    return sky, out


def _cherry_blossom(fig: Figure, rng: random.Random) -> tuple[Stops, list[str]]:
    sky = _sky(fig, ["#a9dcff", "#dcefff", "#ffe3ee"])
    out: list[str] = []
    out.append(
        path(
            "M512 40 Q420 70 380 30 M512 120 Q440 140 400 "
            "190 M0 60 Q80 90 120 50 M0 150 Q60 160 90 210",
            stroke="#7a4b45",
            width=9,
        )
    )
    for _ in range(34):
        cx = rng.choice([rng.uniform(360, 512), rng.uniform(0, 140)])
        cy = rng.uniform(10, 230)
        out.append(
            circle(
                cx,
                cy,
                rng.uniform(12, 24),
                rng.choice(["#ffc4d6", "#ffb0c8", "#ffd9e4"]),
                opacity="0.95",
            )
        )
    for _ in range(26):
        x, y, a = rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT), rng.uniform(0, 180)
        out.append(
            ellipse(0, 0, 6, 3.5, "#ff9fbd", transform=f"translate({f(x)} {f(y)}) rotate({f(a)})")
        )
    return sky, out


def _classroom(fig: Figure, rng: random.Random) -> tuple[Stops, list[str]]:
    sky = _sky(fig, ["#f3e7d3", "#f3e7d3"])
    out: list[str] = []
    out.append(rect(300, 120, 240, 200, "#2f5a48", stroke="#8a6a48", stroke_width="10"))
    out.append(
        path(
            "M330 170 q20 -10 40 0 M330 200 l60 0 M420 160 q10 20 30 10",
            stroke="#e8f0e8",
            width=3,
            opacity="0.8",
        )
    )
    out.append(linear("bgWin", [(0, "#7cc4ff"), (1, "#d6efff")], (-10, 60, 220, 330)))
    out.append(rect(-10, 60, 220, 330, "url(#bgWin)", stroke="#c8b290", stroke_width="12"))
    out.append(path("M100 60 L100 390 M-10 220 L210 220", stroke="#c8b290", width=10))
    for _ in range(3):
        cx, cy = rng.uniform(10, 190), rng.uniform(90, 200)
        out.append(ellipse(cx, cy, 26, 10, "#ffffff", opacity="0.9"))
    out.append(path("M0 0 L220 0 L512 680 L300 680Z", fill="#fff7d6", opacity="0.25"))
    out.append(rect(0, 560, WIDTH, 120, "#d9c3a0"))
    return sky, out


def _sunset_beach(fig: Figure, rng: random.Random) -> tuple[Stops, list[str]]:
    sky = _sky(fig, ["#3d2c6e", "#c0548a", "#ff9a6a", "#ffd08a"])
    out: list[str] = []
    out.append(circle(392, 462, 64, "#fff0b0", opacity="0.95"))
    out.append(linear("bgSea", [(0, "#5f6fb8"), (1, "#283a7a")], (0, 470, WIDTH, 210)))
    out.append(rect(0, 470, WIDTH, 210, "url(#bgSea)"))
    for i in range(9):
        y = 485 + i * 20
        w = rng.uniform(40, 120)
        out.append(rect(256 - w / 2 + rng.uniform(-30, 30), y, w, 3, "#ffe1a0", opacity="0.7"))
    for _ in range(4):
        bx, by = rng.uniform(60, 460), rng.uniform(80, 300)
        out.append(
            path(
                f"M{pts(bx - 10, by)} q{pts(5, -6, 10, 0)} q{pts(5, -6, 10, 0)}",
                stroke="#3b2a4a",
                width=2,
            )
        )
    return sky, out


def _neon_city(fig: Figure, rng: random.Random) -> tuple[Stops, list[str]]:
    sky = _sky(fig, ["#120a2a", "#2b1456", "#6a2c7a"])
    out: list[str] = []
    windows: list[list[tuple[float, float, float, float]]] = [[], [], []]
    x = -10.0
    while x < WIDTH:
        w, h = rng.uniform(50, 90), rng.uniform(180, 420)
        out.append(rect(x, HEIGHT - h, w, h, "#1a1238", stroke="#3a2a6a", stroke_width="2"))
        for wy in range(int(HEIGHT - h + 14), int(HEIGHT), 22):
            for wx in range(int(x + 8), int(x + w - 10), 16):
                if rng.random() < 0.45:
                    windows[rng.randrange(3)].append((wx, wy, 8, 10))
        x += w + rng.uniform(2, 12)
    for color, boxes in zip(("#ffd86b", "#7cf0ff", "#ff7ad9"), windows, strict=True):
        out.append(path(rects_d(boxes), fill=color, opacity="0.8"))
    out.append(
        '<filter id="glow" x="-50%" y="-50%" width="200%" '
        'height="200%"><feGaussianBlur stdDeviation="5"/></filter>'
    )
    for color, (sx, sy) in (("#ff3fd2", (40, 150)), ("#31f0ff", (380, 210))):
        sign = rect(sx, sy, 96, 34, "none", rx="10", stroke=color, stroke_width="5")
        out.append(group([sign], filter="url(#glow)"))
        out.append(sign)
    return sky, out


def _forest(fig: Figure, rng: random.Random) -> tuple[Stops, list[str]]:
    sky = _sky(fig, ["#cfeec0", "#7fbf7a", "#3d7a4f"])
    out: list[str] = []
    for _ in range(7):
        tx, tw = rng.uniform(-20, WIDTH), rng.uniform(24, 54)
        shade = rng.choice(["#5c4033", "#6e4f3a", "#4a3a30"])
        out.append(rect(tx, 0, tw, HEIGHT, shade, opacity=f"{rng.uniform(0.5, 0.9):.2f}"))
    for _ in range(16):
        out.append(
            circle(
                rng.uniform(0, WIDTH),
                rng.uniform(0, 240),
                rng.uniform(40, 80),
                rng.choice(["#4f9a55", "#6bb565", "#3f8048"]),
                opacity="0.9",
            )
        )
    out.append(path("M120 0 L200 0 L420 680 L300 680Z", fill="#fffbd0", opacity="0.25"))
    for _ in range(12):
        out.append(
            circle(
                rng.uniform(0, WIDTH),
                rng.uniform(200, 680),
                rng.uniform(4, 12),
                "#fffbd0",
                opacity="0.5",
            )
        )
    return sky, out


def _library(fig: Figure, rng: random.Random) -> tuple[Stops, list[str]]:
    sky = _sky(fig, ["#5a3a28", "#4a3020"])
    out: list[str] = []
    palette = ["#a83a3a", "#3a5aa8", "#3a8a5a", "#c9a23a", "#7a3a8a", "#d9d2c0"]
    books: list[list[tuple[float, float, float, float]]] = [[] for _ in palette]
    shelves = []
    for shelf in range(5):
        y = 20 + shelf * 130
        x = 6.0
        while x < WIDTH - 10:
            w = rng.uniform(12, 26)
            h = rng.uniform(80, 110)
            books[rng.randrange(len(palette))].append((x, y + 112 - h, w - 2, h))
            x += w
        shelves.append((0.0, y + 112.0, WIDTH, 14.0))
    for color, boxes in zip(palette, books, strict=True):
        out.append(path(rects_d(boxes), fill=color, opacity="0.9"))
    out.append(path(rects_d(shelves), fill="#3a2418"))
    out.append(radial("bgLamp", [(0, "#ffd88a", 0.55), (1, "#ffd88a", 0.0)], (256, 300, 320, 320)))
    out.append(circle(256, 300, 320, "url(#bgLamp)"))
    return sky, out


def _studio(fig: Figure, rng: random.Random) -> tuple[Stops, list[str]]:
    sky = _sky(fig, ["#ffe3f1", "#e6e0ff", "#d4f0ff"])
    out: list[str] = []
    for _ in range(14):
        out.append(
            circle(
                rng.uniform(0, WIDTH),
                rng.uniform(0, HEIGHT),
                rng.uniform(10, 40),
                rng.choice(["#ffffff", "#ffd1ea", "#cfe4ff"]),
                opacity="0.55",
            )
        )
    out.append(ellipse(256, 640, 220, 50, "#b9a8e6", opacity="0.3"))
    return sky, out


_SCENES = {
    "starry_night": _starry_night,
    "cherry_blossom": _cherry_blossom,
    "classroom": _classroom,
    "sunset_beach": _sunset_beach,
    "neon_city": _neon_city,
    "forest": _forest,
    "library": _library,
    "studio": _studio,
}
