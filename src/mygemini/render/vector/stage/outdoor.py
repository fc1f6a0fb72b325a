"""Outdoor scenes: each draws its ground and landmarks; the sky above is shared (sky.py)."""

from __future__ import annotations

from ..paint import adjust, circle, circles_d, ellipse, f, mix, path, pts, rect, rects_d
from . import props, sky
from .kit import H, Stage, W, canopy, pine_d, snowcap_d
from .words import Weather


def _treeline(st: Stage, base: float, hmin: float, hmax: float, n: int, color: str) -> str:
    step = (W + 80) / n
    d = "".join(
        pine_d(
            -40 + i * step + st.rng.uniform(-10, 10),
            base + st.rng.uniform(0, 8),
            st.rng.uniform(hmin, hmax),
            st.rng.uniform(0.45, 0.6) * hmax,
        )
        for i in range(n)
    )
    return path(d, fill=color)


def forest(st: Stage) -> list[str]:
    st.handled |= {"trees", "flowers", "fireflies"}
    hz = st.horizon
    far = mix(sky.sky_colors(st)[-1], st.tone("#3f7a62"), 0.55)
    out = [
        _treeline(st, hz + 20, 70, 110, 26, far),
        _treeline(st, hz + 40, 120, 190, 16, st.tone("#2f6650")),
        path(
            f"M{pts(-10, hz + 30)}Q{pts(W / 2, hz + 10, W + 10, hz + 30)}V{f(H)}H-10Z",
            fill=st.tone("#7dbb6e"),
        ),
        path(
            f"M{pts(W / 2 - 150, H)}"
            f"C{pts(W / 2 - 40, hz + 110, W / 2 + 60, hz + 80, W / 2 + 10, hz + 36)}"
            f"C{pts(W / 2 + 40, hz + 80, W / 2 + 90, hz + 120, W / 2 + 160, H)}Z",
            fill=st.tone("#dcc395"),
        ),
    ]
    if not st.night and st.plan.weather is not Weather.RAIN:
        rays = "".join(
            f"M{pts(x, -10)}l{pts(60, 0)}l{pts(140, H)}l{pts(-110, 0)}Z" for x in (260, 420, 610)
        )
        out.append(path(rays, fill="#fff8d0", opacity="0.16"))
    for side in (-1, 1):
        for k in range(2):
            x = (W / 2) + side * (W / 2 - 40 - k * 120 - st.rng.uniform(0, 30))
            out.append(
                path(
                    f"M{pts(x - 18, H)}C{pts(x - 14, 300, x - 10, 200, x - 6, 120)}h16"
                    f"C{pts(x + 12, 200, x + 20, 300, x + 26, H)}Z",
                    fill=st.tone("#6b4a35"),
                )
            )
            leaves = canopy(st.rng, x, 90 + k * 40, 90 - k * 15)
            out.append(path(circles_d(leaves), fill=st.tone("#3f8a4f")))
            out.append(
                path(
                    circles_d([(cx - r * 0.25, cy - r * 0.3, r * 0.55) for cx, cy, r in leaves]),
                    fill=st.tone("#5fae5c"),
                )
            )
    tufts = "".join(
        f"M{pts(x, H - 6)}l-6 -18M{pts(x, H - 6)}l2 -24M{pts(x, H - 6)}l9 -16"
        for x in range(10, W, 34)
    )
    out.append(path(tufts, stroke=st.tone("#4c8f45"), width=3))
    out += props.flowers(st, hz + 60, H - 20, 30 if st.has("flowers") else 12)
    if st.night or st.has("fireflies"):
        out += props.fireflies(st, hz - 120, H - 30)
    return out


