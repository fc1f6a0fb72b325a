"""The words Stable Diffusion backends wrap around a scene's description (SEED-SPEC §6.4): a
background with no people in it. The description is kept as the person wrote it, Korean or
English (the 2023 system erased everything but Hangul, so English never reached the model)."""

from __future__ import annotations

from .base import RenderRequest, Subject

SCENE_PREFIX = (
    "(8k),((only background)),((masterpiece)),(best quality),(ultra-detailed),"
    "(best illustration),(best quality),(high resolution),hyper detail,ultra detailed,"
    "Incredibly detailed,"
)
SCENE_NEGATIVE = (
    "human, man, woman, 1girl, 2girls, 3girls, 4girls, 5girls, multiple girls, 1boy, 2boys, "
    "multiple boys, people, person, text, digits, watermark, low quality, worst quality, "
    "jpeg artifacts, nsfw"
)
# What an empty description draws, as in 2023.
SCENE_FALLBACK = "night sky with a lot of stars"


def sd_prompts(request: RenderRequest) -> tuple[str, str]:
    """The prompt and negative prompt a Stable Diffusion backend sends for `request`."""
    if request.subject is not Subject.SCENE:
        return request.prompt, request.negative_prompt
    words = request.prompt.strip() or SCENE_FALLBACK
    negative = ", ".join(p for p in (SCENE_NEGATIVE, request.negative_prompt.strip()) if p)
    return f"{SCENE_PREFIX}{words}", negative
