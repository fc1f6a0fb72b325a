"""Colour maths and tiny SVG string helpers shared by the vector layers."""

from __future__ import annotations

import colorsys
from dataclasses import dataclass


def rgb(hex_color: str) -> tuple[float, float, float]:
    h = hex_color.lstrip("#")
    return int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255


def to_hex(r: float, g: float, b: float) -> str:
    def c(v: float) -> int:
        return max(0, min(255, round(v * 255)))

    return f"#{c(r):02x}{c(g):02x}{c(b):02x}"


def adjust(hex_color: str, light: float = 0.0, sat: float = 0.0, hue: float = 0.0) -> str:
    """Shift lightness/saturation (in 0..1 units) and hue (degrees) in HLS space."""
    h, lum, s = colorsys.rgb_to_hls(*rgb(hex_color))
    h = (h + hue / 360) % 1.0
    lum = min(1.0, max(0.0, lum + light))
    s = min(1.0, max(0.0, s + sat))
    return to_hex(*colorsys.hls_to_rgb(h, lum, s))


def mix(a: str, b: str, t: float) -> str:
    ra, rb = rgb(a), rgb(b)
    return to_hex(*(x + (y - x) * t for x, y in zip(ra, rb, strict=True)))


def lightness(hex_color: str) -> float:
    return colorsys.rgb_to_hls(*rgb(hex_color))[1]


@dataclass(frozen=True)
class Palette:
    """A base colour with the cel-shading steps derived from it."""

    base: str
    shade: str
    deep: str
    light: str
    line: str

    @classmethod
    def of(cls, base: str, line_mix: float = 0.62) -> Palette:
        # Very light bases (white/silver hair) need stronger, cooler shadows to read as shaded.
        pale = lightness(base) > 0.8
        shade = adjust(base, -0.16 if pale else -0.12, 0.05 if pale else 0.02, -6 if pale else 4)
        deep = adjust(base, -0.30 if pale else -0.26, 0.02, -4 if pale else 6)
        light = adjust(base, 0.12, -0.04)
        line = mix(adjust(base, -0.45, 0.1), "#2a1d2e", line_mix)
        return cls(base=base, shade=shade, deep=deep, light=light, line=line)


def f(v: float) -> str:
    """Fixed-precision number so the same inputs always give byte-identical SVG."""
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def pts(*xy: float) -> str:
    """'x1 y1 x2 y2 ...' for path data."""
    return " ".join(f(v) for v in xy)


def _extra(extra: dict[str, str]) -> str:
    """Extra SVG attributes; `opacity` becomes fill/stroke opacity.

    Element `opacity` makes resvg composite the element in its own offscreen layer, which made
    star fields and city windows cost hundreds of layers; fill/stroke opacity paints directly.
    """
    out = []
    for key, value in extra.items():
        if key == "opacity":
            out.append(f' fill-opacity="{value}" stroke-opacity="{value}"')
        else:
            out.append(f' {key.replace("_", "-")}="{value}"')
    return "".join(out)


def path(
    d: str, fill: str = "none", stroke: str | None = None, width: float = 0.0, **extra: str
) -> str:
    attrs = [f'd="{d}"', f'fill="{fill}"']
    if stroke is not None and width > 0:
        attrs.append(f'stroke="{stroke}" stroke-width="{f(width)}"')
        attrs.append('stroke-linejoin="round" stroke-linecap="round"')
    return f"<path {' '.join(attrs)}{_extra(extra)}/>"


def circle(cx: float, cy: float, r: float, fill: str, **extra: str) -> str:
    rest = _extra(extra)
    return f'<circle cx="{f(cx)}" cy="{f(cy)}" r="{f(r)}" fill="{fill}"{rest}/>'


def ellipse(cx: float, cy: float, rx: float, ry: float, fill: str, **extra: str) -> str:
    rest = _extra(extra)
    return f'<ellipse cx="{f(cx)}" cy="{f(cy)}" rx="{f(rx)}" ry="{f(ry)}" fill="{fill}"{rest}/>'


