"""Milliseconds per stage scene and per four-cut composition, built-in renderer.

    python bench/scene_bench.py [rounds] [sheet.png]

Renders every built-in scene and a few descriptions at 960x540 `rounds` times (default 3) and
composes a life four-cut (four cut-out portraits over a scene, 2x2 and 1x4, Korean caption) and
an expression four-cut. Prints the median and worst wall time and the median CPU time of each;
with a path, also writes a contact sheet of the twelve scenes. Results go in bench/README.md.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from collections.abc import Callable

from PIL import Image

from mygemini.render.base import SCENE_SIZE, RenderRequest, Subject
from mygemini.render.fourcut import FourcutLayout, compose_fourcut
from mygemini.render.vector import VectorRenderer
from mygemini.render.vector.stage import SCENE_IDS
from mygemini.studio.catalog import Recipe, load_catalog
from mygemini.studio.prompt import build_render_request

DESCRIPTIONS = ("밤의 숲", "rainy city street at night", "안개 낀 해변의 노을, 등불")


def _scene(seed: int, scene: str | None = None, description: str = "") -> RenderRequest:
    return RenderRequest(
        prompt=description,
        negative_prompt="",
        seed=seed,
        subject=Subject.SCENE,
        attributes={"scene": scene} if scene else {},
        width=SCENE_SIZE[0],
        height=SCENE_SIZE[1],
    )


def _time(rounds: int, work: Callable[[int], object]) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per round (CPU time shows less of a shared box's load)."""
    wall, cpu = [], []
    for r in range(rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        work(r)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return wall, cpu


def _render(renderer: VectorRenderer, scene: str | None, words: str) -> Callable[[int], object]:
    return lambda seed: renderer.render(_scene(seed, scene, words))


def main() -> None:
    rounds = max(1, min(int(sys.argv[1]) if len(sys.argv) > 1 else 3, 20))
    renderer = VectorRenderer()
    rows: list[tuple[str, tuple[list[float], list[float]]]] = []
    for scene in SCENE_IDS:
        rows.append((scene, _time(rounds, _render(renderer, scene, ""))))
    for words in DESCRIPTIONS:
        rows.append((words, _time(rounds, _render(renderer, None, words))))
    catalog = load_catalog()
    requests = [
        build_render_request(catalog, Recipe(p.attributes), seed=3) for p in catalog.presets[:4]
    ]
    portraits = [renderer.render(r).image for r in requests]
    cutouts = [renderer.render(dataclasses.replace(r, cutout=True)).image for r in requests]
    backdrop = renderer.render(_scene(1, "tavern")).image

    def life(_: int) -> None:
        for layout in FourcutLayout:
            compose_fourcut(
                cutouts, layout, "모험가의 선술집", subtitle="2026.11.30", backdrop=backdrop
            )

    def expression(_: int) -> None:
        for layout in FourcutLayout:
            compose_fourcut(portraits, layout, "별빛 소녀 · 주간 TOP 5 #1")

    rows.append(("life four-cut (2x2 + 1x4)", _time(rounds, life)))
    rows.append(("expression four-cut (2x2 + 1x4)", _time(rounds, expression)))
    sys.stdout.write(f"{'what':<34} {'n':>3} {'median ms':>10} {'max ms':>8} {'cpu ms':>7}\n")
    for name, (wall, cpu) in rows:
        sys.stdout.write(
            f"{name:<34} {len(wall):>3} {statistics.median(wall):>10.1f} {max(wall):>8.1f} "
            f"{statistics.median(cpu):>7.1f}\n"
        )
    if len(sys.argv) > 2:
        sheet = Image.new("RGB", (4 * 480, 3 * 270))
        for i, scene in enumerate(SCENE_IDS):
            image = renderer.render(_scene(1, scene)).image.resize((480, 270))
            sheet.paste(image, ((i % 4) * 480, (i // 4) * 270))
        sheet.save(sys.argv[2])


if __name__ == "__main__":
    main()
