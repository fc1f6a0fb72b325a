"""SVG text to pixels with Skia's SVG renderer (skia-python), straight into memory.

resvg (the first rasteriser) cost ~90 ms of CPU per 512x680 portrait, 16 ms of it fixed: it could
only hand back an encoded PNG, which Pillow then decoded. Skia draws the same SVG in ~10 ms and
gives the pixels themselves. Its SVG reader has one gap we steer around: gradients in
bounding-box units with explicit end points come out black, so `paint.linear` writes gradients
in user space.
"""

from __future__ import annotations

import skia
from PIL import Image


def rasterize(svg: str, size: tuple[int, int], under: Image.Image | None = None) -> Image.Image:
    """The SVG drawn at `size`: over `under` (an RGB picture of that size) into an RGB image, or
    alone into an RGBA image, transparent where nothing is drawn."""
    width, height = size
    text = svg.encode()
    # copied: a stream that only borrowed the bytes could read them after they were freed
    dom = skia.SVGDOM.MakeFromStream(skia.MemoryStream(text, True))
    if dom is None:
        raise ValueError("Skia could not read the SVG")
    surface = skia.Surface(width, height)
    with surface as canvas:
        if under is not None:
            # the picture underneath is opaque: premultiplied and straight alpha are the same
            rgba = under.convert("RGBA").tobytes()  # held until drawn
            pixels = skia.Image.frombytes(rgba, (width, height), skia.kRGBA_8888_ColorType)
            canvas.drawImage(pixels, 0, 0)
        dom.setContainerSize(skia.Size(width, height))
        dom.render(canvas)
    image = surface.makeImageSnapshot()
    if under is not None:
        data = image.toarray(colorType=skia.kRGBA_8888_ColorType).tobytes()
        return Image.frombuffer("RGBA", (width, height), data, "raw", "RGBA", 0, 1).convert("RGB")
    data = image.toarray(
        colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType
    ).tobytes()
    return Image.frombuffer("RGBA", (width, height), data, "raw", "RGBA", 0, 1)
