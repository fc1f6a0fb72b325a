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
    steps: dict[str, list[float]] = {
        k: [] for k in ("svg", "resvg floor", "render", "encode", "all-in")
    }
    sizes: list[int] = []
    for r in range(rounds):
        for preset in catalog.presets:
            request = build_render_request(
                catalog, Recipe(preset.attributes), seed=1000 + r, size=(width, height)
            )
            t0 = time.perf_counter()
            svg = build_svg(request)
            t1 = time.perf_counter()
            resvg_py.svg_to_bytes(
                svg_string=svg, width=width, height=height, skip_system_fonts=True
            )
            t2 = time.perf_counter()
            result = renderer.render(request)
            t3 = time.perf_counter()
            image, meta = result.image, result.metadata[0]
            parameters = format_parameters(request.prompt, request.negative_prompt, meta)
            recipe = json.dumps({"attributes": dict(preset.attributes), "seed": meta.seed})
            t4 = time.perf_counter()
            # what a summon stores (gallery.portraits): PNG + metadata, thumbnail, view copy
            stored = (
                len(encode_png(image, parameters, recipe))
                + len(make_thumbnail(image))
                + len(view_copy(image))
            )
            t5 = time.perf_counter()
            sizes.append(stored)
            svg_ms, floor_ms = (t1 - t0) * 1000, (t2 - t1) * 1000
            render_ms, encode_ms = (t3 - t2) * 1000, (t5 - t4) * 1000
            for key, value in (
                ("svg", svg_ms),
                ("resvg floor", floor_ms),
                ("render", render_ms),
                ("encode", encode_ms),
                ("all-in", render_ms + encode_ms),
            ):
                steps[key].append(value)
    n = len(steps["render"])
    sys.stdout.write(f"{width}x{height}, {n} portraits ({rounds} rounds x presets)\n")
    sys.stdout.write(f"{'step':>12} {'median ms':>10} {'p90 ms':>8}\n")
    for key, values in steps.items():
        p90 = statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]
        sys.stdout.write(f"{key:>12} {statistics.median(values):>10.1f} {p90:>8.1f}\n")
    sys.stdout.write(f"stored bytes per portrait (median): {statistics.median(sizes):.0f}\n")


if __name__ == "__main__":
    main()
