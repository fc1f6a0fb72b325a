"""Fantasy rooms: the tavern, the castle hall, the dungeon and the library."""

from __future__ import annotations

from ..paint import adjust, circle, circles_d, ellipse, f, path, pts, rect, rects_d
from . import props
from .kit import H, Stage, W, arch_d, flame_d
from .room import WALLS, lit, window


def tavern(st: Stage) -> list[str]:
    st.handled |= {"lanterns", "candles", "fire"}
    wood = lit(st, WALLS["tavern"])
    out: list[str] = []  # the wall itself is the flat colour Pillow paints underneath
    out.append(
        path(
            "".join(f"M{pts(x, 0)}V{f(H)}" for x in range(24, W, 52)),
            stroke=adjust(wood, -0.08),
            width=3,
        )
    )
    out += window(st, 390, 110, 150, 180, lit(st, "#4a2e1e"), "tavernWindow")
    # Shelves of bottles and mugs.
    shelf = lit(st, "#4a2e1e")
    out.append(path(rects_d([(20, 170, 300, 12), (20, 280, 300, 12)]), fill=shelf))
    bottles: dict[str, list[tuple[float, float, float]]] = {}
    necks: list[tuple[float, float, float, float]] = []
    for sy in (170, 280):
        x = 34.0
        while x < 300:
            color = st.rng.choice(("#3f8a5a", "#8a3a3a", "#c9a23a", "#3a5a8a", "#e2d6bd"))
            h = st.rng.uniform(40, 62)
            bottles.setdefault(color, []).append((x, sy - h * 0.35, 12))
            necks.append((x - 4, sy - h, 8, h * 0.65))
            x += st.rng.uniform(28, 40)
    for color, dots in bottles.items():
        out.append(
            path(
                circles_d(dots)
                + rects_d([(x - 12, y, 24, 170 - y if y < 170 else 280 - y) for x, y, _ in dots]),
                fill=lit(st, color),
            )
        )
    out.append(path(rects_d(necks), fill=lit(st, "#5a6a5a"), opacity="0.9"))
    # Beams and hanging lamps.
    beam = lit(st, "#3a2416")
    out.append(rect(0, 0, W, 44, beam))
    out.append(
        path(
            f"M{pts(0, 120)}L{pts(120, 44)}M{pts(W, 120)}L{pts(W - 120, 44)}", stroke=beam, width=18
        )
    )
    out += props.hanging_lanterns(st, 30, "#f0a040", 5)
    # The fireplace.
    stone = lit(st, "#8c8078")
    out.append(path(arch_d(680, 230, 230, 250), fill=stone))
    out.append(path(arch_d(715, 290, 160, 190), fill="#1e120c"))
    out.append(rect(660, 220, 270, 26, lit(st, "#5a3a2a")))
    out += props.campfire(st, 795, 470, 0.9)
    # Floor, a round table with mugs and a candle, a barrel.
    out.append(rect(0, 470, W, 70, lit(st, "#5a3826")))
    out.append(
        path(
            "".join(f"M{pts(0, y)}H{f(W)}" for y in (490, 514)), stroke=lit(st, "#4a2e1e"), width=2
        )
    )
    out.append(ellipse(470, 430, 150, 34, lit(st, "#8a5a36")))
    out.append(rect(458, 440, 24, 90, lit(st, "#5a3a24")))
    for mx in (400, 520):
        out.append(rect(mx, 396, 30, 34, lit(st, "#c9a06a")))
        out.append(
            path(f"M{pts(mx + 30, 404)}q14 0 14 12t-14 12", stroke=lit(st, "#c9a06a"), width=5)
        )
        out.append(ellipse(mx + 15, 396, 15, 5, "#fff4dc"))
    out += props.candle(st, 470, 420, 36)
    out.append(
        path(f"M{pts(40, H)}V{f(400)}Q{pts(100, 380, 160, 400)}V{f(H)}Z", fill=lit(st, "#7a4a2a"))
    )
    out.append(path(f"M{pts(40, 430)}H160M{pts(40, 500)}H160", stroke=lit(st, "#3a2a20"), width=6))
    return out


