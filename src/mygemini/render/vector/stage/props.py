"""Props a description can add to any scene: lanterns, candles, books, flowers, fireflies, fire,
trees. A scene that draws one natively marks it handled and these are skipped."""

from __future__ import annotations

from ..paint import adjust, circle, circles_d, ellipse, f, path, pts, rects_d
from .kit import H, Stage, W, canopy, flame_d, pine_d

BOOK_COLORS = ("#a83a3a", "#3a5aa8", "#3a8a5a", "#c9a23a", "#7a3a8a", "#d9d2c0", "#b86a3a")


def hanging_lanterns(st: Stage, y: float, color: str, n: int = 7) -> list[str]:
    """A sagging string of glowing paper lanterns across the top."""
    sag = 40
    out = [
        path(
            f"M{pts(-10, y)}Q{pts(W / 2, y + sag * 2, W + 10, y)}",
            stroke=st.tone("#3a2a2a"),
            width=2,
        )
    ]
    glow = st.glow("lanternGlow", "#ffcf7a", 0.5)
    for i in range(n):
        t = (i + 0.5 + st.rng.uniform(-0.15, 0.15)) / n
        x = t * W
        cy = y + sag * 4 * t * (1 - t) * 0.98 + 22
        out.append(circle(x, cy, 46, glow))
        out.append(path(f"M{pts(x, cy - 22)}v{f(-8)}", stroke="#3a2a2a", width=2))
        out.append(ellipse(x, cy, 15, 19, color))
        out.append(
            path(
                f"M{pts(x - 12, cy - 8)}h24M{pts(x - 14, cy)}h28M{pts(x - 12, cy + 8)}h24",
                stroke=adjust(color, -0.15),
                width=1.4,
                opacity="0.7",
            )
        )
        out.append(ellipse(x - 4, cy - 5, 5, 8, "#fff2c0", opacity="0.45"))
        out.append(
            path(f"M{pts(x - 7, cy - 20)}h14M{pts(x - 7, cy + 20)}h14", stroke="#3a2a2a", width=3)
        )
    return out


def candle(st: Stage, x: float, base: float, h: float) -> list[str]:
    glow = st.glow("candleGlow", "#ffd27a", 0.55)
    top = base - h
    return [
        circle(x, top - 8, 38, glow),
        path(
            f"M{pts(x - 7, base)}V{f(top)}Q{pts(x, top - 3, x + 7, top)}V{f(base)}Z", fill="#f7ecd6"
        ),
        path(
            f"M{pts(x + 2, base)}V{f(top + 1)}Q{pts(x + 5, top, x + 7, top)}V{f(base)}Z",
            fill="#e2cfae",
        ),
        path(flame_d(x, top - 1, 16), fill="#ffb347"),
        path(flame_d(x, top - 2, 9), fill="#fff4c2"),
    ]


def candles(st: Stage) -> list[str]:
    out = []
    for x, base in ((70, H - 20), (100, H - 14), (W - 90, H - 18)):
        out += candle(st, x + st.rng.uniform(-8, 8), base, st.rng.uniform(26, 48))
    return out


def book_stack(st: Stage, x: float, base: float) -> list[str]:
    boxes: dict[str, list[tuple[float, float, float, float]]] = {}
    y = base
    for _ in range(st.rng.randint(3, 5)):
        w, h = st.rng.uniform(70, 100), st.rng.uniform(12, 18)
        bx = x + st.rng.uniform(-8, 8) - w / 2
        y -= h
        boxes.setdefault(st.rng.choice(BOOK_COLORS), []).append((bx, y, w, h))
    out = [path(rects_d(b), fill=st.tone(c)) for c, b in boxes.items()]
    pages: list[tuple[float, float, float, float]] = [
        (bx + w - 6, by + 2, 4, h - 4) for b in boxes.values() for bx, by, w, h in b
    ]
    out.append(path(rects_d(pages), fill=st.tone("#f3ead6")))
    return out


def flowers(st: Stage, y0: float, y1: float, n: int = 26) -> list[str]:
    palette = ("#ff8fb1", "#ffd35c", "#ffffff", "#b58cff", "#ff7a6b")
    stems = []
    heads: dict[str, list[tuple[float, float, float]]] = {}
    centres = []
    for _ in range(n):
        x, y = st.rng.uniform(0, W), st.rng.uniform(y0, y1)
        s = 3 + (y - y0) / max(1.0, y1 - y0) * 4
        stems.append(f"M{pts(x, y)}v{f(s * 3)}")
        color = st.rng.choice(palette)
        for k in range(5):
            dx, dy = ((-1, 0), (1, 0), (0, -1), (-0.6, 0.8), (0.6, 0.8))[k]
            heads.setdefault(color, []).append((x + dx * s, y + dy * s, s * 0.75))
        centres.append((x, y, s * 0.5))
    out = [path("".join(stems), stroke=st.tone("#3f7d43"), width=1.6)]
    out += [path(circles_d(d), fill=st.tone(c)) for c, d in heads.items()]
    out.append(path(circles_d(centres), fill=st.tone("#ffb43b")))
    return out


