"""Hair that is not on the face: the mass behind the head and body, ponytails and twin tails,
and the tails or braids that fall in front of the shoulders."""

from __future__ import annotations

from .figure import HEAD_X, Figure
from .paint import Palette, ellipse, f, group, path, pts


def back(fig: Figure) -> list[str]:
    """Hair behind the head and body."""
    h = fig.hair
    lw = fig.line_width
    s = -14 * fig.turn
    kind = fig.hair_back
    shapes: list[str] = []
    if kind in ("long", "curly_long"):
        wav = 16 if kind == "curly_long" else 0
        d = (
            f"M{pts(256 + s, 100)} "
            f"C{pts(112 + s - wav, 100, 104 + s - wav, 230, 108 + s - wav, 330)} "
            f"C{pts(110 + s - wav * 2, 440, 92 + s - wav, 540, 80 + s - wav, 640)} "
            f"L{pts(118 + s, 610)} L{pts(138 + s, 652)} "
            f"L{pts(168 + s, 600)} L{pts(344 + s, 600)} L{pts(374 + s, 652)} L{pts(394 + s, 610)} "
            f"L{pts(432 + s + wav, 640)} "
            f"C{pts(420 + s + wav, 540, 402 + s + wav * 2, 440, 404 + s + wav, 330)} "
            f"C{pts(408 + s + wav, 230, 400 + s + wav, 100, 256 + s, 100)}Z"
        )
        shapes.append(path(d, fill=h.shade, stroke=h.line, width=lw))
        if kind == "curly_long":
            for i, (cx, cy) in enumerate(
                [(96, 420), (90, 520), (100, 610), (416, 420), (422, 520), (412, 610)]
            ):
                sign = -1 if i < 3 else 1
                shapes.append(
                    path(
                        f"M{pts(cx + s, cy)} q{pts(sign * 14, -10, sign * 18, 8)} "
                        f"t{pts(-sign * 16, 16)}",
                        stroke=h.deep,
                        width=3,
                    )
                )
    elif kind in ("bob", "wolf", "curly_short"):
        low = {"bob": 424, "wolf": 450, "curly_short": 404}[kind]
        d = (
            f"M{pts(256 + s, 100)} C{pts(120 + s, 100, 112 + s, 230, 118 + s, 330)} "
            f"C{pts(120 + s, 390, 130 + s, low - 10, 160 + s, low)} L{pts(352 + s, low)} "
            f"C{pts(382 + s, low - 10, 392 + s, 390, 394 + s, 330)} "
            f"C{pts(400 + s, 230, 392 + s, 100, 256 + s, 100)}Z"
        )
        shapes.append(path(d, fill=h.shade, stroke=h.line, width=lw))
        if kind == "wolf":
            for x0, sign in ((128, -1), (384, 1)):
                flick = (
                    f"M{pts(x0 + s, 380)} q{pts(sign * 10, 50, sign * 36, 74)} "
                    f"q{pts(-sign * 30, -8, -sign * 36, -40)}Z"
                )
                shapes.append(path(flick, fill=h.shade, stroke=h.line, width=lw))
    else:  # short styles: a snug mass around the nape
        d = (
            f"M{pts(256 + s, 100)} C{pts(126 + s, 100, 124 + s, 220, 136 + s, 300)} "
            f"L{pts(156 + s, 366)} "
            f"L{pts(356 + s, 366)} L{pts(376 + s, 300)} "
            f"C{pts(388 + s, 220, 386 + s, 100, 256 + s, 100)}Z"
        )
        shapes.append(path(d, fill=h.shade, stroke=h.line, width=lw))
    shapes.extend(_tails_behind(fig, h, lw))
    return shapes


