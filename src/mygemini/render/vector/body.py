"""Neck, shoulders and the costume drawn over them."""

from __future__ import annotations

from .figure import HEAD_X, Figure
from .paint import Palette, circle, ellipse, f, group, linear, path, pts, rect


def _torso(fig: Figure) -> str:
    w = 24.0 if fig.male else 0.0
    s = -6 * fig.turn
    # The far shoulder draws in a little when the body turns.
    left_in = 14 * max(0.0, -fig.turn)
    right_in = 14 * max(0.0, fig.turn)
    return (
        f"M{pts(44 - w + left_in + s, 680)} "
        f"C{pts(52 - w + left_in + s, 540, 120 - w / 2 + s, 480, 206 + s, 448)} "
        f"L{pts(306 + s, 448)} "
        f"C{pts(392 + w / 2 + s, 480, 460 + w - right_in + s, 540, 468 + w - right_in + s, 680)}Z"
    )


def _torso_box(fig: Figure) -> tuple[float, float, float, float]:
    w = 24.0 if fig.male else 0.0
    s = -6 * fig.turn
    left = 44 - w + 14 * max(0.0, -fig.turn) + s
    right = 468 + w - 14 * max(0.0, fig.turn) + s
    return left, 448.0, right - left, 232.0


def neck(fig: Figure) -> list[str]:
    skin = fig.skin
    w = 36.0 if fig.male else 30.0
    x = HEAD_X + 6 * fig.turn
    d = f"M{pts(x - w, 360)} L{pts(x - w - 2, 470)} L{pts(x + w + 2, 470)} L{pts(x + w, 360)}Z"
    return [
        path(d, fill=skin.base, stroke=skin.line, width=fig.line_width * 0.8),
        path(
            f"M{pts(x - w, 380)} Q{pts(x, 430, x + w, 380)} L{pts(x + w, 360)} L{pts(x - w, 360)}Z",
            fill=skin.shade,
        ),
    ]


def costume(fig: Figure) -> list[str]:
    primary, secondary, trim = fig.costume_colors
    p = Palette.of(primary)
    lw = fig.line_width
    torso = _torso(fig)
    out = [
        linear("clothGrad", [(0, p.light), (0.5, p.base), (1, p.shade)], _torso_box(fig), x2=0.3),
        path(torso, fill="url(#clothGrad)", stroke=p.line, width=lw),
    ]
    x = HEAD_X
    draw = _COSTUMES.get(fig.costume, _hoodie)
    details = draw(fig, x, p, Palette.of(secondary), Palette.of(trim), lw)
    # Details are drawn for a collar at y=462; lift the collar to the shoulders (y=450) while
    # keeping the hem at the bottom edge.
    out.append(group(details, transform="matrix(1 0 0 1.055 0 -37.4)"))
    return out


def _neckline(fig: Figure, x: float, depth: float, fill: str) -> str:
    """The skin V (or U) showing under the collar."""
    return path(f"M{pts(x - 34, 462)} L{pts(x, 462 + depth)} L{pts(x + 34, 462)}Z", fill=fill)


