"""What is above the horizon (sky, sun, moon, stars, clouds, mountains, sea) and the weather.

Outdoors the sky gradient is painted by Pillow under the SVG (a full-canvas SVG gradient costs
resvg tens of milliseconds); indoors the same sky shows through the windows."""

from __future__ import annotations

from ..paint import adjust, circle, circles_d, f, group, linear, mix, path, pts, rect, sparkle
from .kit import H, Stage, W, cloud_d
from .words import Time, Weather

Stops = list[tuple[float, str]]

_SKIES: dict[Time, list[str]] = {
    Time.DAY: ["#4c9be6", "#86c3f3", "#c4e6fb", "#eef8ff"],
    Time.SUNSET: ["#2a2260", "#74397f", "#d95878", "#ff9a6a", "#ffd592"],
    Time.NIGHT: ["#050822", "#0f1848", "#232a66", "#453c84"],
}
_WEATHER_TINT: dict[Weather, tuple[str, float]] = {
    Weather.RAIN: ("#7d8799", 0.5),
    Weather.SNOW: ("#e3eaf4", 0.35),
    Weather.FOG: ("#dde3ea", 0.4),
    Weather.CLEAR: ("#ffffff", 0.0),
}


def sky_colors(st: Stage) -> list[str]:
    tint, amount = _WEATHER_TINT[st.plan.weather]
    if st.night:
        amount *= 0.35  # a rainy night is still dark
    return [mix(adjust(c, hue=st.hue), tint, amount) for c in _SKIES[st.plan.time]]


def sky_stops(st: Stage) -> Stops:
    """Gradient stops for the whole canvas, the last colour reaching the horizon."""
    colors = sky_colors(st)
    end = st.horizon / H
    return [(end * i / (len(colors) - 1), c) for i, c in enumerate(colors)]


def clear(st: Stage) -> bool:
    return st.plan.weather in (Weather.CLEAR, Weather.SNOW) or st.has("stars") or st.has("moon")


