"""Stable Diffusion prompts: a scene's background prompt, and A1111-style weighting and long-prompt
chunking for Stable Diffusion 1.x text encoders.

diffusers truncates a prompt at CLIP's 77 tokens and ignores `(text:1.2)`; our prompts are longer
than that (quality prefix + ten fragments) and weighted. Like A1111, the prompt is cut into
75-token windows, each encoded alone and concatenated, and each token's embedding is scaled by its
weight, then rescaled so the overall mean stays what it was.

torch is imported only where embeddings are made, so the A1111 client can use the background
prompt on a host without it.
"""

from __future__ import annotations

import dataclasses
import math
import re
from typing import TYPE_CHECKING, Any

from PIL import ImageOps

from .base import RenderMetadata, RenderRequest, RenderResult, Subject
from .vector.stage.words import recognised_words

if TYPE_CHECKING:
    import torch

_WEIGHTED = re.compile(r"\(([^()]*?):\s*([0-9]*\.?[0-9]+)\)")


def parse_weights(prompt: str) -> list[tuple[str, float]]:
    """Split a prompt into (text, weight) runs; only the explicit `(text:w)` form is weighted."""
    runs: list[tuple[str, float]] = []
    position = 0
    for match in _WEIGHTED.finditer(prompt):
        if match.start() > position:
            runs.append((prompt[position : match.start()], 1.0))
        runs.append((match.group(1), float(match.group(2))))
        position = match.end()
    if position < len(prompt):
        runs.append((prompt[position:], 1.0))
    return [(text, weight) for text, weight in runs if text.strip()]


def strip_weights(prompt: str) -> str:
    """The prompt with `(text:w)` reduced to `text`, for pipelines that take plain strings."""
    return _WEIGHTED.sub(lambda m: m.group(1), prompt)


def _tokens(tokenizer: Any, prompt: str) -> tuple[list[int], list[float]]:
    ids: list[int] = []
    weights: list[float] = []
    for text, weight in parse_weights(prompt):
        found = tokenizer(text, add_special_tokens=False, truncation=False).input_ids
        ids.extend(found)
        weights.extend([weight] * len(found))
    return ids, weights


def encode_prompts(
    tokenizer: Any, text_encoder: Any, prompt: str, negative: str, device: torch.device
) -> tuple[torch.Tensor, torch.Tensor]:
    """Weighted embeddings for the prompt and negative prompt, with equal lengths."""
    window = int(tokenizer.model_max_length) - 2
    pos_ids, pos_w = _tokens(tokenizer, prompt)
    neg_ids, neg_w = _tokens(tokenizer, negative)
    windows = max(1, math.ceil(len(pos_ids) / window), math.ceil(len(neg_ids) / window))
    return (
        _embed(tokenizer, text_encoder, pos_ids, pos_w, windows, device),
        _embed(tokenizer, text_encoder, neg_ids, neg_w, windows, device),
    )


def _embed(
    tokenizer: Any,
    text_encoder: Any,
    ids: list[int],
    weights: list[float],
    windows: int,
    device: torch.device,
) -> torch.Tensor:
    import torch

    window = int(tokenizer.model_max_length) - 2
    bos, eos = int(tokenizer.bos_token_id), int(tokenizer.eos_token_id)
    pad = int(tokenizer.pad_token_id) if tokenizer.pad_token_id is not None else eos
    parts = []
    for k in range(windows):
        chunk = ids[k * window : (k + 1) * window]
        chunk_w = weights[k * window : (k + 1) * window]
        filler = window - len(chunk)
        row = [bos, *chunk, eos] + [pad] * filler
        row_w = [1.0, *chunk_w, 1.0] + [1.0] * filler
        hidden = text_encoder(torch.tensor([row], device=device))[0]
        if any(w != 1.0 for w in row_w):
            scale = torch.tensor(row_w, dtype=hidden.dtype, device=device).view(1, -1, 1)
            before = hidden.float().mean()
            hidden = hidden * scale
            after = hidden.float().mean()
            if after.abs() > 1e-6:
                hidden = hidden * (before / after).to(hidden.dtype)
        parts.append(hidden)
    return torch.cat(parts, dim=1)