def castle_hall(st: Stage) -> list[str]:
    wall = lit(st, WALLS["castle_hall"])
    out: list[str] = []  # the wall itself is the flat colour Pillow paints underneath
    rows = "".join(f"M{pts(0, y)}H{f(W)}" for y in range(40, 420, 40))
    joints = "".join(
        f"M{pts(x + (y // 40 % 2) * 40, y)}v40" for y in range(0, 420, 40) for x in range(0, W, 80)
    )
    out.append(path(rows + joints, stroke=adjust(wall, -0.08), width=2))
    out += window(st, 120, 70, 140, 260, lit(st, "#6a6078"), "hallWindowL")
    out += window(st, 700, 70, 140, 260, lit(st, "#6a6078"), "hallWindowR")
    if not st.night:
        beams = "".join(
            f"M{pts(x, 100)}l{pts(140, 0)}l{pts(120, 440)}l{pts(-180, 0)}Z" for x in (120, 700)
        )
        out.append(path(beams, fill="#fff6d8", opacity="0.16"))
    # Banners.
    red = lit(st, "#b3263a")
    for bx in (330, 570):
        out.append(path(f"M{pts(bx, 60)}h60v200l-30 -24l-30 24Z", fill=red))
        out.append(path(f"M{pts(bx + 30, 110)}l18 30l-18 30l-18 -30Z", fill=lit(st, "#f2c14e")))
        out.append(rect(bx - 8, 54, 76, 8, lit(st, "#6b4a2a")))
    # Pillars.
    stone = lit(st, "#d8d0e0")
    for px in (40, 290, 650, 900):
        out.append(rect(px - 22, 30, 44, 400, stone))
        out.append(rect(px - 22, 30, 12, 400, adjust(stone, -0.08)))
        out.append(
            path(
                rects_d([(px - 32, 20, 64, 18), (px - 32, 420, 64, 18)]), fill=adjust(stone, -0.04)
            )
        )
    # Floor, carpet, dais and throne.
    out.append(rect(0, 430, W, H - 430, lit(st, "#8c8098")))
    tiles = "".join(
        f"M{pts(480 + (x - 480) * 0.6, 430)}L{pts(x, H)}" for x in range(-240, 1300, 120)
    )
    out.append(
        path(
            tiles + "".join(f"M{pts(0, y)}H{f(W)}" for y in (450, 478, 512)),
            stroke=lit(st, "#7a6e86"),
            width=2,
        )
    )
    out.append(path(f"M{pts(440, 420)}h80l110 120h-300Z", fill=lit(st, "#a3202f")))
    out.append(
        path(
            f"M{pts(440, 420)}l-110 120M{pts(520, 420)}l110 120",
            stroke=lit(st, "#e8b84a"),
            width=4,
        )
    )
    out.append(path(rects_d([(380, 404, 200, 16), (400, 390, 160, 16)]), fill=lit(st, "#9a8ea8")))
    gold = lit(st, "#e8b84a")
    out.append(path(f"M{pts(445, 390)}V{f(250)}Q{pts(480, 200, 515, 250)}V{f(390)}Z", fill=gold))
    out.append(
        path(
            f"M{pts(456, 380)}V{f(262)}Q{pts(480, 226, 504, 262)}V{f(380)}Z",
            fill=lit(st, "#b3263a"),
        )
    )
    out.append(rect(440, 340, 80, 16, gold))
    out.append(circle(480, 232, 7, lit(st, "#6fd0ff")))
    return out


def dungeon(st: Stage) -> list[str]:
    st.handled |= {"fire"}
    wall = lit(st, WALLS["dungeon"])
    out: list[str] = []  # the wall itself is the flat colour Pillow paints underneath
    bricks: list[tuple[float, float, float, float]] = []
    for row, y in enumerate(range(0, 440, 34)):
        for x in range(-40 + (row % 2) * 40, W, 80):
            bricks.append((x + 2 + st.rng.uniform(-2, 2), y + 2, 76, 30))
    out.append(path(rects_d(bricks), fill=adjust(wall, 0.05)))
    moss = [
        (st.rng.uniform(0, W), st.rng.uniform(300, 440), st.rng.uniform(3, 9)) for _ in range(40)
    ]
    out.append(path(circles_d(moss), fill="#4f7a4a", opacity="0.5"))
    out += window(st, 110, 60, 80, 90, "#1e1d26", "cellWindow")
    out.append(
        path("".join(f"M{pts(x, 60)}V150" for x in (130, 150, 170)), stroke="#1e1d26", width=5)
    )
    # The barred door.
    out.append(path(arch_d(370, 150, 220, 300), fill=adjust(wall, 0.12)))
    out.append(path(arch_d(392, 176, 176, 274), fill="#0f0d16"))
    out.append(
        path(
            "".join(f"M{pts(x, 180)}V450" for x in range(410, 560, 26)) + "M392 300H568",
            stroke="#4a4a58",
            width=6,
        )
    )
    # Torches and their light.
    for tx in (220, 740):
        out.append(circle(tx, 200, 170, st.glow("torchGlow", "#ff9a3c", 0.45)))
        out.append(path(f"M{pts(tx - 8, 280)}l-6 -50h28l-6 50Z", fill="#5a3a24"))
        out.append(path(flame_d(tx, 232, 54), fill="#ff6b35"))
        out.append(path(flame_d(tx, 232, 32), fill="#ffd36e"))
    # Chains.
    for cx in (60, 900):
        links = "".join(
            f"M{pts(cx - 6, y)}a6 10 0 1 0 12 0a6 10 0 1 0 -12 0" for y in range(0, 260, 18)
        )
        out.append(path(links, stroke="#8a8a96", width=3))
    # Floor, a puddle, a chest.
    out.append(rect(0, 440, W, 100, "#24222c"))
    stones = "".join(f"M{pts(x, 440)}l{pts((x - 480) * 0.3, 100)}" for x in range(0, W + 100, 90))
    out.append(path(stones + "M0 470H960M0 505H960", stroke="#191820", width=3))
    out.append(ellipse(300, 500, 90, 14, "#3a4a6a", opacity="0.7"))
    out.append(rect(700, 430, 150, 80, lit(st, "#7a4a2a")))
    out.append(path(f"M{pts(700, 430)}Q{pts(775, 380, 850, 430)}Z", fill=lit(st, "#8a5a34")))
    out.append(path(rects_d([(718, 404, 14, 106), (818, 404, 14, 106)]), fill=lit(st, "#e0b040")))
    out.append(rect(766, 440, 18, 22, lit(st, "#e0b040")))
    return out


