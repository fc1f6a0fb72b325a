"""Render every preset (or every pose, every extra-prompt word, every option of one category) into
one PNG to look at by eye; or compare two sheets (before/after a change) pixel by pixel.

python bench/contact_sheet.py [out.png] [presets|poses|words|<category_id>] [seed]
python bench/contact_sheet.py --compare before.png after.png diff.png

Sheets go under bench/out/ (ignored by git) by convention.
"""

from __future__ import annotations

import sys

from PIL import Image, ImageChops, ImageStat

from mygemini.render.base import Pose
from mygemini.render.vector import VectorRenderer
from mygemini.studio.catalog import Recipe, load_catalog, preview_attributes
from mygemini.studio.prompt import build_render_request

Shot = tuple[dict[str, str], Pose, str | None]


def shots(what: str) -> list[Shot]:
    catalog = load_catalog()
    if what == "presets":
        return [(dict(p.attributes), Pose.FRONT, None) for p in catalog.presets]
    if what == "poses":
        base = dict(catalog.presets[1].attributes)
        return [(base, pose, None) for pose in Pose]
    if what == "words":
        from mygemini.render.vector.props import VOCABULARY

        base = dict(catalog.preview_base)
        return [(base, Pose.FRONT, None)] + [(base, Pose.FRONT, w.en[0]) for w in VOCABULARY]
    category = catalog.category(what)
    assert category is not None, what
    return [(preview_attributes(catalog, what, o.id), Pose.FRONT, None) for o in category.options]


def sheet(what: str, seed: int) -> Image.Image:
    catalog = load_catalog()
    renderer = VectorRenderer()
    wanted = shots(what)
    size = (256, 340)
    cols = 4
    rows = (len(wanted) + cols - 1) // cols
    out = Image.new("RGB", (cols * size[0], rows * size[1]), "white")
    for i, (attributes, pose, extra) in enumerate(wanted):
        recipe = Recipe(attributes, extra_prompt=extra)
        request = build_render_request(catalog, recipe, seed=seed, pose=pose, size=size)
        image = renderer.render(request).image
        out.paste(image, ((i % cols) * size[0], (i // cols) * size[1]))
    return out


def compare(before: str, after: str, out: str) -> None:
    """Writes before | after | difference (x4) side by side and prints the mean difference."""
    a, b = Image.open(before).convert("RGB"), Image.open(after).convert("RGB")
    diff = ImageChops.difference(a, b)
    mean = sum(ImageStat.Stat(diff).mean) / 3
    worst = max(hi for _, hi in diff.getextrema())  # type: ignore[misc]
    side = Image.new("RGB", (a.width * 3, a.height), "white")
    side.paste(a, (0, 0))
    side.paste(b, (a.width, 0))
    side.paste(diff.point(lambda v: min(255, v * 4)), (a.width * 2, 0))
    side.save(out)
    sys.stdout.write(f"mean difference {mean:.3f} / 255, largest {worst}\n")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--compare":
        compare(sys.argv[2], sys.argv[3], sys.argv[4])
        return
    out = sys.argv[1] if len(sys.argv) > 1 else "bench/out/contact_sheet.png"
    what = sys.argv[2] if len(sys.argv) > 2 else "presets"
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    sheet(what, seed).save(out)


if __name__ == "__main__":
    main()
