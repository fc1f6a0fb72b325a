"""SVG text to pixels with Skia's SVG renderer (skia-python), straight into memory.

resvg (the first rasteriser) cost ~90 ms of CPU per 512x680 portrait, 16 ms of it fixed: it could
only hand back an encoded PNG, which Pillow then decoded. Skia draws the same SVG in ~10 ms into
a buffer Pillow reads directly. Its SVG reader has one gap we steer around: gradients in
bounding-box units come out black, so `paint.linear`/`paint.radial` write them in user space.
"""

from __future__ import annotations

import numpy as np
import skia
from PIL import Image


def _dom(svg: str) -> skia.SVGDOM:
    text = svg.encode()
    # copied: a stream that only borrows the bytes could read them after they are freed
    dom = skia.SVGDOM.MakeFromStream(skia.MemoryStream(text, True))
    if dom is None:
        raise ValueError("Skia could not read the SVG")
    return dom


def rasterize(svg: str, size: tuple[int, int]) -> Image.Image:
    """An opaque picture (the SVG paints its own background): RGB."""
    width, height = size
    dom = _dom(svg)
    pixels = np.zeros((height, width, 4), dtype=np.uint8)
    # Skia draws into our buffer: no snapshot, no copy out
    surface = skia.Surface(pixels, colorType=skia.kRGBA_8888_ColorType)
    with surface as canvas:
        dom.setContainerSize(skia.Size(width, height))
        dom.render(canvas)
    return Image.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1).convert("RGB")


def rasterize_cutout(svg: str, size: tuple[int, int]) -> Image.Image:
    """RGBA, transparent where nothing is drawn (straight alpha, as Pillow expects)."""
    width, height = size
    dom = _dom(svg)
    surface = skia.Surface(width, height)
    with surface as canvas:
        dom.setContainerSize(skia.Size(width, height))
        dom.render(canvas)
    data = (
        surface.makeImageSnapshot()
        .toarray(colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType)
        .tobytes()
    )
    return Image.frombuffer("RGBA", (width, height), data, "raw", "RGBA", 0, 1)
