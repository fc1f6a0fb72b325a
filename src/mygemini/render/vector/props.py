"""What the built-in renderer reads in a person's extra prompt: a small vocabulary of props and
moods in Korean and English ("등불을 든", "holding a paper lantern", "비 오는 밤"), each drawn.

Everything else in the extra prompt is for diffusion renderers only; the studio shows this
vocabulary so people know which words the built-in renderer understands.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from typing import Literal

from .figure import HEIGHT, WIDTH, Figure
from .paint import adjust, circle, circles_d, ellipse, group, mix, path, pts, rect, sparkle

Kind = Literal["prop", "mood"]


@dataclass(frozen=True)
class Word:
    id: str
    kind: Kind
    label_ko: str
    label_en: str
    ko: tuple[str, ...]  # nouns; a particle may follow (등불을, 고양이와)
    en: tuple[str, ...]  # words or phrases, matched as whole words


VOCABULARY: tuple[Word, ...] = (
    Word(
        "lantern",
        "prop",
        "등불",
        "Lantern",
        ("등불", "등롱", "초롱", "랜턴", "연등"),
        ("lantern", "lanterns", "paper lantern"),
    ),
    Word(
        "flower",
        "prop",
        "꽃",
        "Flowers",
        ("꽃", "꽃다발", "장미"),
        ("flower", "flowers", "bouquet", "rose", "roses"),
    ),
    Word(
        "cat",
        "prop",
        "고양이",
        "Cat",
        ("고양이", "냥이", "아기고양이"),
        ("cat", "cats", "kitten", "kitty"),
    ),
    Word("umbrella", "prop", "우산", "Umbrella", ("우산", "양산"), ("umbrella", "parasol")),
    Word("book", "prop", "책", "Book", ("책", "마법서"), ("book", "books", "spellbook")),
    Word("sword", "prop", "칼", "Sword", ("칼", "장검", "검술"), ("sword", "katana", "blade")),
    Word("balloon", "prop", "풍선", "Balloon", ("풍선",), ("balloon", "balloons")),
    Word("butterfly", "prop", "나비", "Butterflies", ("나비",), ("butterfly", "butterflies")),
    Word(
        "stars",
        "mood",
        "별",
        "Stars",
        ("별", "별빛", "별들"),
        ("star", "stars", "starlight", "starry"),
    ),
    Word(
        "rain",
        "mood",
        "비",
        "Rain",
        ("비", "빗속", "빗방울", "장마"),
        ("rain", "rainy", "raining", "raindrops"),
    ),
    Word(
        "snow",
        "mood",
        "눈",
        "Snow",
        ("눈", "눈송이", "함박눈", "눈꽃"),
        ("snow", "snowy", "snowing", "snowflakes"),
    ),
    Word(
        "petals",
        "mood",
        "벚꽃",
        "Cherry blossoms",
        ("벚꽃", "벚꽃잎", "꽃잎"),
        ("cherry blossom", "cherry blossoms", "sakura", "petals"),
    ),
    Word(
        "night",
        "mood",
        "밤",
        "Night",
        ("밤", "밤하늘", "한밤", "야경"),
        ("night", "midnight", "nighttime"),
    ),
    Word(
        "sunset",
        "mood",
        "노을",
        "Sunset",
        ("노을", "석양", "해질녘", "저녁노을"),
        ("sunset", "dusk", "twilight"),
    ),
    Word(
        "fireflies", "mood", "반딧불", "Fireflies", ("반딧불", "반딧불이"), ("firefly", "fireflies")
    ),
    Word(
        "sparkles",
        "mood",
        "반짝이",
        "Sparkles",
        ("반짝이", "반짝반짝"),
        ("sparkle", "sparkles", "glitter", "sparkling"),
    ),
)

# What may follow a Korean noun and still leave it that noun: particles, plurals and a few
# common endings ("별이", "등불을", "빗속에서"). Anything else is another word ("특별", "비밀").
_PARTICLES = (
    "", "이", "가", "을", "를", "은", "는", "에", "의", "과", "와", "도", "만", "들", "로", "으로",
    "에서", "이랑", "랑", "하고", "처럼", "같은", "속", "속에서", "아래", "아래서", "빛", "을든",
    "를든", "든", "들고", "내리는", "오는", "이는", "가득",
)  # fmt: skip
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_LATIN_WORD = re.compile(r"[a-z]+")


def read_words(text: str | None) -> tuple[str, ...]:
    """The vocabulary ids `text` names, in vocabulary order (each once)."""
    if not text:
        return ()
    folded = text.casefold()
    hangul = _HANGUL_WORD.findall(folded)
    latin = f" {' '.join(_LATIN_WORD.findall(folded))} "
    found = []
    for word in VOCABULARY:
        if any(f" {w} " in latin for w in word.en) or any(
            token.startswith(w) and token[len(w) :] in _PARTICLES
            for token in hangul
            for w in word.ko
        ):
            found.append(word.id)
    return tuple(found)


# --- drawing ---------------------------------------------------------------------------------

Slot = tuple[float, float]
# Where held or nearby props go: beside the shoulders, low in the corners (canvas units).
_SLOTS: tuple[Slot, ...] = ((420.0, 560.0), (92.0, 560.0), (440.0, 250.0), (72.0, 250.0))


def sky_moods(fig: Figure, stops: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """Night darkens the sky towards blue; sunset warms it towards orange and pink."""
    moods = set(fig.words)
    if "night" in moods:
        stops = [(o, adjust(c, light=-0.32, sat=-0.1, hue=12)) for o, c in stops]
    if "sunset" in moods:
        warm = ["#ff9a62", "#ffb48a", "#ffd1a8", "#f7c6d9"]
        stops = [(o, mix(c, warm[min(i, 3)], 0.55)) for i, (o, c) in enumerate(stops)]
    return stops


def behind(fig: Figure) -> list[str]:
    """Moods drawn in the sky, behind the figure: stars, fireflies."""
    rng = random.Random(fig.seed ^ 0x57A2)
    out: list[str] = []
    if "stars" in fig.words:
        for _ in range(12):
            x, y = rng.uniform(20, WIDTH - 20), rng.uniform(20, 360)
            r = rng.uniform(10, 20)
            # gold with a pale glow, so stars show on a light sky as well as a dark one
            out.append(circle(x, y, r * 0.8, "#fff1a8", opacity="0.45"))
            out.append(sparkle(x, y, r, "#ffc928"))
    if "fireflies" in fig.words:
        dots = [(rng.uniform(10, WIDTH - 10), rng.uniform(200, 620), 16.0) for _ in range(18)]
        out.append(path(circles_d(dots), fill="#e3f56a", opacity="0.35"))
        out.append(path(circles_d([(x, y, 5.0) for x, y, _ in dots]), fill="#c9e635"))
    return out


def held(fig: Figure) -> list[str]:
    """Props beside the figure, in front of it (a cutout keeps them)."""
    rng = random.Random(fig.seed ^ 0x9409)
    low = [s for s in _SLOTS if s[1] > 400]
    high = [s for s in _SLOTS if s[1] <= 400]
    rng.shuffle(low)
    rng.shuffle(high)
    out: list[str] = []
    for word in fig.words:
        draw = _PROPS.get(word)
        if draw is None:
            continue
        # held things take the low slots first, flying things the high ones
        first, second = (high, low) if word in ("balloon", "butterfly") else (low, high)
        pool = first or second
        if not pool:
            break
        x, y = pool.pop(0)
        out.append(draw(x, y, rng))
    return out


def weather(fig: Figure) -> list[str]:
    """Petals, snow, rain and sparkles over the whole picture."""
    rng = random.Random(fig.seed ^ 0x3E7)
    out: list[str] = []
    if "petals" in fig.words:
        out.append(
            group(
                [
                    _petal(rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT), rng.uniform(0, 360))
                    for _ in range(36)
                ]
            )
        )
    if "snow" in fig.words:
        dots = [
            (rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT), rng.uniform(2.5, 6)) for _ in range(70)
        ]
        # a cool rim, so flakes show on a pale sky too
        out.append(path(circles_d(dots), fill="#ffffff", stroke="#a9bddf", width=1.5))
    if "rain" in fig.words:
        d = "".join(
            f"M{pts(x, y)} l{pts(-8, 26)}"
            for x, y in ((rng.uniform(0, WIDTH + 40), rng.uniform(-20, HEIGHT)) for _ in range(90))
        )
        out.append(path(d, stroke="#cfe3ff", width=2.2, opacity="0.75"))
    if "sparkles" in fig.words:
        for _ in range(10):
            x, y, r = rng.uniform(30, WIDTH - 30), rng.uniform(60, 600), rng.uniform(12, 24)
            out.append(sparkle(x, y, r, "#ffd95e"))
            out.append(sparkle(x, y, r * 0.5, "#ffffff"))
    return out


def _petal(x: float, y: float, r: float) -> str:
    return ellipse(
        0,
        0,
        11,
        6.5,
        "#ffa8c5",
        stroke="#f07aa2",
        stroke_width="1.5",
        transform=f"translate({pts(x, y)}) rotate({r:.0f})",
    )


def _poly(*xy: float) -> str:
    """A closed polygon's path data from x, y pairs."""
    return "M" + " L".join(pts(xy[i], xy[i + 1]) for i in range(0, len(xy), 2)) + "Z"


