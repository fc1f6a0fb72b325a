"""A1111-style prompt weighting and long-prompt chunking for Stable Diffusion 1.x text encoders.

diffusers truncates a prompt at CLIP's 77 tokens and ignores `(text:1.2)`; our prompts are longer
than that (quality prefix + ten fragments) and weighted. Like A1111, the prompt is cut into
75-token windows, each encoded alone and concatenated, and each token's embedding is scaled by its
weight, then rescaled so the overall mean stays what it was.
"""

from __future__ import annotations

import math
import re
from typing import Any

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