# Scenes (SEED-SPEC §6.4): the 2023 background prefix and people-free negative prompt, with the
# weights written the way our encoder reads them; `scenery, no humans` are the tags anime models
# learnt for "a landscape with nobody in it".
BACKGROUND_PREFIX = (
    "(8k:1.1), (only background:1.21), (masterpiece:1.21), (best quality:1.1), "
    "(ultra-detailed:1.1), (best illustration:1.1), (high resolution:1.1), hyper detail, "
    "ultra detailed, incredibly detailed, scenery, no humans"
)
BACKGROUND_NEGATIVE = (
    "(human:1.3), (person:1.3), people, man, woman, boy, girl, 1girl, 2girls, 3girls, 4girls, "
    "5girls, multiple girls, 1boy, multiple boys, character, face, text, digits, letters, "
    "watermark, signature, logo, low quality, worst quality, jpeg artifacts, nsfw"
)
# What 2023 drew for an empty description.
BACKGROUND_FALLBACK = "night sky with a lot of stars"
DESCRIPTION_MAX = 200

# The built-in scenes in words a diffusion model reads.
SCENE_PROMPTS: dict[str, str] = {
    "tavern": "cozy medieval fantasy tavern interior, wooden beams, warm hanging lanterns, "
    "fireplace, round wooden tables with mugs, candles, night",
    "forest": "sunlit fantasy forest, tall trees, wildflowers, dirt path, light rays",
    "castle_hall": "grand castle throne hall, stone pillars, red banners, red carpet, golden "
    "throne, tall arched windows",
    "night_sky": "night sky with a lot of stars, crescent moon, milky way, dark hills",
    "city_street": "city street at sunset, shops with striped awnings, street lamps, lit windows",
    "beach": "tropical beach, blue sea, palm tree, white sand, clouds, sunny day",
    "dungeon": "dark stone dungeon, torches on the walls, barred door, chains, treasure chest",
    "library": "grand old library, tall bookshelves, arched window, reading desk, candles",
    "snowfield": "snowy field, snow-capped mountains, snowy pine trees, small cabin, falling snow",
    "spaceship": "spaceship bridge interior, panoramic window onto outer space, ringed planet, "
    "nebula, glowing consoles",
    "classroom": "empty school classroom, chalkboard, wooden desks, windows with sunlight",
    "shrine": "shrine at sunset, red torii gate, stone lanterns, cherry blossoms, stone path",
}

# A1111's weighting and alternation syntax: a description is text, not prompt markup.
_MARKUP = re.compile(r"[()\[\]{}<>:|\\]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def background_prompt(description: str, scene: str | None = None) -> tuple[str, str]:
    """Positive and negative prompt for a scene: a built-in scene's words, or the description as
    typed (Korean, English or both; nothing is filtered out), followed by the English for the
    Korean words the scene vocabulary knows, since SD reads English best."""
    if scene in SCENE_PROMPTS:
        return f"{BACKGROUND_PREFIX}, {SCENE_PROMPTS[scene]}", BACKGROUND_NEGATIVE
    text = " ".join(_MARKUP.sub(" ", _CONTROL.sub(" ", description)).split())[:DESCRIPTION_MAX]
    hints: list[str] = []
    for word, meaning in recognised_words(text):
        english = meaning.partition(":")[2].replace("_", " ")
        if not word.isascii() and english not in hints:
            hints.append(english)
    subject = ", ".join([text, *hints]) if text else BACKGROUND_FALLBACK
    return f"{BACKGROUND_PREFIX}, {subject}", BACKGROUND_NEGATIVE


def background_request(request: RenderRequest) -> RenderRequest:
    """What an SD backend renders for a request: a scene gets the background prompts and a size
    rounded up to multiples of 8 (960x540 -> 960x544; `fit_result` crops back). A portrait is
    returned as it is."""
    if request.subject is not Subject.SCENE:
        return request
    positive, negative = background_prompt(request.prompt, request.attributes.get("scene"))
    return dataclasses.replace(
        request,
        prompt=positive,
        negative_prompt=negative,
        width=-(-request.width // 8) * 8,
        height=-(-request.height // 8) * 8,
    )


def fit_result(result: RenderResult, request: RenderRequest) -> RenderResult:
    """The result at the size `request` asked for (centre-cropped where it was rounded up)."""
    size = (request.width, request.height)
    if all(image.size == size for image in result.images):
        return result
    images = tuple(ImageOps.fit(image, size, centering=(0.5, 0.5)) for image in result.images)
    metadata: tuple[RenderMetadata, ...] = tuple(
        dataclasses.replace(m, width=size[0], height=size[1]) for m in result.metadata
    )
    return RenderResult(images=images, metadata=metadata)