def _hanbok(fig: Figure, x: float, p: Palette, s: Palette, t: Palette, lw: float) -> list[str]:
    return [
        _neckline(fig, x, 70, fig.skin.base),
        path(
            f"M{pts(x - 48, 462)} L{pts(x + 20, 560)} L{pts(x + 34, 546)} L{pts(x - 30, 462)}Z",
            fill=t.base,
            stroke=s.line,
            width=lw * 0.6,
        ),
        path(
            f"M{pts(x + 48, 462)} L{pts(x - 6, 540)} L{pts(x + 8, 552)} L{pts(x + 64, 470)}Z",
            fill=s.base,
            stroke=s.line,
            width=lw * 0.6,
        ),
        path(f"M{pts(x - 50, 462)} L{pts(x + 20, 566)}", stroke=s.base, width=8),
        ellipse(x + 30, 574, 20, 10, s.base, stroke=s.line, stroke_width=f(lw * 0.6)),
        path(
            f"M{pts(x + 24, 580)} C{pts(x + 10, 620, x + 20, 650, x + 6, 680)} "
            f"L{pts(x + 30, 680)} C{pts(x + 36, 640, x + 30, 610, x + 34, 582)}Z",
            fill=s.base,
            stroke=s.line,
            width=lw * 0.6,
        ),
        path(
            f"M{pts(x + 38, 580)} C{pts(x + 56, 620, x + 52, 650, x + 66, 680)} "
            f"L{pts(x + 84, 680)} C{pts(x + 70, 640, x + 64, 610, x + 46, 578)}Z",
            fill=s.shade,
            stroke=s.line,
            width=lw * 0.6,
        ),
        path(
            f"M{pts(80, 640)} Q{pts(120, 600, 150, 640)} "
            f"M{pts(362, 640)} Q{pts(392, 600, 432, 640)}",
            stroke=s.base,
            width=10,
            opacity="0.85",
        ),
    ]


def _kimono(fig: Figure, x: float, p: Palette, s: Palette, t: Palette, lw: float) -> list[str]:
    out = [_neckline(fig, x, 78, fig.skin.base)]
    out.append(
        path(
            f"M{pts(x - 40, 462)} L{pts(x + 14, 560)} L{pts(x + 26, 552)} L{pts(x - 26, 462)}Z",
            fill=t.base,
        )
    )
    out.append(
        path(
            f"M{pts(x + 40, 462)} L{pts(x - 4, 540)} L{pts(x + 8, 548)} L{pts(x + 54, 466)}Z",
            fill=t.base,
        )
    )
    out.append(
        path(
            f"M{pts(x - 44, 462)} L{pts(x + 30, 600)} M{pts(x + 48, 462)} L{pts(x - 6, 548)}",
            stroke=p.line,
            width=lw * 0.8,
        )
    )
    for i, (cx, cy) in enumerate(
        [(120, 560), (170, 620), (360, 580), (410, 640), (300, 640), (90, 660), (430, 530)]
    ):
        petals = [
            ellipse(0, -7, 4.5, 7, s.light if i % 2 else "#ffffff", transform=f"rotate({a})")
            for a in range(0, 360, 72)
        ]
        out.append(
            group(
                [*petals, circle(0, 0, 3, s.base)], transform=f"translate({cx} {cy})", opacity="0.9"
            )
        )
    out.append(rect(60, 628, 392, 52, s.base, stroke=s.line, stroke_width=f(lw * 0.7)))
    out.append(rect(60, 648, 392, 8, t.base, opacity="0.9"))
    return out


def _maid(fig: Figure, x: float, p: Palette, s: Palette, t: Palette, lw: float) -> list[str]:
    frill = " ".join(
        f"Q{pts(x - 56 + i * 16 + 8, 500, x - 56 + (i + 1) * 16, 488)}" for i in range(7)
    )
    return [
        path(
            f"M{pts(x - 44, 470)} L{pts(x - 56, 680)} L{pts(x + 56, 680)} L{pts(x + 44, 470)}Z",
            fill="#ffffff",
            stroke=p.line,
            width=lw * 0.7,
        ),
        path(
            f"M{pts(x - 56, 488)} {frill} L{pts(x + 56, 470)} L{pts(x - 56, 470)}Z",
            fill="#ffffff",
            stroke=p.line,
            width=lw * 0.6,
        ),
        path(
            f"M{pts(x - 60, 458)} Q{pts(x - 30, 486, x, 470)} "
            f"Q{pts(x + 30, 486, x + 60, 458)} L{pts(x + 40, 452)} L{pts(x - 40, 452)}Z",
            fill="#ffffff",
            stroke=p.line,
            width=lw * 0.7,
        ),
        path(
            f"M{pts(x, 474)} L{pts(x - 26, 460)} L{pts(x - 26, 490)}Z "
            f"M{pts(x, 474)} L{pts(x + 26, 460)} L{pts(x + 26, 490)}Z",
            fill=t.base,
            stroke=t.line,
            width=lw * 0.6,
        ),
        circle(x, 474, 6, t.shade),
        ellipse(96, 510, 50, 32, p.base, stroke=p.line, stroke_width=f(lw * 0.7)),
        ellipse(416, 510, 50, 32, p.base, stroke=p.line, stroke_width=f(lw * 0.7)),
    ]


