"""The built-in scenes: names and pictures drawn by the built-in renderer."""

from __future__ import annotations

from mygemini.errors import AppError
from mygemini.tabletop.stage_schemas import SceneId, ScenePreset


def catalog() -> list[ScenePreset]:
    raise AppError("Not built yet.")


async def image(scene_id: SceneId) -> bytes:
    raise AppError("Not built yet.")
