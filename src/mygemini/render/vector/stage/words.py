"""From a description (Korean or English words) to a scene plan: a base scene plus modifiers.

Only words the painter can draw count (vocabulary.yaml); the rest are ignored. A description with
no scene word takes its scene from a prop that implies one (sea → beach) or, failing that, from a
hash of its text, so the same words always give the same picture, and "밤의 숲" and "forest at
night" give the same one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

import yaml


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


@dataclass(frozen=True)
class _Vocabulary:
    english: dict[str, str]  # word -> meaning ("scene:forest", "time:night", "prop:moon"...)
    korean: dict[str, str]
    korean_longest_first: tuple[str, ...]
    phrases: dict[tuple[str, str], str]


@cache
def _vocabulary() -> _Vocabulary:
    text = resources.files(__package__).joinpath("vocabulary.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    known = {
        *(f"scene:{s}" for s in SCENE_IDS),
        *(f"time:{t}" for t in Time),
        *(f"weather:{w}" for w in Weather),
        *(f"prop:{p}" for p in PROPS),
    }
    english: dict[str, str] = {}
    korean: dict[str, str] = {}
    for meaning, words in data["words"].items():
        if meaning not in known:
            raise ValueError(f"vocabulary.yaml: unknown meaning {meaning!r}")
        for word in words:
            (english if str(word).isascii() else korean)[str(word)] = meaning
    phrases = {tuple(str(k).split()): str(v) for k, v in data["phrases"].items()}
    return _Vocabulary(
        english=english,
        korean=korean,
        korean_longest_first=tuple(sorted(korean, key=len, reverse=True)),
        phrases={(a, b): m for (a, b), m in phrases.items()},
    )


_TOKEN = re.compile(r"[a-z]+|[\uac00-\ud7a3\u4e00-\u9fff]+")


def _singular(word: str) -> str:
    english = _vocabulary().english
    if word in english:
        return word
    for suffix, replacement in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and word[: -len(suffix)] + replacement in english:
            return word[: -len(suffix)] + replacement
    return word


def _korean_words(token: str) -> list[str]:
    """Greedy longest match along a Hangul run. A one-syllable word counts only at the run's start
    or right after another word ("겨울숲"), so "비" is not found inside "비밀"."""
    found: list[str] = []
    i = 0
    boundary = True
    while i < len(token):
        for word in _vocabulary().korean_longest_first:
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
    vocabulary = _vocabulary()
    tokens = _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i + 1 < len(tokens):
            pair = (_singular(token), _singular(tokens[i + 1]))
            if pair in vocabulary.phrases:
                out.append((f"{token} {tokens[i + 1]}", vocabulary.phrases[pair]))
                i += 2
                continue
        if token.isascii():
            word = _singular(token)
            if word in vocabulary.english:
                out.append((token, vocabulary.english[word]))
        else:
            out.extend((word, vocabulary.korean[word]) for word in _korean_words(token))
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
