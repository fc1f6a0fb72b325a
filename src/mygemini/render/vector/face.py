"""Head, ears and the expression parts (eyes, brows, mouth, blush, marks)."""

from __future__ import annotations

from .figure import EYE_Y, HEAD_X, Figure
from .paint import circle, ellipse, f, group, heart, linear, path, pts, radial

CHIN_Y = 404.0


def _side_scale(fig: Figure, x: float) -> float:
    """Squeeze the far half of the face and widen the near half, a cheap three-quarter view."""
    t = fig.turn
    far = (x - HEAD_X) * t > 0
    return 1 - 0.16 * abs(t) if far else 1 + 0.04 * abs(t)


def _x(fig: Figure, x: float) -> float:
    return HEAD_X + (x - HEAD_X) * _side_scale(fig, x) + 4 * fig.turn


def face_outline(fig: Figure) -> str:
    jaw = 10.0 if fig.male else 0.0
    chin_x = HEAD_X + 16 * fig.turn
    chin_y = CHIN_Y + (4 if fig.male else 0)
    lt, rt = _x(fig, 160), _x(fig, 352)
    return (
        f"M{pts(lt, 226)} L{pts(_x(fig, 161), 298)} "
        f"C{pts(_x(fig, 163 - jaw / 3), 346 + jaw, _x(fig, 206 - jaw), 386 + jaw / 2)} "
        f"{pts(chin_x, chin_y)} "
        f"C{pts(_x(fig, 306 + jaw), 386 + jaw / 2, _x(fig, 349 + jaw / 3), 346 + jaw)} "
        f"{pts(_x(fig, 351), 298)} "
        f"L{pts(rt, 226)} C{pts(rt, 112, lt, 112, lt, 226)}Z"
    )


def _face_box(fig: Figure) -> tuple[float, float, float, float]:
    """The face outline's bounds: the crown's curve peaks at y 140.5, the chin is the lowest."""
    left, right = _x(fig, 160), _x(fig, 352)
    bottom = CHIN_Y + (4 if fig.male else 0)
    return left, 140.5, right - left, bottom - 140.5


def head(fig: Figure) -> list[str]:
    """Ears then the face, filled with a soft cheek gradient."""
    skin = fig.skin
    out = [
        linear("skinGrad", [(0, skin.base), (0.75, skin.base), (1, skin.shade)], _face_box(fig)),
    ]
    for side in (-1, 1):
        if fig.turn * side > 0.4:
            continue  # the far ear hides behind the head
        ex = _x(fig, HEAD_X + side * 100)
        d = (
            f"M{pts(ex, 282)} C{pts(ex + side * 18, 270, ex + side * 22, 312, ex + side * 4, 332)} "
            f"L{pts(ex - side * 4, 318)}Z"
        )
        out.append(path(d, fill=skin.base, stroke=skin.line, width=fig.line_width * 0.8))
        out.append(
            path(
                f"M{pts(ex + side * 6, 292)} q{pts(side * 8, 8, 0, 24)}", stroke=skin.shade, width=2
            )
        )
    out.append(
        path(face_outline(fig), fill="url(#skinGrad)", stroke=skin.line, width=fig.line_width)
    )
    nose_x = HEAD_X + fig.shift * 1.25
    out.append(
        path(
            f"M{pts(nose_x + 1, 334)} l{pts(-3 * (1 if fig.turn >= 0 else -1), 7)} l{pts(4, 0)}",
            stroke=skin.deep,
            width=1.8,
        )
    )
    return out


def _eye_centres(fig: Figure) -> list[tuple[int, float, float]]:
    """(side, x, squeeze) for the viewer-left and viewer-right eye."""
    res = []
    for side in (-1, 1):
        far = fig.turn * side > 0
        squeeze = 1 - 0.22 * abs(fig.turn) if far else 1.0
        x = HEAD_X + side * 48 * (squeeze if far else 1 + 0.03 * abs(fig.turn)) + fig.shift
        res.append((side, x, squeeze))
    return res


# Upper lid (inner corner, two controls, outer corner) and lower lid (two controls);
# the outer side is +x.
_LIDS: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "open": ((-24, 4, -18, -26, 14, -33, 30, -12), (30, 12, 16, 28, -24, 18)),
    "open_wide": ((-24, 4, -18, -30, 14, -36, 30, -12), (30, 14, 16, 30, -24, 18)),
    "sleepy": ((-24, 6, -16, -2, 14, -6, 30, 0), (30, 12, 16, 26, -24, 16)),
    "narrow": ((-24, 4, -16, -14, 14, -20, 30, -8), (30, 8, 16, 20, -24, 12)),
    "angry": ((-24, 0, -14, -4, 12, -26, 30, -16), (30, 8, 16, 22, -24, 14)),
    "evil": ((-24, -2, -14, -6, 12, -22, 30, -16), (30, 4, 16, 14, -24, 8)),
}