def petals(st: Stage, n: int = 30, color: str = "#ffb7cd") -> list[str]:
    out = []
    for _ in range(n):
        x, y, a = st.rng.uniform(0, W), st.rng.uniform(0, H), st.rng.uniform(0, 180)
        out.append(
            ellipse(0, 0, 5.5, 3, color, transform=f"translate({f(x)} {f(y)}) rotate({f(a)})")
        )
    return out


def fireflies(st: Stage, y0: float, y1: float, n: int = 22) -> list[str]:
    glow = st.glow("fireflyGlow", "#e6ff8a", 0.6)
    dots = [
        (st.rng.uniform(20, W - 20), st.rng.uniform(y0, y1), st.rng.uniform(1.6, 2.8))
        for _ in range(n)
    ]
    out = [circle(x, y, r * 7, glow) for x, y, r in dots]
    out.append(path(circles_d(dots), fill="#f6ffc8"))
    return out


def campfire(st: Stage, x: float, base: float, size: float = 1.0) -> list[str]:
    s = size
    glow = st.glow("fireGlow", "#ffa04a", 0.55)
    logs = (
        f"M{pts(x - 40 * s, base)}l{pts(80 * s, -16 * s)}"
        f"l{pts(4 * s, 10 * s)}l{pts(-80 * s, 16 * s)}Z"
        f"M{pts(x + 40 * s, base)}l{pts(-80 * s, -16 * s)}"
        f"l{pts(-4 * s, 10 * s)}l{pts(80 * s, 16 * s)}Z"
    )
    stones = [(x + dx * s, base + 4 * s, 9 * s) for dx in (-52, -34, 34, 52)]
    return [
        circle(x, base - 30 * s, 150 * s, glow),
        path(circles_d(stones), fill=st.tone("#7d7f8a")),
        path(logs, fill="#6b4630"),
        path(flame_d(x, base - 8 * s, 70 * s), fill="#ff6b35"),
        path(flame_d(x - 12 * s, base - 8 * s, 44 * s), fill="#ff9a3c"),
        path(flame_d(x + 10 * s, base - 8 * s, 50 * s), fill="#ffb347"),
        path(flame_d(x, base - 10 * s, 30 * s), fill="#fff0a8"),
    ]


def side_trees(st: Stage, base: float) -> list[str]:
    """Trees framing the picture at both sides (outdoors)."""
    pines = "".join(
        pine_d(
            x + st.rng.uniform(-15, 15), base + st.rng.uniform(0, 20), st.rng.uniform(170, 240), 110
        )
        for x in (30, 95, W - 95, W - 30)
    )
    return [path(pines, fill=st.tone("#2f6b4a"))]


def potted_plant(st: Stage, x: float, base: float) -> list[str]:
    leaves = canopy(st.rng, x, base - 80, 30)
    return [
        path(f"M{pts(x - 24, base - 44)}h48l-8 44h-32Z", fill=st.tone("#b8683e")),
        path(circles_d(leaves), fill=st.tone("#4f9a55")),
        path(
            circles_d([(cx - 6, cy - 6, r * 0.5) for cx, cy, r in leaves[:3]]),
            fill=st.tone("#6fbf6a"),
        ),
    ]


def foreground(st: Stage) -> list[str]:
    """Whichever asked-for props the scene did not draw itself."""
    out: list[str] = []
    todo = st.plan.props - st.handled
    if "trees" in todo:
        if st.plan.indoor:
            out += potted_plant(st, W - 70, H - 10)
        else:
            out += side_trees(st, H - 10)
    if "flowers" in todo:
        out += flowers(st, H - 70, H - 14, 18) if not st.plan.indoor else petals(st, 24)
    if "fire" in todo:
        out += campfire(st, W * 0.78, H - 26, 0.8)
    if "books" in todo:
        out += book_stack(st, 120, H - 8)
    if "candles" in todo:
        out += candles(st)
    if "fireflies" in todo:
        out += fireflies(st, H * 0.35, H - 20)
    if "lanterns" in todo:
        out += hanging_lanterns(st, 10, "#ff7a45")
    return out