def _armor(fig: Figure, x: float, p: Palette, s: Palette, t: Palette, lw: float) -> list[str]:
    plate = (
        f"M{pts(x - 110, 500)} Q{pts(x, 470, x + 110, 500)} "
        f"L{pts(x + 96, 680)} L{pts(x - 96, 680)}Z"
    )
    plate_box = (x - 110, 485.0, 220.0, 195.0)
    out = [
        linear("plateGrad", [(0, p.light), (0.5, p.base), (1, p.shade)], plate_box, x2=0.3),
        path(plate, fill="url(#plateGrad)", stroke=p.line, width=lw),
        path(f"M{pts(x, 488)} L{pts(x, 680)}", stroke=p.light, width=4),
        path(f"M{pts(x - 96, 540)} Q{pts(x, 515, x + 96, 540)}", stroke=t.base, width=5),
        path(
            f"M{pts(x - 40, 450)} Q{pts(x, 476, x + 40, 450)} "
            f"L{pts(x + 52, 482)} Q{pts(x, 506, x - 52, 482)}Z",
            fill=s.base,
            stroke=p.line,
            width=lw * 0.8,
        ),
    ]
    for sign in (-1, 1):
        cx = x + sign * 150
        for i in range(3):
            out.append(
                path(
                    f"M{pts(cx - 66 + i * 6, 520 + i * 24)} "
                    f"Q{pts(cx, 470 + i * 24, cx + 66 - i * 6, 520 + i * 24)} "
                    f"L{pts(cx + 60 - i * 6, 540 + i * 24)} "
                    f"Q{pts(cx, 496 + i * 24, cx - 60 + i * 6, 540 + i * 24)}Z",
                    fill=p.base if i % 2 == 0 else p.light,
                    stroke=p.line,
                    width=lw * 0.8,
                )
            )
        out.append(circle(cx + sign * -30, 515, 4, t.base))
    out.append(
        path(
            f"M{pts(x - 14, 570)} L{pts(x, 550)} L{pts(x + 14, 570)} L{pts(x, 600)}Z",
            fill=t.base,
            stroke=t.line,
            width=lw * 0.6,
        )
    )
    return out


def _spacesuit(fig: Figure, x: float, p: Palette, s: Palette, t: Palette, lw: float) -> list[str]:
    return [
        ellipse(x, 470, 74, 24, t.base, stroke=t.line, stroke_width=f(lw)),
        ellipse(x, 466, 56, 14, t.shade),
        rect(x - 46, 540, 92, 60, t.light, rx="10", stroke=t.line, stroke_width=f(lw * 0.8)),
        circle(x - 24, 570, 8, "#4fd1ff"),
        circle(x, 570, 8, "#ffd84f"),
        circle(x + 24, 570, 8, "#ff5f7a"),
        path(
            f"M{pts(70, 580)} Q{pts(110, 520, 160, 510)} "
            f"M{pts(442, 580)} Q{pts(402, 520, 352, 510)}",
            stroke=s.base,
            width=14,
        ),
        circle(140, 610, 20, s.base, stroke=s.line, stroke_width=f(lw * 0.7)),
        path(
            f"M{pts(140, 596)} l{pts(4, 10)} l{pts(10, 0)} l{pts(-8, 6)} l{pts(3, 10)} "
            f"l{pts(-9, -6)} l{pts(-9, 6)} l{pts(3, -10)} l{pts(-8, -6)} l{pts(10, 0)}Z",
            fill="#ffffff",
        ),
    ]


