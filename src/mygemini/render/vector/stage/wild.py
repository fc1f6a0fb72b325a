"""Wild places: the forest, the night sky and the snowfield."""

from __future__ import annotations

from ..paint import circle, circles_d, ellipse, f, mix, path, pts, rect
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