def night_sky(st: Stage) -> list[str]:
    st.handled |= {"stars", "moon", "mountains"}
    hz = st.horizon
    out: list[str] = []
    if st.night or st.has("stars"):
        band = [
            (
                x + st.rng.gauss(0, 50),
                380 - x * 0.34 + st.rng.gauss(0, 30),
                st.rng.uniform(0.4, 1.2),
            )
            for x in (st.rng.uniform(0, W) for _ in range(260))
        ]
        glow = [
            ellipse(480, 230, rx, ry, "#b9a8ff", opacity=o, transform="rotate(-19 480 230)")
            for rx, ry, o in ((620, 110, "0.06"), (520, 70, "0.07"), (420, 36, "0.08"))
        ]
        out += glow
        out.append(path(circles_d(band), fill="#d8d0ff", opacity="0.35"))
        out += sky.stars(st, 0, 0, W, hz, 200)
        out.append(
            path(f"M{pts(620, 70)}l{pts(-120, 50)}", stroke="#fff8e0", width=2, opacity="0.8")
        )
    if st.night or st.has("moon"):
        out += sky.moon(st, 780, 110, 44, crescent=True)
    hill_far = st.tone("#3b4a7a") if not st.night else "#1d2350"
    hill_near = st.tone("#2a3560") if not st.night else "#121736"
    out += sky.mountains(st, hz + 10, 130, hill_far, st.plan.weather is Weather.SNOW)
    out.append(
        path(
            f"M{pts(-10, hz + 50)}Q{pts(240, hz - 30, 520, hz + 40)}"
            f"T{pts(W + 10, hz + 20)}V{f(H)}H-10Z",
            fill=hill_near,
        )
    )
    tx, ty = 250, hz - 6
    out.append(path(f"M{pts(tx - 4, ty + 10)}l{pts(2, -60)}h6l2 60Z", fill="#0b0f26"))
    out.append(path(circles_d(canopy(st.rng, tx, ty - 70, 30)), fill="#0b0f26"))
    if st.has("sea"):
        st.handled.add("sea")
        out += sky.sea(st, hz + 60, H)
    grass = "".join(
        f"M{pts(x, H)}l{pts(-5, -22)}M{pts(x, H)}l{pts(5, -30)}" for x in range(0, W, 18)
    )
    out.append(path(grass, stroke="#0b0f26", width=3))
    return out


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
    import math

    a = math.radians(angle)
    ex, ey = x + math.cos(a) * length, y + math.sin(a) * length * 0.6 + length * 0.35
    nx, ny = -math.sin(a) * 22, math.cos(a) * 22
    mx, my = (x + ex) / 2, (y + ey) / 2 - 30
    return (
        f"M{pts(x, y)}Q{pts(mx + nx, my + ny, ex, ey)}Q{pts(mx - nx * 0.3, my - ny * 0.3, x, y)}Z"
    )


def _star(x: float, y: float, r: float, color: str) -> str:
    import math

    d = "M"
    for i in range(10):
        a = math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.45
        d += f"{pts(x + math.cos(a) * rr, y - math.sin(a) * rr)}L"
    return path(d[:-1] + "Z", fill=color)


def snowfield(st: Stage) -> list[str]:
    st.handled |= {"mountains", "trees"}
    hz = st.horizon
    snow = st.tone("#f3f7ff")
    shade = st.tone("#cfdcef")
    out = [
        *sky.mountains(st, hz + 20, 220, st.tone("#8ea4c8"), True),
        *sky.mountains(st, hz + 30, 120, st.tone("#6f88b0"), True),
        path(
            f"M{pts(-10, hz + 30)}Q{pts(300, hz - 10, 600, hz + 40)}"
            f"T{pts(W + 10, hz + 20)}V{f(H)}H-10Z",
            fill=shade,
        ),
        path(
            f"M{pts(-10, hz + 90)}Q{pts(260, hz + 40, 520, hz + 100)}"
            f"T{pts(W + 10, hz + 80)}V{f(H)}H-10Z",
            fill=snow,
        ),
    ]
    groups = (
        (120, hz + 60, 1.0),
        (200, hz + 70, 0.8),
        (820, hz + 50, 1.1),
        (880, hz + 70, 0.7),
        (560, hz + 34, 0.5),
    )
    for gx, gy, s in groups:
        x = gx + st.rng.uniform(-20, 20)
        out.append(path(pine_d(x, gy, 150 * s, 90 * s), fill=st.tone("#2f5e4f")))
        out.append(path(snowcap_d(x, gy, 150 * s, 90 * s), fill=snow))
    # A cabin with a warm window.
    cx, cy = 640, hz + 60
    out.append(rect(cx, cy - 50, 110, 50, st.tone("#8a5a3c")))
    out.append(
        path(
            f"M{pts(cx - 14, cy - 46)}L{pts(cx + 55, cy - 96)}L{pts(cx + 124, cy - 46)}Z", fill=snow
        )
    )
    out.append(rect(cx + 18, cy - 36, 22, 20, "#ffd36e"))
    out.append(rect(cx + 66, cy - 40, 24, 40, st.tone("#5a3a2a")))
    out.append(circle(cx + 29, cy - 26, 40, st.glow("cabinGlow", "#ffcf7a", 0.45)))
    smoke: list[tuple[float, float, float]] = [
        (cx + 92 + i * 8, cy - 110 - i * 18, 8 + i * 3) for i in range(4)
    ]
    out.append(rect(cx + 84, cy - 100, 14, 30, st.tone("#6b4a3a")))
    out.append(path(circles_d(smoke), fill="#ffffff", opacity="0.5"))
    steps: list[tuple[float, float, float]] = [
        (300 + i * 34 + (i % 2) * 10, H - 20 - i * 12, 5) for i in range(9)
    ]
    out.append(path(circles_d(steps), fill=shade))
    return out


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


PAINTERS = {
    "forest": forest,
    "night_sky": night_sky,
    "city_street": city_street,
    "beach": beach,
    "snowfield": snowfield,
    "shrine": shrine,
}
HORIZONS = {
    "forest": 340.0,
    "night_sky": 400.0,
    "city_street": 380.0,
    "beach": 300.0,
    "snowfield": 340.0,
    "shrine": 350.0,
}