def eyes(fig: Figure) -> list[str]:
    rx, ry = _iris_radii(fig)
    out: list[str] = [
        linear(
            "irisGrad",
            [(0, fig.eye.deep), (0.45, fig.eye.base), (1, fig.eye.light)],
            (3 - rx, 4 - ry, 2 * rx, 2 * ry),
        ),
    ]
    for side, x, squeeze in _eye_centres(fig):
        transform = f"translate({f(x)} {f(EYE_Y)}) scale({f(side * squeeze * 1.12)} 1.12)"
        out.append(group(_eye(fig, side), transform=transform))
    return out


def _iris_radii(fig: Figure) -> tuple[float, float]:
    return (15.0 if fig.eyes == "open_wide" else 17.0), (20.0 if fig.male else 23.0)


def brows(fig: Figure) -> list[str]:
    """Drawn over the bangs, as anime does, so the expression always reads."""
    return [_brow(fig, side, x, squeeze) for side, x, squeeze in _eye_centres(fig)]


def _eye(fig: Figure, side: int) -> list[str]:
    line = fig.hair.line if fig.style != "pastel" else fig.eye.deep
    kind = fig.eyes
    if kind == "happy":
        return [
            path(f"M{pts(-24, 8)} Q{pts(2, -26, 30, 6)}", stroke=line, width=5),
            path(f"M{pts(28, 2)} l{pts(8, -6)}", stroke=line, width=3),
        ]
    lid_key = kind if kind in _LIDS else ("open_wide" if kind in ("hearts", "teary") else "open")
    top, bottom = _LIDS[lid_key]
    if fig.male:
        top = (top[0], top[1], top[2], top[3] + 5, top[4], top[5] + 5, top[6], top[7] + 3)
    ix, iy, c1x, c1y, c2x, c2y, ox, oy = top
    b1x, b1y, b2x, b2y, _, _ = bottom
    upper = f"M{pts(ix, iy)} C{pts(c1x, c1y, c2x, c2y, ox, oy)}"
    white = f"{upper} C{pts(b1x, b1y, b2x, b2y, ix, iy)}Z"
    clip_id = f"eyeClip{side + 1}"
    iris_rx, iris_ry = _iris_radii(fig)
    parts = [
        f'<clipPath id="{clip_id}"><path d="{white}"/></clipPath>',
        path(white, fill="#ffffff"),
    ]
    inner: list[str] = [path(f"{upper} L{pts(ox, oy - 30)} L{pts(ix, iy - 30)}Z", fill="#c9d4ea")]
    iris_fill = "#5b5563" if kind == "empty" else "url(#irisGrad)"
    inner.append(
        ellipse(3, 4, iris_rx, iris_ry, iris_fill, stroke=fig.eye.deep, stroke_width="1.6")
    )
    if kind == "hearts":
        inner.append(heart(3, 4, 9, "#ff4f8b"))
    elif kind == "evil":
        inner.append(ellipse(3, 4, 2.6, 13, fig.eye.line))
        inner.append(
            ellipse(
                3,
                4,
                iris_rx,
                iris_ry,
                "none",
                stroke=fig.eye.light,
                stroke_width="2.5",
                opacity="0.8",
            )
        )
    elif kind == "empty":
        inner.append(ellipse(3, 4, 9, 12, "#3a3540"))
    else:
        pr = 0.7 if kind in ("angry", "open_wide") else 1.0
        inner.append(ellipse(3, 1, 8 * pr, 11 * pr, fig.eye.line))
    # the lid casts a shadow over the top of the iris
    inner.append(
        path(
            f"{upper} L{pts(ox, oy + 10)} C{pts(c2x, c2y + 12, c1x, c1y + 12, ix, iy + 8)}Z",
            fill=fig.eye.deep,
            opacity="0.35",
        )
    )
    if kind not in ("empty",):
        inner.append(ellipse(-6, -6, 6.5, 7.5, "#ffffff"))
        inner.append(circle(10, 14, 3.2, "#ffffff", opacity="0.9"))
        inner.append(
            path(
                f"M{pts(-8, 20)} Q{pts(3, 27, 14, 20)}",
                stroke=fig.eye.light,
                width=2.5,
                opacity="0.8",
            )
        )
    if kind == "teary":
        inner.append(
            path(
                f"M{pts(-22, 14)} Q{pts(4, 6, 30, 10)} L{pts(30, 30)} L{pts(-22, 30)}Z",
                fill="#bfe6ff",
                opacity="0.6",
            )
        )
        inner.append(circle(-12, 12, 2.4, "#ffffff"))
        inner.append(circle(16, 8, 2.0, "#ffffff"))
    parts.append(group(inner, clip_path=f"url(#{clip_id})"))
    lw = 3.6 if fig.male else 4.6
    parts.append(path(upper, stroke=line, width=lw))
    if not fig.male:
        parts.append(
            path(
                f"M{pts(ox - 4, oy + 1)} l{pts(10, -6)} l{pts(-4, 9)}Z",
                fill=line,
                stroke=line,
                width=1.5,
            )
        )
    parts.append(
        path(
            f"M{pts(b1x - 2, b1y - 2)} Q{pts(b2x + 10, b2y + 1, b2x - 4, b2y)}",
            stroke=line,
            width=1.4,
            opacity="0.7",
        )
    )
    return parts


