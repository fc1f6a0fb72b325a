"""Outdoor scenes: each draws its ground and landmarks; the sky above is shared (sky.py)."""

from __future__ import annotations

from collections.abc import Callable

from .kit import Stage
from .places import beach, city_street, shrine
from .wild import forest, night_sky, snowfield

PAINTERS: dict[str, Callable[[Stage], list[str]]] = {
    "forest": forest,
    "night_sky": night_sky,
    "city_street": city_street,
    "beach": beach,
    "snowfield": snowfield,
    "shrine": shrine,
}
HORIZONS = {
    "forest": 340.0,
    "night_sky": 400.0,
    "city_street": 380.0,
    "beach": 300.0,
    "snowfield": 340.0,
    "shrine": 350.0,
}
