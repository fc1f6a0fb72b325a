"""Building Stable Diffusion prompts (and render requests) from a recipe. Pure functions.

The positive prompt is a fixed quality prefix, then one fragment per chosen option in catalog order
(the expression sits in its own slot so the four-cuts can swap it), then the person's checked extra
text. Weighted fragments use A1111 syntax `(text:1.2)`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from mygemini.render.base import PORTRAIT_SIZE, ParamValue, Pose, RenderRequest
from mygemini.render.vector.figure import EXTRA
from mygemini.render.vector.props import read_words
from mygemini.studio.catalog import (
    Catalog,
    Recipe,
    UnknownOptionError,
    load_catalog,
    validate_attributes,
)

QUALITY_PREFIX = (
    "(masterpiece:1.2), (best quality:1.2), (illustration:1.1), (portrait:1.1), upper body, "
    "looking at viewer, finely detailed beautiful eyes, detailed face"
)
# Unlike 2023 this is actually sent; NSFW is pushed down hard because the service is all-ages.
NEGATIVE_PROMPT = (
    "(nsfw:1.5), (nude:1.5), (worst quality:1.4), (low quality:1.4), (normal quality:1.2), "
    "lowres, bad anatomy, bad hands, missing fingers, extra digits, fewer digits, extra limbs, "
    "extra face, double head, deformed face, poorly drawn face, mutation, bad proportions, "
    "long neck, cropped, blurry, jpeg artifacts, text, watermark, signature, logo"
)
EXTRA_PROMPT_MAX = 200

# A1111 weighting/alternation syntax: stripped from free text so it cannot outweigh the negatives.
_PROMPT_BRACKETS = re.compile(r"[()\[\]{}<>]")
_PROMPT_SEPARATORS = re.compile(r"[:|\\]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_EN_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_NOT_HANGUL = re.compile(r"[^\uac00-\ud7a3]")
# Letters that draw nothing (not format characters, so named one by one): the combining grapheme
# joiner and the Hangul fillers.
_INVISIBLE_LETTERS = frozenset("\u034f\u115f\u1160\u3164\uffa0")


class PromptError(ValueError):
    """The person's extra prompt is not acceptable (the backend answers 400)."""


class ExtraPromptTooLongError(PromptError):
    def __init__(self, length: int) -> None:
        super().__init__(f"extra prompt is {length} characters, at most {EXTRA_PROMPT_MAX} allowed")
        self.length = length


class BlockedWordError(PromptError):
    def __init__(self, word: str) -> None:
        super().__init__(f"extra prompt contains a blocked word: {word!r}")
        self.word = word


@dataclass(frozen=True)
class Prompt:
    positive: str
    negative: str


def weighted(text: str, weight: float) -> str:
    """A1111 emphasis: `(text:1.2)`; plain text at weight 1."""
    return text if weight == 1.0 else f"({text}:{weight:g})"


def build_prompt(catalog: Catalog, recipe: Recipe, *, expression: str | None = None) -> Prompt:
    """Positive and negative prompt for a valid recipe; `expression` swaps the expression slot."""
    validate_attributes(catalog, recipe.attributes)
    slot = catalog.expression_category
    if expression is not None and slot.option(expression) is None:
        raise UnknownOptionError(slot.id, expression)
    parts = [QUALITY_PREFIX]
    for category in catalog.categories:
        chosen = (
            expression if category is slot and expression else recipe.attributes.get(category.id)
        )
        option = category.option(chosen) if chosen is not None else None
        if option is not None:
            parts.append(weighted(option.prompt, option.weight))
    extra = check_extra_prompt(recipe.extra_prompt)
    if extra:
        parts.append(extra)
    return Prompt(positive=", ".join(parts), negative=NEGATIVE_PROMPT)


def render_params(
    catalog: Catalog, attributes: Mapping[str, str]
) -> dict[str, Mapping[str, ParamValue]]:
    """Each chosen option's renderer parameters by category id."""
    params: dict[str, Mapping[str, ParamValue]] = {}
    for category_id, option_id in attributes.items():
        category = catalog.category(category_id)
        option = category.option(option_id) if category is not None else None
        if option is not None:
            params[category_id] = option.params
    return params


def build_render_request(
    catalog: Catalog,
    recipe: Recipe,
    *,
    seed: int,
    pose: Pose = Pose.FRONT,
    size: tuple[int, int] = PORTRAIT_SIZE,
    expression: str | None = None,
    batch_size: int = 1,
) -> RenderRequest:
    """Everything a renderer needs for this recipe; the seed is explicit (the caller rolls it)."""
    prompt = build_prompt(catalog, recipe, expression=expression)
    attributes = dict(recipe.attributes)
    if expression is not None:
        attributes[catalog.expression_category.id] = expression
    params = render_params(catalog, attributes)
    # The built-in renderer reads only its vocabulary of props and moods in the extra prompt;
    # diffusion renderers read the whole text from the prompt.
    words = read_words(check_extra_prompt(recipe.extra_prompt))
    if words:
        params[EXTRA] = {"words": ",".join(words)}
    return RenderRequest(
        prompt=prompt.positive,
        negative_prompt=prompt.negative,
        seed=seed,
        attributes=attributes,
        params=params,
        pose=pose,
        width=size[0],
        height=size[1],
        batch_size=batch_size,
    )