_BROWS = {
    "soft": (-16, -46, 6, -56, 30, -50),
    "worried": (-16, -56, 6, -56, 30, -44),
    "angry": (-14, -34, 6, -46, 30, -56),
    "flat": (-18, -46, 6, -50, 30, -48),
}


def _brow(fig: Figure, side: int, x: float, squeeze: float) -> str:
    ix, iy, cx, cy, ox, oy = _BROWS.get(fig.brows, _BROWS["soft"])
    s = side * squeeze
    d = f"M{pts(x + ix * s, EYE_Y + iy)} Q{pts(x + cx * s, EYE_Y + cy, x + ox * s, EYE_Y + oy)}"
    return path(d, stroke=fig.hair.deep, width=3.4 if fig.male else 2.4, opacity="0.75")


_MOUTHS = {
    "open_smile": "M-14 -3 Q0 3 14 -3 Q11 17 0 18 Q-11 17 -14 -3Z",
    "small_o": "M-4 0 Q-4 -6 0 -6 Q4 -6 4 0 Q4 6 0 6 Q-4 6 -4 0Z",
    "shout": "M-13 -7 Q0 -10 13 -7 Q12 16 0 18 Q-12 16 -13 -7Z",
    "open_sad": "M-11 5 Q0 -7 11 5 Q0 10 -11 5Z",
}


def mouth(fig: Figure) -> list[str]:
    mx = HEAD_X + fig.shift * 1.1
    my = 368.0 if not fig.male else 372.0
    line = fig.skin.line
    kind = fig.mouth
    parts: list[str] = []
    if kind in _MOUTHS:
        parts.append(path(_MOUTHS[kind], fill="#8e2f3f", stroke=line, width=1.8))
        if kind == "open_smile":
            parts.append(path("M-8 11 Q0 6 8 11 Q6 17 0 17 Q-6 17 -8 11Z", fill="#f07f8f"))
        if kind == "shout":
            parts.append(path("M-11 -6 Q0 -9 11 -6 L10 -2 Q0 -4 -10 -2Z", fill="#ffffff"))
    elif kind == "wavy":
        parts.append(path("M-13 1 q3.2 -5 6.5 0 t6.5 0 t6.5 0 t6.5 0", stroke=line, width=2.2))
    elif kind == "frown":
        parts.append(path("M-10 5 Q0 -4 10 5", stroke=line, width=2.4))
    elif kind == "smirk":
        parts.append(path("M-12 0 Q2 7 14 -5", stroke=line, width=2.4))
        parts.append(path("M6 2 l3 6 l2 -7Z", fill="#ffffff", stroke=line, width=1))
    elif kind == "smile":
        parts.append(path("M-11 -2 Q0 9 11 -2", stroke=line, width=2.4))
    else:  # "line"
        parts.append(path("M-8 1 Q0 -1 8 1", stroke=line, width=2.2))
    return [group(parts, transform=f"translate({f(mx)} {f(my)})")]


def blush(fig: Figure) -> list[str]:
    if fig.blush <= 0:
        return []
    out = []
    for side, x, squeeze in _eye_centres(fig):
        cx, cy = x + side * 8 * squeeze, 340.0
        gid = f"blushGrad{side + 1}"
        out.append(
            radial(gid, [(0, "#ff6f91", 0.7), (1, "#ff6f91", 0.0)], (cx, cy, 24 * squeeze, 11))
        )
        out.append(
            ellipse(cx, cy, 24 * squeeze, 11, f"url(#{gid})", opacity=f"{min(1, fig.blush):.2f}")
        )
        if fig.blush >= 0.8:
            for i in range(3):
                hx = cx - 10 + i * 8
                out.append(path(f"M{pts(hx, 344)} l{pts(5, -9)}", stroke="#e2506f", width=1.6))
    return out
