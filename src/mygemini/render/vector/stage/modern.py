"""Modern rooms: a spaceship's bridge and a school classroom."""

from __future__ import annotations

from ..paint import adjust, circle, ellipse, f, path, pts, rect, rects_d, sparkle
from . import props, sky
from .kit import H, Stage, W
from .room import lit
from .words import Time


def spaceship(st: Stage) -> list[str]:
    st.handled |= {"stars", "moon", "sun"}
    out: list[str] = []  # the wall itself is the flat colour Pillow paints underneath
    shape = "M140 60H820L900 330H60Z"
    st.define("viewport", f'<clipPath id="viewport"><path d="{shape}"/></clipPath>')
    space = [path(shape, fill="#060818")]
    for cx, cy, r, color in (
        (250, 170, 140, "#6a3aa8"),
        (420, 120, 120, "#2a6ab8"),
        (700, 230, 160, "#b83a8a"),
    ):
        space.append(
            circle(cx + st.rng.uniform(-30, 30), cy, r, st.glow(f"nebula{color[1:]}", color, 0.45))
        )
    space += sky.stars(st, 60, 60, 900, 330, 140)
    px, py = 640 + st.rng.uniform(-40, 40), 190
    space.append(circle(px, py, 70, "#e08a5a"))
    space.append(
        path(
            f"M{pts(px - 70, py - 20)}Q{pts(px, py - 40, px + 70, py - 10)}",
            stroke="#f2b880",
            width=9,
            opacity="0.6",
        )
    )
    space.append(
        path(
            f"M{pts(px + 22, py - 62)}a70 70 0 0 1 36 100a80 80 0 0 0 -36 -100Z",
            fill="#7a3a2a",
            opacity="0.5",
        )
    )
    space.append(
        ellipse(
            px,
            py + 4,
            120,
            20,
            "none",
            stroke="#f6d8b0",
            stroke_width="6",
            transform=f"rotate(-12 {f(px)} {f(py)})",
        )
    )
    space.append(circle(220, 250, 16, "#b8c8e8"))
    out.append(f'<g clip-path="url(#viewport)">{"".join(space)}</g>')
    metal = "#4a5570"
    out.append(path(shape, stroke=metal, width=18))
    out.append(path("M480 60V330M300 60L260 330M660 60L700 330", stroke=metal, width=8))
    out.append(path("M0 0H960V40H0Z", fill="#2a3248"))
    lights = rects_d([(120 + i * 180, 14, 120, 8) for i in range(4)])
    out.append(path(lights, fill="#7cf0ff"))
    out.append(path("M0 40L140 60L60 330L0 360ZM960 40L820 60L900 330L960 360Z", fill="#283048"))
    # Floor and consoles.
    out.append(path("M0 360L60 330H900L960 360V540H0Z", fill="#2a3044"))
    out.append(
        path(
            "".join(
                f"M{pts(480 + (x - 480) * 0.2, 330)}L{pts(x, H)}" for x in range(-400, 1400, 160)
            ),
            stroke="#333b52",
            width=2,
        )
    )
    for x0, flip in ((40, 1), (620, -1)):
        top = 400
        out.append(
            path(
                f"M{pts(x0, H)}V{f(top + 30)}L{pts(x0 + 30 * flip + (0 if flip > 0 else 300), top)}"
                f"H{f(x0 + (270 if flip > 0 else 30))}L{pts(x0 + 300, top + 30)}V{f(H)}Z",
                fill="#3a4460",
            )
        )
        screen = (x0 + 60, top + 40, 180, 60)
        out.append(rect(*screen, "#0e2a3a", rx="6"))
        amp = [(9 if i % 2 else -9) * st.rng.uniform(0.3, 1) for i in range(11)]
        wave = "M" + "L".join(
            pts(screen[0] + 10 + i * 16, screen[1] + 30 + a) for i, a in enumerate(amp)
        )
        out.append(path(wave, stroke="#7cf0ff", width=2))
        buttons: dict[str, list[tuple[float, float, float, float]]] = {}
        for i in range(8):
            color = st.rng.choice(("#ff5a7a", "#7cf0ff", "#ffd36e", "#7dff9a"))
            buttons.setdefault(color, []).append((x0 + 60 + i * 23, top + 112, 14, 9))
        for color, boxes in buttons.items():
            out.append(path(rects_d(boxes), fill=color))
    out.append(sparkle(820, 100, 8, "#ffffff"))
    return out