def stored_request(recipe: Mapping[str, Any], seed: int) -> RenderRequest:
    """The render request of a recipe as jobs store it ({"attributes", "extra_prompt"})."""
    return build_render_request(
        load_catalog(),
        Recipe(attributes=recipe["attributes"], extra_prompt=recipe.get("extra_prompt"), seed=seed),
        seed=seed,
    )


def check_extra_prompt(text: str | None) -> str:
    """The cleaned extra prompt ("" when empty); raises `PromptError` when too long or blocked."""
    if text is None:
        return ""
    text = _PROMPT_SEPARATORS.sub(" ", _PROMPT_BRACKETS.sub("", _CONTROL.sub(" ", text)))
    cleaned = " ".join(text.split())
    if len(cleaned) > EXTRA_PROMPT_MAX:
        raise ExtraPromptTooLongError(len(cleaned))
    word = find_blocked_word(cleaned)
    if word is not None:
        raise BlockedWordError(word)
    return cleaned


def normalize_for_matching(text: str) -> str:
    """What the blocked-word match sees: compatibility forms folded (full-width letters, ligatures),
    invisible characters dropped (zero-width spaces and joiners, soft hyphens, bidi marks: all of
    Unicode's format characters, plus the Hangul fillers that render as nothing), case folded."""
    folded = unicodedata.normalize("NFKC", text)
    visible = "".join(
        c for c in folded if unicodedata.category(c) != "Cf" and c not in _INVISIBLE_LETTERS
    )
    return visible.casefold()


def find_blocked_word(text: str) -> str | None:
    """The first blocked word (English or Korean) found in `text`, or None."""
    words = _blocked_words()
    normal = normalize_for_matching(text)
    # English words are split on everything that is not a letter or digit ("nsfw-girl",
    # "no_nsfw"); a hyphenated compound is also tried glued ("se-xy").
    compounds = _EN_TOKEN.findall(normal.translate(_LEET))
    glued = {c.replace("-", "") for c in compounds if "-" in c}
    tokens = [part for c in compounds for part in c.split("-")]
    # Runs of one-letter tokens ("n s f w", "n.s.f.w") are joined so separators do not hide a word;
    # every stretch of a run is tried, as a neighbouring "a" or "I" joins the run too
    # ("a n.u.d.e figure").
    joined: list[str] = []
    stretches: list[str] = []
    run = ""
    for token in [*tokens, ""]:
        if len(token) == 1:
            run += token
            continue
        if len(run) > 1:
            joined.append(run)
            stretches.extend(_stretches(run, words.longest_en))
        run = ""
        joined.append(token)
    candidates = [t for t in joined if t]
    for token in [*candidates, *sorted(glued), *stretches]:
        if token in words.en_words:
            return words.en_words[token]
    spaced = f" {' '.join(candidates)} "
    for phrase, word in words.en_phrases:
        if f" {phrase} " in spaced:
            return word
    hangul = _NOT_HANGUL.sub("", normal)
    for allowed in words.ko_allow:
        hangul = hangul.replace(allowed, "")
    for word in words.ko:
        if word in hangul:
            return word
    return None


def _stretches(run: str, longest: int) -> list[str]:
    """Every piece of at least two letters (and at most `longest`) of a run of one-letter tokens."""
    return [
        run[start:end]
        for start in range(len(run) - 1)
        for end in range(start + 2, min(len(run), start + longest) + 1)
    ]


@dataclass(frozen=True)
class _BlockedWords:
    # match form → the list's own spelling (what the error names)
    en_words: dict[str, str]
    longest_en: int
    en_phrases: tuple[tuple[str, str], ...]
    ko: tuple[str, ...]
    ko_allow: tuple[str, ...]


@cache
def _blocked_words() -> _BlockedWords:
    package = resources.files("mygemini.studio.catalog")
    data = yaml.safe_load(package.joinpath("blocked_words.yaml").read_text(encoding="utf-8"))
    en = [str(w).casefold() for w in data["en"]]
    singles: dict[str, str] = {}
    phrases: list[tuple[str, str]] = []
    for word in en:
        parts = re.findall(r"[a-z0-9]+", word)
        if len(parts) == 1:
            singles[parts[0]] = word
            continue
        phrases.append((" ".join(parts), word))
        if "-" in word:
            singles["".join(parts)] = word  # "seethrough" as well as "see through"
    return _BlockedWords(
        en_words=singles,
        longest_en=max(map(len, singles), default=0),
        en_phrases=tuple(phrases),
        ko=tuple(str(w) for w in data["ko"]),
        ko_allow=tuple(str(w) for w in data.get("ko_allow", [])),
    )
