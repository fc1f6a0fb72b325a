"""Hair over the face: the cap with its bangs, side locks, strands and shine. The hair behind
the head and over the shoulders is in `hair_back`."""

from __future__ import annotations

import itertools

from .figure import HEAD_X, Figure
from .paint import group, linear, path, pts, rect

Point = tuple[float, float]

# Bottom edge of the bangs, right to left: side start, then alternating tip/notch, ending at the
# left side. Canvas units for a front view; the turn slides them.
# fmt: off
_BANGS: dict[str, list[Point]] = {
    "blunt": [(368, 250), (350, 320), (338, 236), (318, 274), (300, 232), (280, 276), (262, 230),
        (240, 277), (222, 232), (200, 272), (182, 238), (162, 320), (144, 250)],
    "parted": [(368, 250), (350, 324), (336, 238), (316, 282), (294, 224), (276, 250),
        (257, 172), (238, 250), (220, 224), (198, 282), (176, 238), (162, 324), (144, 250)],
    "swept": [(368, 250), (352, 306), (346, 222), (322, 252), (314, 224), (286, 262), (276, 228),
        (246, 272), (236, 232), (206, 282), (196, 244), (164, 318), (144, 250)],
    "over_eye": [(368, 250), (354, 340), (346, 290), (326, 356), (262, 230), (238, 272),
        (222, 234), (198, 270), (182, 240), (162, 318), (144, 250)],
    "curly": [(370, 250), (352, 312), (338, 246), (320, 272), (304, 240), (284, 270), (266, 238),
        (246, 272), (228, 240), (208, 270), (190, 246), (160, 312), (142, 250)],
    "messy": [(368, 250), (356, 322), (342, 236), (330, 270), (316, 238), (306, 292), (290, 232),
        (270, 258), (256, 232), (236, 286), (220, 234), (200, 262), (186, 240), (166, 318),
        (144, 250)],
    "side_part": [(366, 250), (352, 300), (342, 232), (322, 258), (300, 212), (268, 240),
        (248, 206), (214, 248), (198, 226), (172, 298), (146, 250)],
    "spiky": [(368, 250), (352, 308), (340, 240), (324, 282), (308, 236), (292, 290), (276, 236),
        (258, 278), (242, 236), (226, 290), (210, 238), (196, 280), (182, 242), (166, 308),
        (144, 250)],
    "swept_back": [(366, 250), (352, 292), (344, 214), (300, 190), (256, 184), (212, 190),
        (168, 214), (160, 292), (146, 250)],
    "mash": [(368, 250), (352, 316), (336, 254), (314, 268), (296, 252), (276, 270), (258, 254),
        (238, 270), (220, 254), (200, 268), (178, 254), (162, 316), (144, 250)],
}
# fmt: on


def _slide(fig: Figure, p: Point, amount: float = 16.0) -> Point:
    return p[0] + amount * fig.turn, p[1]


def _edge(points: list[Point], bend: float) -> str:
    """Curved segments between the points: strands bow towards the centre line."""
    out = []
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        pull = bend if x1 < HEAD_X else -bend
        out.append(
            f"Q{pts(mx + pull * abs(y1 - y0) * 0.35, my + abs(x1 - x0) * 0.1)} {pts(x1, y1)}"
        )
    return " ".join(out)


def _front_path(fig: Figure) -> str:
    edge = [_slide(fig, p) for p in _BANGS.get(fig.bangs, _BANGS["blunt"])]
    start, end = edge[0], edge[-1]
    cap_l, cap_r = 140 + 6 * fig.turn, 372 + 6 * fig.turn
    top = (
        f"M{pts(*end)} L{pts(cap_l, 232)} "
        f"C{pts(cap_l - 6, 140, 190, 96, 256 + 6 * fig.turn, 96)} "
        f"C{pts(322, 96, cap_r + 6, 140, cap_r, 232)} L{pts(*start)}"
    )
    return f"{top} {_edge(edge, 0.45 if fig.bangs != 'mash' else 0.1)}Z"


def _spikes_top(fig: Figure) -> str:
    """A crown of spikes around the cap, drawn behind it so only the points stick out."""
    s = 4 * fig.turn
    spikes = [
        (142, 236),
        (104, 176),
        (150, 170),
        (128, 104),
        (186, 124),
        (196, 54),
        (236, 104),
        (262, 34),
        (284, 100),
        (326, 50),
        (330, 118),
        (392, 96),
        (364, 166),
        (414, 178),
        (370, 236),
    ]
    return "M" + " L".join(pts(x + s, y) for x, y in spikes) + "Z"


def _curly_top(fig: Figure, y: float = 120.0, n: int = 9) -> str:
    s = 6 * fig.turn
    out = [f"M{pts(132 + s, 250)}"]
    for i in range(n):
        a0 = 132 + i * (248 / n)
        a1 = a0 + 248 / n
        lift = 34 * (1 - ((i + 0.5) / n * 2 - 1) ** 2)
        drop = 60 if i in (0, n - 1) else 0
        out.append(f"Q{pts((a0 + a1) / 2 + s, y - lift - 22, a1 + s, y - lift + 4 + drop)}")
    out.append(f"L{pts(380 + s, 250)}Z")
    return " ".join(out)