def rect(x: float, y: float, w: float, h: float, fill: str, **extra: str) -> str:
    rest = _extra(extra)
    return f'<rect x="{f(x)}" y="{f(y)}" width="{f(w)}" height="{f(h)}" fill="{fill}"{rest}/>'


def rects_d(boxes: list[tuple[float, float, float, float]]) -> str:
    """Many rectangles as one path: resvg fills one path far faster than hundreds of elements."""
    return "".join(f"M{pts(x, y)}h{f(w)}v{f(h)}h{f(-w)}Z" for x, y, w, h in boxes)


def circles_d(dots: list[tuple[float, float, float]]) -> str:
    """Many circles as one path of arc pairs."""
    return "".join(
        f"M{pts(cx - r, cy)}a{pts(r, r)} 0 1 0 {pts(2 * r, 0)}a{pts(r, r)} 0 1 0 {pts(-2 * r, 0)}Z"
        for cx, cy, r in dots
    )


def group(items: list[str], transform: str | None = None, **extra: str) -> str:
    attrs = f' transform="{transform}"' if transform else ""
    attrs += "".join(f' {k.replace("_", "-")}="{v}"' for k, v in extra.items())
    return f"<g{attrs}>{''.join(items)}</g>"


Box = tuple[float, float, float, float]  # x, y, width, height


def linear(gid: str, stops: list[tuple[float, str]], box: Box, x2: float = 0, y2: float = 1) -> str:
    """A linear gradient over `box` (the shape's bounds) from its top-left corner to (x2, y2) in
    fractions of it. Written in user space: Skia's SVG reader draws bounding-box gradients with
    explicit end points black, and for a vertical gradient both mean the same."""
    x, y, w, h = box
    body = "".join(f'<stop offset="{f(o)}" stop-color="{c}"/>' for o, c in stops)
    return (
        f'<linearGradient id="{gid}" gradientUnits="userSpaceOnUse" x1="{f(x)}" y1="{f(y)}" '
        f'x2="{f(x + x2 * w)}" y2="{f(y + y2 * h)}">{body}</linearGradient>'
    )


def radial(
    gid: str, stops: list[tuple[float, str, float]], ellipse: tuple[float, float, float, float]
) -> str:
    """A radial gradient filling the ellipse (cx, cy, rx, ry) it is used on, in user space (see
    `linear`: Skia draws bounding-box gradients black)."""
    cx, cy, rx, ry = ellipse
    body = "".join(
        f'<stop offset="{f(o)}" stop-color="{c}" stop-opacity="{a:.2f}"/>' for o, c, a in stops
    )
    return (
        f'<radialGradient id="{gid}" gradientUnits="userSpaceOnUse" cx="0" cy="0" r="1" '
        f'gradientTransform="matrix({f(rx)} 0 0 {f(ry)} {f(cx)} {f(cy)})">{body}</radialGradient>'
    )


def sparkle(cx: float, cy: float, r: float, fill: str, opacity: float = 1.0) -> str:
    """A four-point star, the universal anime 'shine'."""
    k = r * 0.22
    d = (
        f"M{pts(cx, cy - r)} Q{pts(cx + k, cy - k, cx + r, cy)} Q{pts(cx + k, cy + k, cx, cy + r)} "
        f"Q{pts(cx - k, cy + k, cx - r, cy)} Q{pts(cx - k, cy - k, cx, cy - r)}Z"
    )
    return path(d, fill=fill, opacity=f"{opacity:.2f}")


def heart(cx: float, cy: float, s: float, fill: str) -> str:
    d = (
        f"M{pts(cx, cy + s)} "
        f"C{pts(cx - s * 1.6, cy - s * 0.1, cx - s * 0.9, cy - s * 1.3, cx, cy - s * 0.45)} "
        f"C{pts(cx + s * 0.9, cy - s * 1.3, cx + s * 1.6, cy - s * 0.1, cx, cy + s)}Z"
    )
    return path(d, fill=fill)