def stars(st: Stage, x0: float, y0: float, x1: float, y1: float, n: int) -> list[str]:
    layers: list[list[tuple[float, float, float]]] = [[], [], []]
    for _ in range(n):
        dot = (st.rng.uniform(x0, x1), st.rng.uniform(y0, y1), st.rng.uniform(0.6, 1.9))
        layers[st.rng.randrange(3)].append(dot)
    out = [
        path(circles_d(dots), fill="#ffffff", opacity=alpha)
        for alpha, dots in zip(("0.4", "0.65", "0.95"), layers, strict=True)
        if dots
    ]
    for _ in range(max(2, n // 30)):
        x, y = st.rng.uniform(x0 + 10, x1 - 10), st.rng.uniform(y0 + 10, y1 - 10)
        out.append(sparkle(x, y, st.rng.uniform(5, 10), "#fff6d0"))
    return out


def moon(st: Stage, x: float, y: float, r: float, crescent: bool = False) -> list[str]:
    out = [
        circle(x, y, r * 3.2, st.glow("moonHalo", "#cfd8ff", 0.35)),
        circle(x, y, r, "#fff3cf"),
    ]
    if crescent:
        out.append(circle(x + r * 0.45, y - r * 0.25, r * 0.88, sky_colors(st)[1]))
    else:
        craters = [(x - r * 0.3, y - r * 0.2, r * 0.22), (x + r * 0.35, y + r * 0.25, r * 0.16)]
        craters.append((x + r * 0.1, y - r * 0.45, r * 0.1))
        out.append(path(circles_d(craters), fill="#eadbb2", opacity="0.7"))
    return out


def sun(st: Stage, x: float, y: float, r: float) -> list[str]:
    core = "#fff3c0" if st.plan.time is Time.DAY else "#ffd27a"
    halo = "#fff7d6" if st.plan.time is Time.DAY else "#ffb36b"
    return [circle(x, y, r * 3.5, st.glow("sunHalo", halo, 0.55)), circle(x, y, r, core)]


def clouds(st: Stage, n: int, y0: float, y1: float) -> list[str]:
    color = {Time.DAY: "#ffffff", Time.SUNSET: "#ffc4a6", Time.NIGHT: "#5a5890"}[st.plan.time]
    if st.plan.weather is Weather.RAIN:
        color = mix(color, "#8a93a6", 0.6)
    shade = adjust(color, -0.08, hue=-10)
    out = []
    for _ in range(n):
        x, y, w = st.rng.uniform(40, W - 40), st.rng.uniform(y0, y1), st.rng.uniform(90, 190)
        out.append(path(cloud_d(x, y + 6, w), fill=shade, opacity="0.8"))
        out.append(path(cloud_d(x - 4, y, w), fill=color, opacity="0.92"))
    return out


def mountains(st: Stage, base: float, height: float, color: str, snow: bool) -> list[str]:
    """A ridge of peaks standing on `base`, optionally snow-capped."""
    x = -40.0
    d = [f"M{pts(-40, base)}"]
    caps = []
    while x < W + 40:
        w = st.rng.uniform(110, 220)
        top = base - height * st.rng.uniform(0.55, 1.0)
        peak = x + w / 2 + st.rng.uniform(-20, 20)
        d.append(f"L{pts(peak, top)}L{pts(x + w, base - height * st.rng.uniform(0.1, 0.35))}")
        if snow:
            dy = (base - top) * 0.28
            caps.append(
                f"M{pts(peak, top)}L{pts(peak + dy * 0.9, top + dy)}"
                f"L{pts(peak + dy * 0.3, top + dy * 0.8)}"
                f"L{pts(peak - dy * 0.2, top + dy * 1.1)}L{pts(peak - dy * 0.8, top + dy)}Z"
            )
        x += w
    d.append(f"L{pts(W + 40, H)}L{pts(-40, H)}Z")
    out = [path("".join(d), fill=color)]
    if caps:
        out.append(path("".join(caps), fill=st.tone("#f4f8ff")))
    return out


def far_ridges(st: Stage) -> list[str]:
    """Two hazy mountain ridges just above the horizon."""
    back = mix(sky_colors(st)[-2], st.tone("#5a6a9a"), 0.5)
    front = mix(sky_colors(st)[-1], st.tone("#4c6180"), 0.6)
    snow = st.plan.weather is Weather.SNOW or st.plan.scene == "snowfield"
    return [
        *mountains(st, st.horizon + 10, 170, back, snow),
        *mountains(st, st.horizon + 14, 100, front, snow),
    ]


def sea(st: Stage, top: float, bottom: float) -> list[str]:
    deep = st.tone("#1f5f9a")
    light = st.tone("#4aa6d8") if not st.sunset else "#d9788a"
    gid = f"sea{st.plan.time}"
    fill = st.define(gid, linear(gid, [(0, light), (1, deep)]))
    out = [rect(-10, top, W + 20, bottom - top, fill)]
    glints = []
    for _ in range(40):
        y = st.rng.uniform(top + 6, bottom - 4)
        w = st.rng.uniform(10, 50) * (0.5 + (y - top) / (bottom - top))
        glints.append(f"M{pts(st.rng.uniform(0, W), y)}h{f(w)}")
    out.append(path("".join(glints), stroke="#ffffff", width=1.6, opacity="0.35"))
    return out


def weather(
    st: Stage, clip: str | None = None, box: tuple[float, float, float, float] = (0, 0, W, H)
) -> list[str]:
    """Rain or snow over the picture (or only inside the `clip` path: windows, within `box`)."""
    rng = st.rng
    x0, y0, x1, y1 = box
    share = max(0.08, (x1 - x0) * (y1 - y0) / (W * H))
    out: list[str] = []
    if st.plan.weather is Weather.RAIN:
        n = round(170 * share**0.5)
        d = "".join(
            f"M{pts(rng.uniform(x0 - 40, x1), rng.uniform(y0 - 20, y1))}l-6 22" for _ in range(n)
        )
        out.append(path(d, stroke="#dce6ff", width=1.4, opacity="0.5"))
        if clip is None:
            splash = [
                (rng.uniform(0, W), rng.uniform(H - 60, H), rng.uniform(2, 4)) for _ in range(30)
            ]
            out.append(path(circles_d(splash), fill="#dce6ff", opacity="0.35"))
    elif st.plan.weather is Weather.SNOW:
        n = round(140 * share**0.5)
        small = [
            (rng.uniform(x0, x1), rng.uniform(y0, y1), rng.uniform(1.2, 2.4)) for _ in range(n)
        ]
        big = [
            (rng.uniform(x0, x1), rng.uniform(y0, y1), rng.uniform(2.8, 4.6)) for _ in range(n // 3)
        ]
        out.append(path(circles_d(small), fill="#ffffff", opacity="0.75"))
        out.append(path(circles_d(big), fill="#ffffff", opacity="0.92"))
    if clip is None or not out:
        return out
    return [group(out, clip_path=f"url(#{clip})")]


def window_view(
    st: Stage, shape_d: str, box: tuple[float, float, float, float], clip_id: str = "windows"
) -> list[str]:
    """The outdoors seen through windows: sky, sun or moon, stars, clouds, weather."""
    colors = sky_colors(st)
    st.define(clip_id, f'<clipPath id="{clip_id}"><path d="{shape_d}"/></clipPath>')
    fill = st.define(
        "windowSky", linear("windowSky", [(0, colors[0]), (0.6, colors[-2]), (1, colors[-1])])
    )
    inside: list[str] = [path(shape_d, fill=fill)]
    x0, y0, x1, y1 = box
    if st.night and clear(st):
        inside += stars(st, x0, y0, x1, y1 * 0.95, 40)
    if (st.night and clear(st)) or st.has("moon"):
        inside += moon(st, x0 + (x1 - x0) * 0.7, y0 + (y1 - y0) * 0.25, 18)
    elif st.has("sun") or st.plan.time is Time.SUNSET:
        inside += sun(st, x0 + (x1 - x0) * 0.3, y0 + (y1 - y0) * 0.6, 20)
    if st.has("clouds") or st.plan.time is Time.DAY:
        inside += [
            path(
                cloud_d(st.rng.uniform(x0, x1), st.rng.uniform(y0 + 30, y1 - 60), 80),
                fill="#ffffff",
                opacity="0.8",
            )
        ]
    if st.has("mountains") or st.has("sea"):
        inside += mountains(
            st, y1, (y1 - y0) * 0.3, st.tone("#6f86a8"), st.plan.weather is Weather.SNOW
        )
    out = [group(inside, clip_path=f"url(#{clip_id})")]
    out += weather(st, clip=clip_id, box=box)
    return out
