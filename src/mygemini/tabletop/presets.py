"""The built-in scenes: their names, and their pictures drawn by the built-in (vector) renderer
whatever backend the process renders people with, so the embedded default has them too."""

from __future__ import annotations

import asyncio
import functools
import io
from typing import get_args

from PIL import Image

from mygemini.render.base import SCENE_SIZE, RenderRequest, Subject
from mygemini.render.png import plain_png
from mygemini.tabletop.stage_schemas import SceneId, ScenePreset

SCENE_IDS: tuple[str, ...] = get_args(SceneId)
# id -> (Korean, English)
NAMES: dict[str, tuple[str, str]] = {
    "tavern": ("선술집", "Tavern"),
    "forest": ("숲", "Forest"),
    "castle_hall": ("성의 대전", "Castle hall"),
    "night_sky": ("밤하늘", "Night sky"),
    "city_street": ("도시의 거리", "City street"),
    "beach": ("해변", "Beach"),
    "dungeon": ("던전", "Dungeon"),
    "library": ("도서관", "Library"),
    "snowfield": ("설원", "Snowfield"),
    "spaceship": ("우주선", "Spaceship"),
    "classroom": ("교실", "Classroom"),
    "shrine": ("신사", "Shrine"),
}
# Every preset is drawn with the same seed: a preset looks the same in every room.
PRESET_SEED = 2023


def image_url(scene_id: str) -> str:
    return f"/api/scenes/presets/{scene_id}.png"


def catalog() -> list[ScenePreset]:
    return [
        ScenePreset.model_validate(
            {"id": sid, "name_ko": ko, "name_en": en, "image_url": image_url(sid)}
        )
        for sid, (ko, en) in NAMES.items()
    ]


def draw(scene_id: str) -> Image.Image:
    from mygemini.render.vector import VectorRenderer

    request = RenderRequest(
        prompt=NAMES[scene_id][1],
        negative_prompt="",
        seed=PRESET_SEED,
        attributes={"scene": scene_id},
        subject=Subject.SCENE,
        width=SCENE_SIZE[0],
        height=SCENE_SIZE[1],
    )
    return VectorRenderer().render(request).image


@functools.lru_cache(maxsize=len(NAMES))
def _png(scene_id: str) -> bytes:
    return plain_png(draw(scene_id))


async def image(scene_id: str) -> bytes:
    """The preset's PNG, drawn once per process (in a thread: the event loop stays free)."""
    return await asyncio.to_thread(_png, scene_id)


async def picture(scene_id: str) -> Image.Image:
    return Image.open(io.BytesIO(await image(scene_id)))
