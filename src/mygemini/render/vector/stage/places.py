"""Places people built or visit: the city street, the beach and the shrine."""

from __future__ import annotations

import math

from ..paint import adjust, circle, circles_d, ellipse, f, mix, path, pts, rect, rects_d
from . import props, sky
from .kit import H, Stage, W, canopy
from .words import Weather


def city_street(st: Stage) -> list[str]:
    st.handled |= {"lanterns"}
    street = 430.0
    lit = st.night or st.sunset
    skyline = mix(sky.sky_colors(st)[-2], "#3a3468", 0.55)
    far = []
    x = -20.0
    while x < W:
        w, h = st.rng.uniform(40, 90), st.rng.uniform(60, 170)
        far.append((x, street - 110 - h, w, h + 110))
        x += w + st.rng.uniform(0, 10)
    out = [path(rects_d(far), fill=skyline)]
    facades = ("#e8b48a", "#d98b7a", "#b9c7d9", "#e6d3a3", "#a8c5a0", "#c9a3c2")
    windows_on: list[tuple[float, float, float, float]] = []
    windows_off: list[tuple[float, float, float, float]] = []
    x = -30.0
    while x < W + 20:
        w, h = st.rng.uniform(130, 200), st.rng.uniform(200, 330)
        top = street - h
        color = st.tone(st.rng.choice(facades))
        out.append(rect(x, top, w - 4, h, color))
        out.append(rect(x - 6, top - 10, w + 8, 14, st.tone(adjust(color, -0.2))))
        for wy in range(int(top + 24), int(street - 110), 46):
            for wx in range(int(x + 18), int(x + w - 40), 40):
                box = (float(wx), float(wy), 22.0, 30.0)
                (windows_on if lit and st.rng.random() < 0.55 else windows_off).append(box)
        awning = st.rng.choice(("#e04f5f", "#3f8ecf", "#4fae7a", "#f2a83b"))
        stripes = rects_d(
            [(x + 10 + i * 24, street - 96, 12, 26) for i in range(int((w - 24) / 24))]
        )
        out.append(rect(x + 6, street - 96, w - 16, 26, st.tone("#fff4e6")))
        out.append(path(stripes, fill=st.tone(awning)))
        out.append(rect(x + 14, street - 64, w - 70, 56, "#ffd98a" if lit else st.tone("#a9d3ea")))
        out.append(rect(x + w - 48, street - 70, 30, 70, st.tone("#5a3a2a")))
        x += w
    out.append(path(rects_d(windows_off), fill=st.tone("#9fc7e6")))
    if windows_on:
        out.append(path(rects_d(windows_on), fill="#ffd36e"))
    out.append(rect(-10, street, W + 20, 26, st.tone("#c9bfb4")))
    out.append(rect(-10, street + 26, W + 20, H - street, st.tone("#5c5a66")))
    dashes = rects_d([(x, street + 70, 50, 6) for x in range(20, W, 110)])
    out.append(path(dashes, fill=st.tone("#f0e6c8")))
    glow = st.glow("lampGlow", "#ffd27a", 0.6)
    for lx in (120, 480, 840):
        out.append(
            path(
                f"M{pts(lx - 3, street + 20)}V{f(street - 150)}q0 -14 14 -14h18",
                stroke="#2e2a3a",
                width=6,
            )
        )
        if lit or st.has("lanterns"):
            out.append(circle(lx + 32, street - 150, 70, glow))
        out.append(ellipse(lx + 32, street - 154, 12, 9, "#ffe6a0" if lit else "#f4f1e6"))
    if st.plan.weather is Weather.RAIN:
        puddles = "".join(
            f"M{pts(x, street + 50 + (x % 3) * 14)}h{f(60)}" for x in range(40, W, 160)
        )
        out.append(path(puddles, stroke="#ffd98a" if lit else "#cfe0f0", width=3, opacity="0.6"))
    return out