def _sailor(fig: Figure, x: float, p: Palette, s: Palette, t: Palette, lw: float) -> list[str]:
    collar = (
        f"M{pts(x - 120, 490)} L{pts(x - 40, 462)} L{pts(x, 560)} L{pts(x + 40, 462)} "
        f"L{pts(x + 120, 490)} L{pts(x + 90, 540)} L{pts(x, 600)} L{pts(x - 90, 540)}Z"
    )
    return [
        _neckline(fig, x, 60, fig.skin.base),
        path(collar, fill=s.base, stroke=s.line, width=lw),
        path(
            f"M{pts(x - 104, 498)} L{pts(x - 80, 532)} L{pts(x, 584)} "
            f"L{pts(x + 80, 532)} L{pts(x + 104, 498)}",
            stroke="#ffffff",
            width=3,
        ),
        path(
            f"M{pts(x - 26, 548)} L{pts(x, 572)} L{pts(x + 26, 548)} "
            f"L{pts(x + 18, 600)} L{pts(x, 584)} L{pts(x - 18, 600)}Z",
            fill=t.base,
            stroke=t.line,
            width=lw * 0.7,
        ),
        path(
            f"M{pts(x - 10, 580)} L{pts(x - 30, 650)} L{pts(x - 8, 640)} "
            f"M{pts(x + 10, 580)} L{pts(x + 30, 650)} L{pts(x + 8, 640)}",
            fill=t.base,
            stroke=t.line,
            width=lw * 0.7,
        ),
    ]


def _hoodie(fig: Figure, x: float, p: Palette, s: Palette, t: Palette, lw: float) -> list[str]:
    hood = (
        f"M{pts(x - 92, 480)} Q{pts(x - 70, 440, x - 30, 452)} Q{pts(x, 500, x + 30, 452)} "
        f"Q{pts(x + 70, 440, x + 92, 480)} Q{pts(x, 540, x - 92, 480)}Z"
    )
    return [
        path(hood, fill=p.shade, stroke=p.line, width=lw),
        path(
            f"M{pts(x - 24, 500)} Q{pts(x - 28, 560, x - 20, 600)} "
            f"M{pts(x + 24, 500)} Q{pts(x + 28, 560, x + 20, 600)}",
            stroke=s.base,
            width=4,
        ),
        rect(x - 26, 598, 12, 16, t.base, rx="3"),
        rect(x + 14, 598, 12, 16, t.base, rx="3"),
        path(
            f"M{pts(x - 80, 680)} L{pts(x - 60, 640)} L{pts(x + 60, 640)} L{pts(x + 80, 680)}",
            fill=p.shade,
            stroke=p.line,
            width=lw * 0.8,
        ),
    ]


_COSTUMES = {
    "hanbok": _hanbok,
    "kimono": _kimono,
    "maid": _maid,
    "armor": _armor,
    "spacesuit": _spacesuit,
    "sailor": _sailor,
    "hoodie": _hoodie,
}


def headwear(fig: Figure) -> list[str]:
    """Costume pieces worn on the head (the maid's headdress)."""
    if fig.costume != "maid":
        return []
    s = 8 * fig.turn
    frill = " ".join(
        f"Q{pts(190 + i * 22 + 11 + s, 110 - 18, 190 + (i + 1) * 22 + s, 120)}" for i in range(6)
    )
    return [
        path(
            f"M{pts(190 + s, 130)} {frill} L{pts(322 + s, 138)} "
            f"Q{pts(256 + s, 118, 190 + s, 138)}Z",
            fill="#ffffff",
            stroke="#6b6b80",
            width=fig.line_width * 0.7,
        ),
        path(
            f"M{pts(196 + s, 132)} Q{pts(256 + s, 112, 316 + s, 132)}",
            stroke=fig.costume_colors[2],
            width=4,
        ),
    ]
