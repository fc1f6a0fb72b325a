"""Milliseconds per portrait for the built-in vector renderer.

    python bench/render_bench.py [rounds]

Renders every preset `rounds` times (default 3) at a few sizes and prints median wall and CPU
time per portrait, plus the share spent building the SVG text. Results go in bench/README.md.
"""

from __future__ import annotations

import statistics
import sys
import time

from mygemini.render.vector import VectorRenderer, build_svg
from mygemini.studio.catalog import Recipe, load_catalog
from mygemini.studio.prompt import build_render_request

SIZES = [(512, 680), (256, 340), (128, 170)]


def main() -> None:
    rounds = max(1, min(int(sys.argv[1]) if len(sys.argv) > 1 else 3, 20))
    catalog = load_catalog()
    renderer = VectorRenderer()
    rows = []
    for size in SIZES:
        wall: list[float] = []
        cpu: list[float] = []
        svg: list[float] = []
        for r in range(rounds):
            for preset in catalog.presets:
                request = build_render_request(
                    catalog, Recipe(preset.attributes), seed=r, size=size
                )
                t0, c0 = time.perf_counter(), time.process_time()
                build_svg(request)
                t1 = time.perf_counter()
                renderer.render(request)
                t2, c2 = time.perf_counter(), time.process_time()
                svg.append((t1 - t0) * 1000)
                wall.append((t2 - t1) * 1000)
                cpu.append((c2 - c0) * 1000 - (t1 - t0) * 1000)
        rows.append((size, len(wall), wall, cpu, svg))
    header = f"{'size':>9} {'n':>4} {'median ms':>10} {'p90 ms':>8} {'cpu ms':>8} {'svg ms':>7}"
    sys.stdout.write(header + "\n")
    for (w, h), n, wall, cpu, svg in rows:
        p90 = statistics.quantiles(wall, n=10)[-1] if len(wall) > 1 else wall[0]
        sys.stdout.write(
            f"{w:>4}x{h:<4} {n:>4} {statistics.median(wall):>10.1f} {p90:>8.1f} "
            f"{statistics.median(cpu):>8.1f} {statistics.median(svg):>7.2f}\n"
        )


if __name__ == "__main__":
    main()