_SHINE_DASHES = ("30 7 18 9", "22 10 34 6", "14 6 26 12", "40 8 10 8")


def front(fig: Figure) -> list[str]:
    """Side locks, the cap with bangs, strands and the shine band."""
    h = fig.hair
    lw = fig.line_width
    out: list[str] = [*_side_locks(fig)]
    if fig.ahoge:
        ax = 256 + 8 * fig.turn
        out.append(
            path(
                f"M{pts(ax - 6, 104)} C{pts(ax - 22, 60, ax + 24, 58, ax + 14, 34)} "
                f"C{pts(ax + 34, 64, ax + 6, 76, ax + 6, 104)}Z",
                fill=h.base,
                stroke=h.line,
                width=lw,
            )
        )
    if fig.bangs == "spiky":
        out.append(path(_spikes_top(fig), fill=h.base, stroke=h.line, width=lw))
    if fig.bangs == "curly":
        out.append(path(_curly_top(fig), fill=h.base, stroke=h.line, width=lw))
    front_d = _front_path(fig)
    out.append(f'<clipPath id="hairClip"><path d="{front_d}"/></clipPath>')
    out.append(path(front_d, fill=h.base, stroke=h.line, width=lw))
    detail: list[str] = []
    edge = [_slide(fig, p) for p in _BANGS.get(fig.bangs, _BANGS["blunt"])]
    for i, (x, y) in enumerate(edge[1:-1]):
        if i % 2 == 0 and y > 250:  # a strand line into every tip
            top_x = HEAD_X + (x - HEAD_X) * 0.55
            detail.append(
                path(
                    f"M{pts(top_x, 150)} Q{pts((top_x + x) / 2 + 4, y - 60, x, y - 10)}",
                    stroke=h.shade,
                    width=2.2,
                    opacity="0.8",
                )
            )
    detail.append(
        linear("hairGrad", [(0, h.base), (0.55, h.base), (1, h.shade)], (130, 90, 252, 280))
    )
    detail.append(rect(130, 90, 252, 280, "url(#hairGrad)", opacity="0.9"))
    # the shine band: where it sits and how it breaks up are the seed's
    sx = 6 * fig.turn + 18 * fig.shine
    sy = 12 * abs(fig.shine)
    dashes = _SHINE_DASHES[fig.seed % len(_SHINE_DASHES)]
    detail.append(
        path(
            f"M{pts(176 + sx, 176 + sy)} Q{pts(256 + sx, 126 + sy, 336 + sx, 176 + sy)}",
            stroke=h.light,
            width=11,
            opacity="0.85",
            stroke_dasharray=dashes,
        )
    )
    detail.append(
        path(
            f"M{pts(190 + sx, 170 + sy)} Q{pts(256 + sx, 134 + sy, 322 + sx, 170 + sy)}",
            stroke="#ffffff",
            width=3,
            opacity="0.5",
            stroke_dasharray="12 30",
        )
    )
    out.append(group(detail, clip_path="url(#hairClip)"))
    out.append(path(front_d, stroke=h.line, width=lw))
    return out


def bangs_shadow(fig: Figure) -> list[str]:
    """The bangs' shadow on the forehead, drawn on the face before the hair."""
    return [
        group(
            [path(_front_path(fig), fill=fig.skin.shade, opacity="0.8")],
            transform="translate(0 8)",
            clip_path="url(#faceClip)",
        )
    ]


_LOCKS: dict[str, tuple[float, ...]] = {
    # outer top x, outer c1 (x,y), outer c2 (x,y), tip (x,y), inner c1, inner c2, inner top x
    "long": (146, 134, 330, 150, 430, 132, 520, 164, 470, 176, 360, 182),
    "short": (150, 144, 280, 150, 312, 158, 338, 168, 312, 172, 280, 178),
    "bob": (144, 128, 320, 140, 388, 176, 412, 172, 360, 174, 300, 180),
    "curly": (144, 126, 320, 112, 400, 146, 440, 162, 400, 176, 340, 180),
    "messy": (148, 140, 300, 144, 340, 150, 366, 166, 334, 172, 290, 180),
}


def _side_locks(fig: Figure) -> list[str]:
    h = fig.hair
    lock = _LOCKS.get(fig.sides, _LOCKS["short"])
    ox, c1x, c1y, c2x, c2y, tx, ty, i1x, i1y, i2x, i2y, ix = lock
    out = []
    for sign in (-1, 1):

        def x(v: float, sign: int = sign) -> float:
            return HEAD_X + sign * (HEAD_X - v) + 10 * fig.turn

        d = (
            f"M{pts(x(ox), 230)} C{pts(x(c1x), c1y, x(c2x), c2y, x(tx), ty)} "
            f"C{pts(x(i1x), i1y, x(i2x), i2y, x(ix), 240)}Z"
        )
        out.append(path(d, fill=h.base, stroke=h.line, width=fig.line_width))
        out.append(
            path(
                f"M{pts(x(ox + 12), 250)} "
                f"C{pts(x(c1x + 14), c1y, x(c2x + 12), c2y - 10, x(tx + 6), ty - 24)}",
                stroke=h.shade,
                width=2.4,
            )
        )
    return out