def library(st: Stage) -> list[str]:
    st.handled |= {"books", "candles"}
    out: list[str] = []  # the wall itself is the flat colour Pillow paints underneath
    out += window(st, 360, 50, 240, 330, lit(st, "#3a2418"), "libraryWindow")
    # Curtains.
    red = lit(st, "#8a2a3a")
    out.append(path(f"M{pts(330, 30)}h50q-20 200 10 370h-50q-30 -180 -10 -370Z", fill=red))
    out.append(path(f"M{pts(580, 30)}h50q20 190 -10 370h-50q30 -170 10 -370Z", fill=red))
    out.append(rect(310, 22, 340, 14, lit(st, "#c9a23a")))
    # Bookshelves left and right.
    colors = props.BOOK_COLORS
    books: dict[str, list[tuple[float, float, float, float]]] = {c: [] for c in colors}
    boards: list[tuple[float, float, float, float]] = []
    for x0, x1 in ((0.0, 300.0), (660.0, 960.0)):
        for row in range(5):
            y = 40 + row * 88
            x = x0 + 12
            while x < x1 - 20:
                w, h = st.rng.uniform(12, 24), st.rng.uniform(56, 76)
                if st.rng.random() < 0.06:
                    x += w
                    continue
                books[st.rng.choice(colors)].append((x, y + 78 - h, w - 2, h))
                x += w
            boards.append((x0, y + 78, x1 - x0, 10))
        boards += [(x0, 30, 12, 440), (x1 - 12, 30, 12, 440)]
    out.append(path(rects_d(boards), fill=lit(st, "#3a2418")))
    for color, boxes in books.items():
        out.append(path(rects_d(boxes), fill=lit(st, color)))
    # A ladder against the left shelf.
    out.append(
        path(
            "M250 60L200 470M300 60L250 470"
            + "".join(f"M{pts(244 - k * 5.7, 100 + k * 46)}h50" for k in range(8)),
            stroke=lit(st, "#a87a4a"),
            width=6,
        )
    )
    # Floor, rug, desk with an open book and a candle.
    out.append(rect(0, 470, W, 70, lit(st, "#4a2e20")))
    out.append(ellipse(480, 505, 300, 34, lit(st, "#8a3a3a")))
    out.append(ellipse(480, 505, 250, 24, lit(st, "#b85a4a")))
    desk = lit(st, "#6b4228")
    out.append(rect(340, 410, 280, 22, desk))
    out.append(path(rects_d([(356, 432, 20, 70), (584, 432, 20, 70)]), fill=desk))
    out.append(
        path("M420 408Q450 392 480 404Q510 392 540 408L540 412L420 412Z", fill=lit(st, "#f5ecd6"))
    )
    out.append(path("M480 404V412", stroke=lit(st, "#c9b48a"), width=2))
    out += props.candle(st, 580, 410, 30)
    out += props.book_stack(st, 390, 410)
    motes = [
        (st.rng.uniform(380, 580), st.rng.uniform(90, 380), st.rng.uniform(1, 2.2))
        for _ in range(30)
    ]
    out.append(path(circles_d(motes), fill="#fff3c8", opacity="0.6"))
    return out
