"""Accessories (by layer) and the expression marks around the head (sweat, tears, sparkles...)."""

from __future__ import annotations

import colorsys

from .face import _eye_centres
from .figure import EYE_Y, HEAD_X, Figure
from .paint import Palette, circle, ellipse, f, group, heart, path, pts, rgb, sparkle


def behind(fig: Figure) -> list[str]:
    """Drawn right after the background: wings."""
    if fig.item != "wings":
        return []
    out = []
    for sign in (-1, 1):
        feathers = []
        for i in range(5):
            y = 330 + i * 40
            feathers.append(
                path(
                    f"M{pts(HEAD_X + sign * 110, y)} "
                    f"Q{pts(HEAD_X + sign * (250 - i * 10), y - 120 + i * 10)} "
                    f"{pts(HEAD_X + sign * (260 - i * 18), y + 10)} "
                    f"Q{pts(HEAD_X + sign * (190 - i * 10), y + 30, HEAD_X + sign * 110, y + 40)}Z",
                    fill="#ffffff" if i % 2 == 0 else "#eef2ff",
                    stroke="#a9b4d6",
                    width=2,
                )
            )
        out.append(group(feathers))
    return out


def under_hair(fig: Figure) -> list[str]:
    """Items whose base the hair covers: ears and horns; glasses sit under the bangs too."""
    s = 8 * fig.turn
    if fig.item == "cat_ears":
        h = fig.hair
        out = []
        for sign in (-1, 1):
            bx = HEAD_X + sign * 70 + s
            outer = (
                f"M{pts(bx - sign * 34, 150)} L{pts(bx + sign * 16, 52)} "
                f"L{pts(bx + sign * 44, 160)}Z"
            )
            inner = (
                f"M{pts(bx - sign * 16, 146)} L{pts(bx + sign * 14, 78)} "
                f"L{pts(bx + sign * 30, 150)}Z"
            )
            out.append(path(outer, fill=h.base, stroke=h.line, width=fig.line_width))
            out.append(path(inner, fill="#ffc0cf"))
        return out
    if fig.item == "horns":
        out = []
        for sign in (-1, 1):
            bx = HEAD_X + sign * 60 + s
            d = (
                f"M{pts(bx - 14, 140)} "
                f"C{pts(bx - sign * 4, 100, bx + sign * 30, 80, bx + sign * 44, 40)} "
                f"C{pts(bx + sign * 20, 90, bx + 16, 110, bx + 16, 140)}Z"
            )
            out.append(path(d, fill="#3a2540", stroke="#1c1020", width=fig.line_width))
            out.append(
                path(
                    f"M{pts(bx, 128)} "
                    f"C{pts(bx + sign * 10, 100, bx + sign * 26, 80, bx + sign * 36, 58)}",
                    stroke="#7a5a8a",
                    width=3,
                )
            )
        return out
    return []


def glasses(fig: Figure) -> list[str]:
    if fig.item != "glasses":
        return []
    out = []
    centres = _eye_centres(fig)
    for _, x, squeeze in centres:
        out.append(ellipse(x + 2, EYE_Y + 2, 32 * squeeze, 30, "#dff1ff", opacity="0.18"))
        out.append(
            ellipse(
                x + 2, EYE_Y + 2, 32 * squeeze, 30, "none", stroke="#3b3340", stroke_width="3.5"
            )
        )
        out.append(
            path(
                f"M{pts(x - 14 * squeeze, EYE_Y - 16)} l{pts(12 * squeeze, 20)}",
                stroke="#ffffff",
                width=3,
                opacity="0.7",
            )
        )
    (_, lx, ls), (_, rx, rs) = centres
    out.append(
        path(
            f"M{pts(lx + 32 * ls, EYE_Y)} Q{pts((lx + rx) / 2, EYE_Y - 10, rx - 30 * rs, EYE_Y)}",
            stroke="#3b3340",
            width=3,
        )
    )
    return out


def over_hair(fig: Figure) -> list[str]:
    s = 8 * fig.turn
    item = fig.item
    if item == "halo":
        return [
            ellipse(
                HEAD_X + s, 66, 80, 18, "none", stroke="#fff3a0", stroke_width="14", opacity="0.45"
            ),
            ellipse(HEAD_X + s, 66, 80, 18, "none", stroke="#ffd84a", stroke_width="7"),
        ]
    if item == "ribbon":
        color = "#3d5ad8" if _reddish(fig.hair.base) else "#e9486a"
        p = Palette.of(color)
        cx, cy = 322 + s, 128
        return [
            path(
                f"M{pts(cx, cy)} L{pts(cx - 44, cy - 34)} Q{pts(cx - 56, cy, cx - 44, cy + 30)}Z",
                fill=p.base,
                stroke=p.line,
                width=2.5,
            ),
            path(
                f"M{pts(cx, cy)} L{pts(cx + 44, cy - 34)} Q{pts(cx + 56, cy, cx + 44, cy + 30)}Z",
                fill=p.base,
                stroke=p.line,
                width=2.5,
            ),
            path(
                f"M{pts(cx - 4, cy + 4)} L{pts(cx - 16, cy + 52)} L{pts(cx, cy + 42)}Z "
                f"M{pts(cx + 4, cy + 4)} L{pts(cx + 18, cy + 50)} L{pts(cx + 4, cy + 42)}Z",
                fill=p.shade,
                stroke=p.line,
                width=2,
            ),
            circle(cx, cy, 10, p.shade, stroke=p.line, stroke_width="2.5"),
        ]
    if item == "headphones":
        out = [
            path(
                f"M{pts(150 + s, 280)} C{pts(140 + s, 60, 372 + s, 60, 362 + s, 280)}",
                stroke="#3a3f58",
                width=12,
            )
        ]
        for sign in (-1, 1):
            x = HEAD_X + sign * 110 + s
            out.append(ellipse(x, 290, 22, 38, "#4a5070", stroke="#22263a", stroke_width="3"))
            out.append(ellipse(x + sign * 4, 290, 10, 24, "#7cf0ff", opacity="0.8"))
        return out
    if item == "flower_crown":
        out = [
            path(
                f"M{pts(150 + s, 180)} Q{pts(256 + s, 118, 362 + s, 180)}",
                stroke="#5f9a50",
                width=6,
            )
        ]
        colors = ["#ffffff", "#ffd1e0", "#ffe680", "#c9b6ff"]
        for i in range(7):
            t = i / 6
            x = (1 - t) ** 2 * 150 + 2 * (1 - t) * t * 256 + t**2 * 362 + s
            y = (1 - t) ** 2 * 180 + 2 * (1 - t) * t * 118 + t**2 * 180
            petals = [
                ellipse(
                    0,
                    -8,
                    6,
                    9,
                    colors[i % 4],
                    transform=f"rotate({a})",
                    stroke="#d89aa8",
                    stroke_width="1",
                )
                for a in range(0, 360, 72)
            ]
            out.append(
                group(
                    [*petals, circle(0, 0, 4.5, "#f6b73c")], transform=f"translate({f(x)} {f(y)})"
                )
            )
        return out
    return []