def beach(st: Stage) -> list[str]:
    st.handled |= {"sea", "sun", "trees"}
    hz = st.horizon
    out: list[str] = []
    if not st.night:
        sx, sy = (720, 110) if not st.sunset else (600, hz - 10)
        out += sky.sun(st, sx, sy, 40 if not st.sunset else 60)
    out += sky.sea(st, hz, 440)
    if st.sunset or st.night:
        bars = "".join(
            f"M{pts(600 - 40 + (i % 2) * 20, hz + 12 + i * 14)}h{f(80 - i * 5)}" for i in range(9)
        )
        out.append(path(bars, stroke="#ffe0a0" if st.sunset else "#e8ecff", width=3, opacity="0.6"))
    out.append(
        path(
            f"M{pts(-10, 420)}C{pts(200, 400, 420, 440, 620, 418)}"
            f"S{pts(880, 404, W + 10, 416)}V{f(H)}H-10Z",
            fill=st.tone("#f2d49c"),
        )
    )
    out.append(
        path(
            f"M{pts(-10, 420)}C{pts(200, 400, 420, 440, 620, 418)}S{pts(880, 404, W + 10, 416)}",
            stroke="#ffffff",
            width=5,
            opacity="0.85",
        )
    )
    out.append(
        path(
            f"M{pts(-10, 444)}C{pts(220, 426, 400, 462, 640, 440)}S{pts(860, 430, W + 10, 440)}",
            stroke=st.tone("#e2bf85"),
            width=3,
            opacity="0.7",
        )
    )
    # A palm leaning in from the left.
    trunk = st.tone("#8a6240")
    out.append(
        path(
            f"M{pts(70, H + 10)}C{pts(90, 420, 120, 300, 190, 210)}l18 8"
            f"C{pts(140, 310, 112, 420, 104, H + 10)}Z",
            fill=trunk,
        )
    )
    rings = "".join(f"M{pts(80 + i * 9, 500 - i * 28)}l{pts(26, 4)}" for i in range(10))
    out.append(path(rings, stroke=st.tone("#6b4a30"), width=2, opacity="0.6"))
    fronds = ""
    for angle in (-160, -120, -70, -30, 10, 40):
        fronds += _frond(200, 210, angle, 150)
    out.append(path(fronds, fill=st.tone("#3f9a55")))
    out.append(
        path(circles_d([(196, 222, 9), (212, 226, 8), (204, 236, 8)]), fill=st.tone("#6b4a30"))
    )
    # A striped parasol and a starfish.
    px, py = 760, 420
    out.append(
        path(f"M{pts(px, py + 70)}L{pts(px + 10, py - 40)}", stroke=st.tone("#f4f0e8"), width=5)
    )
    out.append(
        path(
            f"M{pts(px - 100, py - 20)}Q{pts(px + 10, py - 110, px + 120, py - 40)}Z",
            fill=st.tone("#ff6f7d"),
        )
    )
    out.append(
        path(
            f"M{pts(px - 30, py - 30)}Q{pts(px + 10, py - 100, px + 50, py - 34)}Z",
            fill=st.tone("#fff4ea"),
        )
    )
    out.append(_star(620, 500, 14, st.tone("#ff9a5c")))
    out.append(ellipse(360, 490, 14, 9, st.tone("#fbe3e8")))
    return out


def _frond(x: float, y: float, angle: float, length: float) -> str:
    a = math.radians(angle)
    ex, ey = x + math.cos(a) * length, y + math.sin(a) * length * 0.6 + length * 0.35
    nx, ny = -math.sin(a) * 22, math.cos(a) * 22
    mx, my = (x + ex) / 2, (y + ey) / 2 - 30
    return (
        f"M{pts(x, y)}Q{pts(mx + nx, my + ny, ex, ey)}Q{pts(mx - nx * 0.3, my - ny * 0.3, x, y)}Z"
    )


def _star(x: float, y: float, r: float, color: str) -> str:
    d = "M"
    for i in range(10):
        a = math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.45
        d += f"{pts(x + math.cos(a) * rr, y - math.sin(a) * rr)}L"
    return path(d[:-1] + "Z", fill=color)


