"""Issue 12, point 2: with the built-in renderer the seed visibly matters. Measured where a
person looks (the head and shoulders): two seeds of one recipe differ at least as much as two
neighbouring hair colours at one seed, averaged over several recipes and seeds (not one lucky
pair)."""

from __future__ import annotations

from PIL import Image, ImageChops, ImageStat

from mygemini.render.vector import VectorRenderer
from mygemini.studio.catalog import Recipe, load_catalog
from mygemini.studio.prompt import build_render_request
from tests.catalog import category_named

SIZE = (192, 256)
# the head and shoulders: canvas units (512x680) x 96..416, y 120..560, at SIZE
REGION = (36, 45, 156, 210)
SEED_PAIRS = [(11, 12), (101, 202), (7777, 31337)]


def _render(attributes: dict[str, str], seed: int) -> Image.Image:
    request = build_render_request(load_catalog(), Recipe(attributes), seed=seed, size=SIZE)
    return VectorRenderer().render(request).image.crop(REGION)


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel, 0..255."""
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def seed_and_hair_differences() -> tuple[float, float]:
    catalog = load_catalog()
    hair = [o.id for o in category_named(catalog, "hair_color").options]
    seed_diffs, hair_diffs = [], []
    for preset in catalog.presets:
        attributes = dict(preset.attributes)
        for a, b in SEED_PAIRS:
            seed_diffs.append(mean_difference(_render(attributes, a), _render(attributes, b)))
        i = hair.index(attributes["hair_color"])
        neighbour = {**attributes, "hair_color": hair[(i + 1) % len(hair)]}
        seed = SEED_PAIRS[0][0]
        hair_diffs.append(mean_difference(_render(attributes, seed), _render(neighbour, seed)))
    return sum(seed_diffs) / len(seed_diffs), sum(hair_diffs) / len(hair_diffs)


def test_two_seeds_differ_at_least_as_much_as_two_neighbouring_hair_colours() -> None:
    by_seed, by_hair = seed_and_hair_differences()
    assert by_seed >= by_hair, f"seeds differ by {by_seed:.1f}, hair colours by {by_hair:.1f}"
