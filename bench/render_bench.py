"""Milliseconds per portrait for the built-in vector renderer, all-in: render, then encode what a
summon stores (the PNG with its metadata, the WebP thumbnail and the WebP view copy), next to
the floor: resvg alone rasterising the same SVG.

    python bench/render_bench.py [rounds] [size]      # default 5 rounds, 512x680

Renders every preset `rounds` times (a different seed each round) and prints the median and p90
of each step. To compare with another revision, run the same script with PYTHONPATH pointing at
that revision's `src` (e.g. a `git archive` of it): it only uses functions every revision has.
Results go in bench/README.md.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

import resvg_py

from mygemini.render.png import encode_png, format_parameters, make_thumbnail, view_copy
from mygemini.render.vector import VectorRenderer, build_svg
from mygemini.studio.catalog import Recipe, load_catalog
from mygemini.studio.prompt import build_render_request


def main() -> None:
    rounds = max(1, min(int(sys.argv[1]) if len(sys.argv) > 1 else 5, 50))
    width, height = (int(v) for v in (sys.argv[2] if len(sys.argv) > 2 else "512x680").split("x"))
    catalog = load_catalog()
    renderer = VectorRenderer()
    names = ("svg", "resvg floor", "render", "encode", "all-in")
    # wall clock, and CPU time (steadier on a shared box: what the work costs, not the wait)
    steps: dict[str, dict[str, list[float]]] = {
        which: {k: [] for k in names} for which in ("wall", "cpu")
    }
    sizes: list[int] = []
    for r in range(rounds):
        for preset in catalog.presets:
            request = build_render_request(
                catalog, Recipe(preset.attributes), seed=1000 + r, size=(width, height)
            )
            clock: list[tuple[float, float]] = []

            def stamp(clock: list[tuple[float, float]] = clock) -> None:
                clock.append((time.perf_counter(), time.process_time()))

            stamp()
            svg = build_svg(request)
            stamp()
            resvg_py.svg_to_bytes(
                svg_string=svg, width=width, height=height, skip_system_fonts=True
            )
            stamp()
            result = renderer.render(request)
            stamp()
            image, meta = result.image, result.metadata[0]
            parameters = format_parameters(request.prompt, request.negative_prompt, meta)
            recipe = json.dumps({"attributes": dict(preset.attributes), "seed": meta.seed})
            stamp()
            # what a summon stores (gallery.portraits): PNG + metadata, thumbnail, view copy
            stored = (
                len(encode_png(image, parameters, recipe))
                + len(make_thumbnail(image))
                + len(view_copy(image))
            )
            stamp()
            sizes.append(stored)
            for which, index in (("wall", 0), ("cpu", 1)):
                at = [c[index] * 1000 for c in clock]
                spans = {
                    "svg": at[1] - at[0],
                    "resvg floor": at[2] - at[1],
                    "render": at[3] - at[2],
                    "encode": at[5] - at[4],
                    "all-in": at[3] - at[2] + at[5] - at[4],
                }
                for key, value in spans.items():
                    steps[which][key].append(value)
    n = len(steps["wall"]["render"])
    sys.stdout.write(f"{width}x{height}, {n} portraits ({rounds} rounds x presets)\n")
    sys.stdout.write(f"{'step':>12} {'wall median':>12} {'wall p90':>9} {'cpu median':>11}\n")
    for key in names:
        wall, cpu = steps["wall"][key], steps["cpu"][key]
        p90 = statistics.quantiles(wall, n=10)[-1] if len(wall) > 1 else wall[0]
        sys.stdout.write(
            f"{key:>12} {statistics.median(wall):>12.1f} {p90:>9.1f} "
            f"{statistics.median(cpu):>11.1f}\n"
        )
    sys.stdout.write(f"stored bytes per portrait (median): {statistics.median(sizes):.0f}\n")


if __name__ == "__main__":
    main()