def shrine(st: Stage) -> list[str]:
    st.handled |= {"lanterns", "flowers", "mountains"}
    hz = st.horizon
    out = [*sky.mountains(st, hz + 10, 150, st.tone("#7d6b9e"), st.plan.weather is Weather.SNOW)]
    ground = st.tone("#c8b89a")
    out.append(rect(-10, hz, W + 20, H - hz, ground))
    out.append(
        path(
            f"M{pts(400, hz)}L{pts(560, hz)}L{pts(700, H)}L{pts(260, H)}Z", fill=st.tone("#e2d6bd")
        )
    )
    slabs = "".join(f"M{pts(400 - k * 14, hz + k * 16)}h{f(160 + k * 28)}" for k in range(1, 11))
    out.append(path(slabs, stroke=st.tone("#b8a888"), width=2))
    # The hall behind the gate.
    hx, hy = 480, hz - 10
    out.append(rect(hx - 90, hy - 70, 180, 70, st.tone("#b43a2e")))
    out.append(
        path(
            rects_d([(hx - 70 + i * 40, hy - 60, 20, 50) for i in range(4)]),
            fill=st.tone("#f2e2c0"),
        )
    )
    out.append(
        path(
            f"M{pts(hx - 140, hy - 66)}Q{pts(hx - 80, hy - 90, hx - 60, hy - 130)}H{f(hx + 60)}"
            f"Q{pts(hx + 80, hy - 90, hx + 140, hy - 66)}Z",
            fill=st.tone("#3c3a4a"),
        )
    )
    # The gate.
    red = st.tone("#e0452f")
    gx = 480
    out.append(
        path(rects_d([(gx - 150, hz - 190, 22, 320), (gx + 128, hz - 190, 22, 320)]), fill=red)
    )
    out.append(rect(gx - 180, hz - 170, 360, 20, red))
    out.append(
        path(
            f"M{pts(gx - 220, hz - 212)}Q{pts(gx, hz - 196, gx + 220, hz - 212)}l-10 24"
            f"Q{pts(gx, hz - 176, gx - 210, hz - 188)}Z",
            fill=red,
        )
    )
    out.append(
        path(
            f"M{pts(gx - 226, hz - 220)}Q{pts(gx, hz - 204, gx + 226, hz - 220)}l-4 10"
            f"Q{pts(gx, hz - 194, gx - 222, hz - 210)}Z",
            fill=st.tone("#2e2a36"),
        )
    )
    out.append(rect(gx - 20, hz - 166, 40, 46, st.tone("#2e2a36")))
    # Stone lanterns, lit.
    glow = st.glow("toroGlow", "#ffcf7a", 0.55)
    for lx, scale in ((260, 1.0), (700, 1.0), (340, 0.7), (620, 0.7)):
        base = hz + 120 * scale + 40
        s = scale
        out.append(circle(lx, base - 100 * s, 60 * s, glow))
        stone = st.tone("#9a9690")
        out.append(
            path(
                f"M{pts(lx - 26 * s, base)}h{f(52 * s)}l-8 -14h{f(-36 * s)}Z"
                f"M{pts(lx - 8 * s, base - 14)}h{f(16 * s)}v{f(-60 * s)}h{f(-16 * s)}Z",
                fill=stone,
            )
        )
        out.append(rect(lx - 20 * s, base - 110 * s, 40 * s, 34 * s, stone))
        out.append(rect(lx - 10 * s, base - 102 * s, 20 * s, 18 * s, "#ffd36e"))
        out.append(
            path(
                f"M{pts(lx - 34 * s, base - 108 * s)}L{pts(lx, base - 136 * s)}"
                f"L{pts(lx + 34 * s, base - 108 * s)}Z",
                fill=st.tone("#7d7a76"),
            )
        )
    # Cherry trees at both sides, and falling petals.
    for tx in (60, 900):
        out.append(
            path(
                f"M{pts(tx - 12, H)}C{pts(tx - 8, 400, tx, 300, tx + 10, 240)}h14"
                f"C{pts(tx + 10, 320, tx + 14, 420, tx + 16, H)}Z",
                fill=st.tone("#6b4038"),
            )
        )
        leaves = canopy(st.rng, tx, 180, 110)
        out.append(path(circles_d(leaves), fill=st.tone("#f7a8c4")))
        out.append(
            path(
                circles_d([(x - r * 0.2, y - r * 0.3, r * 0.5) for x, y, r in leaves]),
                fill=st.tone("#ffd0e0"),
            )
        )
    out += props.petals(st, 36, st.tone("#ffb7cd"))
    return out