def _lines(*segments: tuple[float, float, float, float]) -> str:
    return "".join(f"M{pts(x1, y1)} L{pts(x2, y2)}" for x1, y1, x2, y2 in segments)


def _lantern(x: float, y: float, rng: random.Random) -> str:
    body = "#e8473c"
    return group(
        [
            path(
                f"M{pts(x + 40, y - 130)} Q{pts(x + 20, y - 110, x, y - 62)}",
                stroke="#6b4a2b",
                width=4,
            ),
            circle(x, y, 74, "#ffd27a", opacity="0.22"),
            ellipse(x, y, 40, 50, body, stroke="#7a1f1a", stroke_width="3"),
            path(
                f"M{pts(x - 20, y - 46)} Q{pts(x - 34, y, x - 20, y + 46)} "
                f"M{pts(x, y - 50)} L{pts(x, y + 50)} "
                f"M{pts(x + 20, y - 46)} Q{pts(x + 34, y, x + 20, y + 46)}",
                stroke="#ffb36b",
                width=2.5,
            ),
            ellipse(x - 6, y - 6, 14, 22, "#ffe3a0", opacity="0.55"),
            rect(x - 16, y - 60, 32, 12, "#3a2a22", rx="3"),
            rect(x - 16, y + 48, 32, 10, "#3a2a22", rx="3"),
            path(f"M{pts(x, y + 58)} l{pts(0, 22)}", stroke="#e8b84a", width=4),
        ]
    )