def classroom(st: Stage) -> list[str]:
    st.handled |= {"books"}
    out: list[str] = []  # the wall itself is the flat colour Pillow paints underneath
    out.append(rect(0, 330, W, 100, lit(st, "#c9a27a")))
    out.append(rect(0, 326, W, 8, lit(st, "#a87e58")))
    # Windows on the left.
    frame = lit(st, "#d8c6a8")
    box = (24.0, 60.0, 230.0, 250.0)
    shape = f"M{pts(box[0], box[1])}h{f(box[2])}v{f(box[3])}h{f(-box[2])}Z"
    out += sky.window_view(
        st, shape, (box[0], box[1], box[0] + box[2], box[1] + box[3]), "classWindow"
    )
    out.append(
        path(
            shape
            + f"M{pts(box[0] + box[2] / 2, box[1])}v{f(box[3])}"
            + f"M{pts(box[0], box[1] + 120)}h{f(box[2])}",
            stroke=frame,
            width=10,
        )
    )
    if st.plan.time is Time.DAY:
        out.append(path("M24 60L254 60L520 540L150 540Z", fill="#fff7d6", opacity="0.2"))
    # Chalkboard with doodles, no words.
    out.append(rect(310, 80, 400, 200, lit(st, "#8a6a48")))
    out.append(rect(322, 92, 376, 176, lit(st, "#2f5a48")))
    chalk = "#eef4ee"
    doodles = (
        "M360 150q20 -30 40 0t40 0M370 200h80M380 230h50"
        "M560 130l10 22l24 2l-18 16l6 24l-22 -12l-22 12l6 -24l-18 -16l24 -2Z"
        "M600 220a26 26 0 1 0 52 0a26 26 0 1 0 -52 0"
    )
    out.append(path(doodles, stroke=chalk, width=3, opacity="0.85"))
    out.append(rect(330, 272, 360, 8, lit(st, "#6b4a30")))
    out.append(path(rects_d([(420, 266, 40, 8), (520, 268, 18, 4)]), fill=chalk))
    # Clock and notice board.
    out.append(circle(820, 70, 30, "#ffffff", stroke=lit(st, "#6b4a30"), stroke_width="5"))
    out.append(path("M820 70V50M820 70L834 78", stroke="#333", width=3))
    out.append(rect(760, 130, 170, 140, lit(st, "#c8925a")))
    notes = [
        (772, 142, 50, 60, "#ffffff"),
        (834, 150, 44, 44, "#ffe37a"),
        (884, 140, 36, 50, "#9fd7ff"),
        (780, 210, 60, 46, "#ffb7cd"),
        (852, 206, 66, 52, "#c7f0b4"),
    ]
    for x, y, w, h, color in notes:
        out.append(rect(x, y, w, h, lit(st, color)))
        out.append(circle(x + w / 2, y + 4, 3.5, "#e0453f"))
    # Floor and desks in two rows.
    out.append(rect(0, 430, W, 110, lit(st, "#c89c6c")))
    out.append(
        path(
            "".join(f"M{pts(0, y)}H{f(W)}" for y in (455, 490, 530)),
            stroke=lit(st, "#b08558"),
            width=2,
        )
    )
    top, leg = lit(st, "#d9a86a"), lit(st, "#6f7a8a")
    rows: tuple[tuple[float, float, float], ...] = ((400, 110, 60), (470, 150, 70))
    for row, (dy, dw, gap) in enumerate(rows):
        dx = 30.0 + row * 10
        while dx < W - 40:
            out.append(
                path(
                    f"M{pts(dx + 4, dy + 14)}V{f(dy + 60 + row * 20)}"
                    f"M{pts(dx + dw - 4, dy + 14)}V{f(dy + 60 + row * 20)}",
                    stroke=leg,
                    width=5,
                )
            )
            out.append(rect(dx, dy, dw, 16 + row * 4, top, rx="3"))
            out.append(rect(dx + 6, dy + 16 + row * 4, dw - 12, 6, adjust(top, -0.15)))
            dx += dw + gap
    out += props.book_stack(st, 118, 398)
    out += props.potted_plant(st, 230, 320)
    return out
