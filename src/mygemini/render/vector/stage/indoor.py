"""Indoor scenes: walls, furniture and light; the time and weather show through the windows."""

from __future__ import annotations

from collections.abc import Callable

from .halls import castle_hall, dungeon, library, tavern
from .kit import Stage
from .modern import classroom, spaceship
from .room import wall_color

PAINTERS: dict[str, Callable[[Stage], list[str]]] = {
    "tavern": tavern,
    "castle_hall": castle_hall,
    "dungeon": dungeon,
    "library": library,
    "spaceship": spaceship,
    "classroom": classroom,
}

__all__ = ["PAINTERS", "wall_color"]