def _flower(x: float, y: float, rng: random.Random) -> str:
    colours = ["#ff6f91", "#ffd166", "#ffffff", "#c792ea", "#ff9e6d"]
    heads = []
    for i in range(5):
        a = math.radians(-60 + i * 30)
        cx, cy = x + 34 * math.sin(a), y - 40 - 24 * math.cos(a)
        c = colours[(i + rng.randrange(5)) % 5]
        petals = [ellipse(0, -9, 7, 10, c, transform=f"rotate({d})") for d in range(0, 360, 72)]
        heads.append(
            group([*petals, circle(0, 0, 5, "#ffcf4a")], transform=f"translate({pts(cx, cy)})")
        )
    return group(
        [
            path(
                _lines(
                    (x, y + 50, x - 20, y - 40), (x, y + 50, x + 20, y - 40), (x, y + 50, x, y - 50)
                ),
                stroke="#4f9a4a",
                width=5,
            ),
            path(
                _poly(x - 26, y + 6, x + 26, y + 6, x + 12, y + 52, x - 12, y + 52),
                fill="#f4e3c8",
                stroke="#b08d62",
                width=2.5,
            ),
            *heads,
        ]
    )


def _cat(x: float, y: float, rng: random.Random) -> str:
    fur = rng.choice(["#f2a65a", "#4a4a52", "#f3efe8", "#b9b2a8"])
    line = adjust(fur, light=-0.4)
    eye = "#3b7a3a" if fur != "#4a4a52" else "#e8c341"
    return group(
        [
            ellipse(x, y + 50, 46, 36, fur, stroke=line, stroke_width="3"),
            path(f"M{pts(x + 40, y + 60)} q{pts(40, -10, 30, -60)}", stroke=line, width=13),
            path(f"M{pts(x + 40, y + 60)} q{pts(40, -10, 30, -60)}", stroke=fur, width=8),
            path(
                _poly(x - 34, y - 4, x - 30, y - 46, x - 8, y - 22)
                + _poly(x + 34, y - 4, x + 30, y - 46, x + 8, y - 22),
                fill=fur,
                stroke=line,
                width=3,
            ),
            ellipse(x, y, 38, 32, fur, stroke=line, stroke_width="3"),
            ellipse(x - 13, y - 2, 5, 7, eye),
            ellipse(x + 13, y - 2, 5, 7, eye),
            path(f"M{pts(x - 4, y + 10)} l{pts(4, 4)} l{pts(4, -4)}", stroke=line, width=2),
        ]
    )


def _umbrella(x: float, y: float, rng: random.Random) -> str:
    canopy = rng.choice(["#5b8def", "#ff7aa2", "#ffd15c", "#7ed3a1"])
    top = y - 300
    return group(
        [
            path(
                f"M{pts(x, top)} L{pts(x, y + 40)} q{pts(0, 18, -16, 14)}",
                stroke="#5a4636",
                width=6,
            ),
            path(
                f"M{pts(x - 120, top + 80)} Q{pts(x - 110, top - 10, x, top - 14)} "
                f"Q{pts(x + 110, top - 10, x + 120, top + 80)} "
                f"Q{pts(x + 90, top + 60, x + 60, top + 80)} Q{pts(x + 30, top + 60, x, top + 80)} "
                f"Q{pts(x - 30, top + 60, x - 60, top + 80)} "
                f"Q{pts(x - 90, top + 60, x - 120, top + 80)}Z",
                fill=canopy,
                stroke=adjust(canopy, light=-0.35),
                width=3,
            ),
        ]
    )