def _reddish(color: str) -> bool:
    # A red or pink ribbon would vanish in red or pink hair.
    hue, _, sat = colorsys.rgb_to_hls(*rgb(color))
    return sat > 0.35 and (hue < 0.04 or hue > 0.85)


def face_marks(fig: Figure) -> list[str]:
    """Marks painted on the face itself, under the hair."""
    return marks(fig) if fig.mark in ("shade", "gloom", "tears") else []


def head_marks(fig: Figure) -> list[str]:
    """Marks floating around the head, over everything."""
    return [] if fig.mark in ("shade", "gloom", "tears") else marks(fig)


def marks(fig: Figure) -> list[str]:
    s = fig.shift
    mark = fig.mark
    if mark == "sparkle":
        return [
            sparkle(150 + s, 190, 16, "#fff4a8"),
            sparkle(372 + s, 230, 12, "#ffffff"),
            sparkle(360 + s, 150, 8, "#fff4a8"),
        ]
    if mark == "zzz":
        out = []
        for i, size in enumerate((18.0, 13.0, 9.0)):
            x, y = 360 + i * 22 + s, 200 - i * 26
            out.append(
                path(
                    f"M{pts(x, y)} l{pts(size, 0)} l{pts(-size, size)} l{pts(size, 0)}",
                    stroke="#6a7bd8",
                    width=3.5,
                )
            )
        return out
    if mark == "sweat":
        x = 350 + s
        return [
            path(
                f"M{pts(x, 222)} Q{pts(x - 12, 246, x, 252)} Q{pts(x + 12, 246, x, 222)}Z",
                fill="#a8dcff",
                stroke="#5a9ad8",
                width=2,
            ),
            circle(x - 3, 244, 2.5, "#ffffff"),
        ]
    if mark == "anger":
        x, y = 322 + s, 212
        d = " ".join(
            f"M{pts(x + dx, y + dy)} "
            f"q{pts(dx * 0.3 + dy * 0.5, dy * 0.3 - dx * 0.5, dx * 0.9, dy * 0.9)}"
            for dx, dy in ((8, 0), (-8, 0), (0, 8), (0, -8))
        )
        return [path(d, stroke="#e03040", width=3.5)]
    if mark == "tears":
        out = []
        for side, x, squeeze in _eye_centres(fig):
            tx = x + side * 10 * squeeze
            out.append(
                path(
                    f"M{pts(tx, 322)} "
                    f"C{pts(tx + side * 4, 350, tx - side * 2, 370, tx + side * 2, 396)}",
                    stroke="#9fd8ff",
                    width=5,
                    opacity="0.85",
                )
            )
            out.append(
                path(
                    f"M{pts(tx + side * 2, 398)} q{pts(-6, 8, 0, 12)} q{pts(6, -4, 0, -12)}Z",
                    fill="#9fd8ff",
                )
            )
        return out
    if mark in ("shade", "gloom"):
        color = "#3a1f5a" if mark == "shade" else "#1f2f6a"
        out = [
            f'<linearGradient id="shadeGrad" x1="0" y1="0" x2="0" '
            f'y2="1"><stop offset="0" stop-color="{color}" '
            f'stop-opacity="0.65"/><stop offset="1" '
            f'stop-color="{color}" stop-opacity="0"/></linearGradient>'
        ]
        out.append(
            group(
                [
                    path(
                        f"M{pts(120, 230)} L{pts(400, 230)} L{pts(400, 350)} L{pts(120, 350)}Z",
                        fill="url(#shadeGrad)",
                    )
                ],
                clip_path="url(#faceClip)",
            )
        )
        if mark == "gloom":
            lines = " ".join(
                f"M{pts(214 + i * 16 + s, 236)} l{pts(0, 40 - (i % 2) * 10)}" for i in range(6)
            )
            out.append(
                group(
                    [path(lines, stroke="#2a3a8a", width=2.5, opacity="0.8")],
                    clip_path="url(#faceClip)",
                )
            )
        return out
    if mark == "hearts":
        return [
            heart(150 + s, 200, 14, "#ff5f9a"),
            heart(370 + s, 170, 10, "#ff8fb8"),
            heart(380 + s, 250, 7, "#ff5f9a"),
        ]
    return []
