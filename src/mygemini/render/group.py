"""Group shots: cut-out figures (RGBA, transparent around them) standing side by side in front
of a scene, for the frames of a life four-cut."""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image, ImageOps

# A frame of a life four-cut: landscape 4:3, like the 2023 strips (676×507).
GROUP_SIZE = (640, 480)
# How tall a figure stands, as a share of the frame's height.
FIGURE_HEIGHT = 0.94


def backdrop(size: tuple[int, int] = GROUP_SIZE) -> Image.Image:
    """What stands behind the party when the room has no scene: a soft studio wall."""
    wall = Image.linear_gradient("L").resize(size)
    return ImageOps.colorize(wall, "#fde7f0", "#e9dcf7").convert("RGB")


def group_shot(
    background: Image.Image,
    figures: Sequence[Image.Image],
    size: tuple[int, int] = GROUP_SIZE,
) -> Image.Image:
    """The figures, left to right in the order given, bottom-aligned over `background` (cropped
    to the frame's aspect). An opaque figure (a renderer that cannot cut out) is pasted as is."""
    frame = ImageOps.fit(background.convert("RGB"), size, Image.Resampling.LANCZOS)
    if not figures:
        return frame
    width, height = size
    slot = width / len(figures)
    for i, figure in enumerate(figures):
        figure = figure.convert("RGBA")
        # As tall as the frame allows, but not so wide that neighbours hide each other wholly.
        scale = min(height * FIGURE_HEIGHT / figure.height, slot * 1.6 / figure.width)
        w, h = max(1, round(figure.width * scale)), max(1, round(figure.height * scale))
        figure = figure.resize((w, h), Image.Resampling.LANCZOS)
        x = round((i + 0.5) * slot - w / 2)
        frame.paste(figure, (x, height - h), figure)
    return frame
