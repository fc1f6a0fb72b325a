"""Render every preset (or every option of one category) into one PNG to look at by eye.

python bench/contact_sheet.py [out.png] [category_id|poses]
"""

from __future__ import annotations

import sys

from PIL import Image

from mygemini.render.base import Pose
from mygemini.render.vector import VectorRenderer
from mygemini.studio.catalog import Recipe, load_catalog, preview_attributes
from mygemini.studio.prompt import build_render_request


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else "contact_sheet.png"
    what = sys.argv[2] if len(sys.argv) > 2 else "presets"
    catalog = load_catalog()
    renderer = VectorRenderer()
    shots: list[tuple[dict[str, str], Pose]] = []
    if what == "presets":
        shots = [(dict(p.attributes), Pose.FRONT) for p in catalog.presets]
    elif what == "poses":
        base = dict(catalog.presets[1].attributes)
        shots = [(base, pose) for pose in Pose]
    else:
        category = catalog.category(what)
        assert category is not None, what
        shots = [(preview_attributes(catalog, what, o.id), Pose.FRONT) for o in category.options]
    size = (256, 340)
    cols = 4
    rows = (len(shots) + cols - 1) // cols
    sheet = Image.new("RGB", (cols * size[0], rows * size[1]), "white")
    for i, (attributes, pose) in enumerate(shots):
        request = build_render_request(catalog, Recipe(attributes), seed=7, pose=pose, size=size)
        image = renderer.render(request).image
        sheet.paste(image, ((i % cols) * size[0], (i // cols) * size[1]))
    sheet.save(out)


if __name__ == "__main__":
    main()