def _book(x: float, y: float, rng: random.Random) -> str:
    cover = rng.choice(["#7a3b2e", "#2e4a7a", "#3d6b45", "#6b3d7a"])
    return group(
        [
            path(
                _poly(
                    x - 56,
                    y - 26,
                    x,
                    y - 12,
                    x + 56,
                    y - 26,
                    x + 56,
                    y + 40,
                    x,
                    y + 54,
                    x - 56,
                    y + 40,
                ),
                fill=cover,
                stroke="#2a1d1a",
                width=3,
            ),
            path(
                _poly(
                    x - 50,
                    y - 30,
                    x,
                    y - 18,
                    x + 50,
                    y - 30,
                    x + 50,
                    y + 32,
                    x,
                    y + 44,
                    x - 50,
                    y + 32,
                ),
                fill="#fbf5e6",
                stroke="#8c7b63",
                width=2,
            ),
            path(
                _lines(
                    (x, y - 18, x, y + 44),
                    (x - 40, y - 14, x - 10, y - 6),
                    (x - 40, y, x - 10, y + 8),
                    (x + 10, y - 6, x + 40, y - 14),
                    (x + 10, y + 8, x + 40, y),
                ),
                stroke="#b7a88e",
                width=2,
            ),
        ]
    )


def _sword(x: float, y: float, rng: random.Random) -> str:
    return group(
        [
            path(f"M{pts(x - 40, y + 90)} L{pts(x + 50, y - 200)}", stroke="#5d6b7a", width=16),
            path(f"M{pts(x - 40, y + 90)} L{pts(x + 50, y - 200)}", stroke="#e6edf5", width=10),
            path(f"M{pts(x - 70, y + 70)} L{pts(x + 10, y + 96)}", stroke="#b8902f", width=10),
            path(f"M{pts(x - 30, y + 84)} L{pts(x - 50, y + 150)}", stroke="#4a2e22", width=12),
            circle(x - 52, y + 154, 8, "#d9b24c"),
        ]
    )


def _balloon(x: float, y: float, rng: random.Random) -> str:
    colour = rng.choice(["#ff5d73", "#5bc0eb", "#ffd23f", "#9b5de5"])
    return group(
        [
            path(f"M{pts(x, y + 46)} q{pts(-12, 60, 6, 140)}", stroke="#8a8a8a", width=2),
            ellipse(x, y, 36, 44, colour, stroke=adjust(colour, light=-0.3), stroke_width="2.5"),
            ellipse(x - 12, y - 16, 7, 12, "#ffffff", opacity="0.6"),
            path(f"M{pts(x - 6, y + 44)} L{pts(x + 6, y + 44)} L{pts(x, y + 52)}Z", fill=colour),
        ]
    )


def _butterfly(x: float, y: float, rng: random.Random) -> str:
    colour = rng.choice(["#7ec8ff", "#ffb347", "#d291ff", "#ff7eb6"])
    wings = []
    for dx, dy, s in ((0, 0, 1.5), (-70, 90, 1.0)):
        cx, cy = x + dx, y + dy
        wings.append(
            group(
                [
                    ellipse(
                        -14,
                        -8,
                        16,
                        20,
                        colour,
                        transform="rotate(-25)",
                        stroke="#3a2a40",
                        stroke_width="2",
                    ),
                    ellipse(
                        14,
                        -8,
                        16,
                        20,
                        colour,
                        transform="rotate(25)",
                        stroke="#3a2a40",
                        stroke_width="2",
                    ),
                    ellipse(-10, 14, 10, 12, colour, stroke="#3a2a40", stroke_width="2"),
                    ellipse(10, 14, 10, 12, colour, stroke="#3a2a40", stroke_width="2"),
                    ellipse(0, 2, 3.5, 16, "#3a2a40"),
                ],
                transform=f"translate({pts(cx, cy)}) scale({s})",
            )
        )
    return group(wings)


_PROPS = {
    "lantern": _lantern,
    "flower": _flower,
    "cat": _cat,
    "umbrella": _umbrella,
    "book": _book,
    "sword": _sword,
    "balloon": _balloon,
    "butterfly": _butterfly,
}