def _tails_behind(fig: Figure, h: Palette, lw: float) -> list[str]:
    s = -4 * fig.turn
    out: list[str] = []
    if fig.hair_back == "ponytail":
        d = (
            f"M{pts(318 + s, 132)} C{pts(392 + s, 88, 446 + s, 160, 430 + s, 270)} "
            f"C{pts(420 + s, 350, 452 + s, 430, 418 + s, 520)} "
            f"C{pts(400 + s, 440, 378 + s, 370, 372 + s, 290)} "
            f"C{pts(366 + s, 220, 350 + s, 180, 320 + s, 170)}Z"
        )
        out.append(path(d, fill=h.base, stroke=h.line, width=lw))
        out.append(
            path(
                f"M{pts(404 + s, 170)} C{pts(420 + s, 260, 400 + s, 360, 420 + s, 470)}",
                stroke=h.shade,
                width=3,
            )
        )
    if fig.hair_back == "twin_tails":
        for sign in (-1, 1):
            cx = HEAD_X + sign * 104 + s
            d = (
                f"M{pts(cx - sign * 6, 150)} "
                f"C{pts(cx + sign * 70, 130, cx + sign * 100, 250, cx + sign * 84, 340)} "
                f"C{pts(cx + sign * 70, 430, cx + sign * 96, 520, cx + sign * 74, 610)} "
                f"C{pts(cx + sign * 40, 520, cx + sign * 36, 430, cx + sign * 34, 350)} "
                f"C{pts(cx + sign * 30, 270, cx + sign * 16, 210, cx - sign * 6, 196)}Z"
            )
            out.append(path(d, fill=h.base, stroke=h.line, width=lw))
            out.append(
                path(
                    f"M{pts(cx + sign * 50, 220)} "
                    f"C{pts(cx + sign * 70, 320, cx + sign * 50, 420, cx + sign * 70, 540)}",
                    stroke=h.shade,
                    width=3,
                )
            )
    return out


def over_shoulders(fig: Figure) -> list[str]:
    """Tails and braids that hang in front of the body."""
    h = fig.hair
    lw = fig.line_width
    out: list[str] = []
    s = 8 * fig.turn
    if fig.hair_back == "low_twin_tails":
        for sign in (-1, 1):
            x = HEAD_X + sign * 84 + s
            d = (
                f"M{pts(x - sign * 8, 336)} "
                f"C{pts(x + sign * 30, 380, x + sign * 30, 470, x + sign * 18, 560)} "
                f"C{pts(x + sign * 12, 610, x + sign * 26, 640, x + sign * 10, 676)} "
                f"C{pts(x - sign * 20, 620, x - sign * 22, 540, x - sign * 18, 470)} "
                f"C{pts(x - sign * 14, 420, x - sign * 20, 380, x - sign * 14, 340)}Z"
            )
            out.append(path(d, fill=h.base, stroke=h.line, width=lw))
            out.append(
                path(
                    f"M{pts(x + sign * 4, 380)} "
                    f"C{pts(x + sign * 14, 460, x, 560, x + sign * 8, 640)}",
                    stroke=h.shade,
                    width=2.5,
                )
            )
            out.append(
                ellipse(
                    x, 350, 13, 9, fig.costume_colors[2], stroke=h.line, stroke_width=f(lw * 0.7)
                )
            )
    elif fig.hair_back == "braids":
        for sign in (-1, 1):
            x0 = HEAD_X + sign * 86 + s
            links = []
            for i in range(8):
                cx = x0 + sign * (4 if i % 2 else -2)
                cy = 356 + i * 32
                rot = 24 * (1 if i % 2 else -1) * sign
                links.append(
                    group(
                        [
                            ellipse(0, 0, 17, 22, h.base, stroke=h.line, stroke_width=f(lw * 0.8)),
                            path("M-8 -12 Q2 0 -6 14", stroke=h.shade, width=2.4),
                        ],
                        transform=f"translate({f(cx)} {f(cy)}) rotate({f(rot)})",
                    )
                )
            out.extend(links)
            out.append(
                path(
                    f"M{pts(x0 - 8, 610)} l{pts(-6, 40)} "
                    f"l{pts(12, -10)} l{pts(8, 12)} l{pts(4, -42)}Z",
                    fill=h.base,
                    stroke=h.line,
                    width=lw * 0.8,
                )
            )
            out.append(
                ellipse(
                    x0, 610, 12, 7, fig.costume_colors[2], stroke=h.line, stroke_width=f(lw * 0.7)
                )
            )
    elif fig.hair_back == "low_tail":
        x = HEAD_X - 70 + s
        d = (
            f"M{pts(x + 20, 380)} C{pts(x - 20, 440, x - 30, 520, x - 16, 620)} "
            f"C{pts(x - 2, 560, x + 10, 480, x + 34, 400)}Z"
        )
        out.append(path(d, fill=h.base, stroke=h.line, width=lw))
        out.append(ellipse(x + 24, 392, 10, 7, "#3b2f2f"))
    return out
