"""From a description (Korean or English words) to a scene plan: a base scene plus modifiers.

Only words the painter can draw count; the rest are ignored. A description with no scene word takes
its scene from a prop that implies one (sea → beach) or, failing that, from a hash of its text, so
the same words always give the same picture and "밤의 숲" and "forest at night" give the same one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Time(StrEnum):
    DAY = "day"
    SUNSET = "sunset"
    NIGHT = "night"


class Weather(StrEnum):
    CLEAR = "clear"
    RAIN = "rain"
    SNOW = "snow"
    FOG = "fog"


# The built-in scenes, in the order rooms list them (ids are part of the /tabletop contract).
SCENE_IDS: tuple[str, ...] = (
    "tavern",
    "forest",
    "castle_hall",
    "night_sky",
    "city_street",
    "beach",
    "dungeon",
    "library",
    "snowfield",
    "spaceship",
    "classroom",
    "shrine",
)

PROPS: tuple[str, ...] = (
    "lanterns",
    "trees",
    "stars",
    "moon",
    "sun",
    "clouds",
    "sea",
    "mountains",
    "candles",
    "books",
    "flowers",
    "fireflies",
    "fire",
)

INDOOR = frozenset({"tavern", "castle_hall", "dungeon", "library", "spaceship", "classroom"})


@dataclass(frozen=True)
class ScenePlan:
    scene: str
    time: Time
    weather: Weather
    props: frozenset[str]

    @property
    def key(self) -> str:
        return f"{self.scene}|{self.time}|{self.weather}|{','.join(sorted(self.props))}"

    @property
    def indoor(self) -> bool:
        return self.scene in INDOOR


# What each built-in scene looks like when nothing else is asked for.
DEFAULTS: dict[str, tuple[Time, Weather, frozenset[str]]] = {
    "tavern": (Time.NIGHT, Weather.CLEAR, frozenset({"lanterns", "candles", "fire"})),
    "forest": (Time.DAY, Weather.CLEAR, frozenset({"trees", "flowers"})),
    "castle_hall": (Time.DAY, Weather.CLEAR, frozenset()),
    "night_sky": (Time.NIGHT, Weather.CLEAR, frozenset({"stars", "moon", "mountains"})),
    "city_street": (Time.SUNSET, Weather.CLEAR, frozenset({"lanterns"})),
    "beach": (Time.DAY, Weather.CLEAR, frozenset({"sea", "sun", "clouds"})),
    "dungeon": (Time.NIGHT, Weather.CLEAR, frozenset({"fire"})),
    "library": (Time.DAY, Weather.CLEAR, frozenset({"books", "candles"})),
    "snowfield": (Time.DAY, Weather.SNOW, frozenset({"mountains", "trees"})),
    "spaceship": (Time.NIGHT, Weather.CLEAR, frozenset({"stars"})),
    "classroom": (Time.DAY, Weather.CLEAR, frozenset({"books"})),
    "shrine": (Time.SUNSET, Weather.CLEAR, frozenset({"lanterns", "flowers", "mountains"})),
}

# word -> meaning: "scene:<id>", "time:<t>", "weather:<w>" or "prop:<p>". Korean words match at
# the start of a word ("숲의", "숲속"), after another known word ("겨울숲") and, from two syllables
# up, anywhere inside one.
_VOCABULARY: dict[str, tuple[str, ...]] = {
    "scene:tavern": ("tavern", "inn", "pub", "bar", "주점", "선술집", "여관", "술집", "펍", "주막"),
    "scene:forest": ("forest", "woods", "wood", "jungle", "grove", "숲", "정글", "수풀", "밀림"),
    "scene:castle_hall": (
        "castle",
        "hall",
        "throne",
        "palace",
        "kingdom",
        "성",
        "성채",
        "궁전",
        "궁궐",
        "왕좌",
        "왕궁",
        "대전",
        "연회장",
    ),
    "scene:night_sky": ("sky", "galaxy", "밤하늘", "하늘", "은하", "은하수", "별하늘"),
    "scene:city_street": (
        "city",
        "street",
        "town",
        "downtown",
        "road",
        "alley",
        "도시",
        "거리",
        "골목",
        "시내",
        "마을",
        "번화가",
        "도심",
    ),
    "scene:beach": (
        "beach",
        "shore",
        "coast",
        "island",
        "해변",
        "바닷가",
        "해안",
        "모래사장",
        "섬",
    ),
    "scene:dungeon": (
        "dungeon",
        "cave",
        "prison",
        "cellar",
        "crypt",
        "ruin",
        "ruins",
        "던전",
        "동굴",
        "감옥",
        "지하",
        "지하실",
        "유적",
        "미궁",
    ),
    "scene:library": ("library", "study", "archive", "도서관", "서재", "서고"),
    "scene:snowfield": ("snowfield", "tundra", "glacier", "설원", "눈밭", "설산", "빙하", "雪原"),
    "scene:spaceship": (
        "spaceship",
        "starship",
        "spacecraft",
        "cockpit",
        "space",
        "우주",
        "우주선",
        "우주정거장",
        "함선",
        "조종실",
        "비행선",
    ),
    "scene:classroom": ("classroom", "school", "class", "교실", "학교", "강의실", "학원"),
    "scene:shrine": ("shrine", "temple", "torii", "신사", "사당", "사찰", "신당", "도리이"),
    "time:day": (
        "day",
        "daytime",
        "morning",
        "noon",
        "sunny",
        "낮",
        "아침",
        "한낮",
        "오전",
        "정오",
        "대낮",
    ),
    "time:sunset": (
        "sunset",
        "dusk",
        "evening",
        "twilight",
        "sunrise",
        "dawn",
        "노을",
        "석양",
        "저녁",
        "해질녘",
        "황혼",
        "새벽",
        "일출",
        "일몰",
        "저물녘",
    ),
    "time:night": (
        "night",
        "midnight",
        "nighttime",
        "dark",
        "밤",
        "한밤",
        "한밤중",
        "자정",
        "야경",
        "어둠",
    ),
    "weather:rain": (
        "rain",
        "rainy",
        "storm",
        "stormy",
        "drizzle",
        "비",
        "빗속",
        "장마",
        "폭풍",
        "소나기",
        "빗물",
    ),
    "weather:snow": (
        "snow",
        "snowy",
        "blizzard",
        "winter",
        "눈",
        "겨울",
        "눈보라",
        "설경",
        "함박눈",
    ),
    "weather:fog": ("fog", "foggy", "mist", "misty", "haze", "안개", "물안개"),
    "weather:clear": ("clear", "맑은", "화창한"),
    "prop:lanterns": (
        "lantern",
        "lamp",
        "lamplight",
        "등불",
        "랜턴",
        "초롱",
        "등롱",
        "연등",
        "가로등",
    ),
    "prop:trees": ("tree", "pine", "palm", "나무", "소나무", "야자수", "나무들"),
    "prop:stars": ("star", "starry", "starlight", "별", "별빛", "별들"),
    "prop:moon": ("moon", "moonlight", "moonlit", "달", "달빛", "보름달", "초승달"),
    "prop:sun": ("sun", "sunshine", "sunlight", "해", "햇살", "햇빛", "태양"),
    "prop:clouds": ("cloud", "cloudy", "구름"),
    "prop:sea": ("sea", "ocean", "wave", "lake", "바다", "파도", "호수", "바닷물"),
    "prop:mountains": ("mountain", "hill", "peak", "산", "언덕", "산맥", "봉우리"),
    "prop:candles": ("candle", "candlelight", "촛불", "양초"),
    "prop:books": ("book", "책", "책들", "책장", "고서"),
    "prop:flowers": (
        "flower",
        "blossom",
        "petal",
        "cherry",
        "sakura",
        "꽃",
        "벚꽃",
        "꽃잎",
        "꽃밭",
    ),
    "prop:fireflies": ("firefly", "fireflies", "반딧불", "반딧불이", "개똥벌레"),
    "prop:fire": (
        "fire",
        "fireplace",
        "campfire",
        "bonfire",
        "torch",
        "모닥불",
        "벽난로",
        "횃불",
        "불",
    ),
}

# Two-word English names (checked before single words).
_PHRASES: dict[tuple[str, str], str] = {
    ("night", "sky"): "scene:night_sky",
    ("starry", "sky"): "scene:night_sky",
    ("outer", "space"): "scene:spaceship",
    ("space", "ship"): "scene:spaceship",
    ("space", "station"): "scene:spaceship",
    ("throne", "room"): "scene:castle_hall",
    ("castle", "hall"): "scene:castle_hall",
    ("city", "street"): "scene:city_street",
    ("snow", "field"): "scene:snowfield",
}

# Props that say which scene is meant when no scene word is given.
_IMPLIED: tuple[tuple[str, str], ...] = (
    ("sea", "beach"),
    ("books", "library"),
    ("stars", "night_sky"),
    ("moon", "night_sky"),
    ("trees", "forest"),
    ("fireflies", "forest"),
    ("flowers", "forest"),
    ("mountains", "snowfield"),
    ("lanterns", "shrine"),
    ("candles", "library"),
    ("fire", "tavern"),
)


def _index() -> tuple[dict[str, str], dict[str, str]]:
    english: dict[str, str] = {}
    korean: dict[str, str] = {}
    for meaning, words in _VOCABULARY.items():
        for word in words:
            (english if word.isascii() else korean)[word] = meaning
    return english, korean


_ENGLISH, _KOREAN = _index()
_KOREAN_BY_LENGTH = sorted(_KOREAN, key=len, reverse=True)
_TOKEN = re.compile(r"[a-z]+|[\uac00-\ud7a3\u4e00-\u9fff]+")


def _singular(word: str) -> str:
    if word in _ENGLISH:
        return word
    for suffix, replacement in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and word[: -len(suffix)] + replacement in _ENGLISH:
            return word[: -len(suffix)] + replacement
    return word


def _korean_words(token: str) -> list[str]:
    """Greedy longest match along a Hangul run. A one-syllable word counts only at the run's start
    or right after another word ("겨울숲"), so "비" is not found inside "비밀"."""
    found: list[str] = []
    i = 0
    boundary = True
    while i < len(token):
        for word in _KOREAN_BY_LENGTH:
            if (len(word) > 1 or boundary) and token.startswith(word, i):
                found.append(word)
                i += len(word)
                boundary = True
                break
        else:
            i += 1
            boundary = False
    return found


def recognised_words(text: str) -> list[tuple[str, str]]:
    """The words of `text` the scene painter understands, in order, with what each means
    ("scene:forest", "time:night", "weather:rain", "prop:lanterns")."""
    tokens = _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i + 1 < len(tokens):
            pair = (_singular(token), _singular(tokens[i + 1]))
            if pair in _PHRASES:
                out.append((f"{token} {tokens[i + 1]}", _PHRASES[pair]))
                i += 2
                continue
        if token.isascii():
            word = _singular(token)
            if word in _ENGLISH:
                out.append((token, _ENGLISH[word]))
        else:
            out.extend((word, _KOREAN[word]) for word in _korean_words(token))
        i += 1
    return out


def plan_scene(description: str, attributes: Mapping[str, str] | None = None) -> ScenePlan:
    """A preset's plan for attributes {"scene": id}, else the plan a description asks for."""
    preset = (attributes or {}).get("scene")
    if preset in DEFAULTS:
        time, weather, props = DEFAULTS[preset]
        return ScenePlan(preset, time, weather, props)
    meanings = [meaning for _, meaning in recognised_words(description)]
    kinds: dict[str, list[str]] = {"scene": [], "time": [], "weather": [], "prop": []}
    for meaning in meanings:
        kind, _, value = meaning.partition(":")
        kinds[kind].append(value)
    asked = frozenset(kinds["prop"])
    scene = next(iter(kinds["scene"]), None)
    if scene is None:
        scene = next((s for prop, s in _IMPLIED if prop in asked), None)
    if scene is None:
        digest = hashlib.sha256(" ".join(description.split()).casefold().encode()).digest()
        scene = SCENE_IDS[digest[0] % len(SCENE_IDS)]
    time, weather, props = DEFAULTS[scene]
    if kinds["time"]:
        time = Time(kinds["time"][0])
    elif "moon" in asked or "stars" in asked or "fireflies" in asked:
        time = Time.NIGHT
    if kinds["weather"]:
        weather = Weather(kinds["weather"][0])
    return ScenePlan(scene, time, weather, props | asked)
