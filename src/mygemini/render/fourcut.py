"""Four-cut composition: four frames in a 2x2 grid or a 1x4 photo-booth strip, with a caption.

The caption font is Pillow's bundled default (Latin only) unless a font file is configured; the
repo ships no Hangul font, so Korean captions need `font_path` (e.g. a Noto Sans KR on the host).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from PIL import Image, ImageDraw, ImageFont, ImageOps

MARGIN = 20
GAP = 12
CAPTION_HEIGHT = 52
DEFAULT_CELL = (256, 340)  # 3:4, the portrait aspect


class FourcutLayout(StrEnum):
    GRID = "2x2"
    STRIP = "1x4"


def fourcut_size(layout: FourcutLayout, cell: tuple[int, int] = DEFAULT_CELL) -> tuple[int, int]:
    """Pixel size of the composed image for a layout and cell size."""
    cols, rows = (2, 2) if layout is FourcutLayout.GRID else (1, 4)
    width = 2 * MARGIN + cols * cell[0] + (cols - 1) * GAP
    height = 2 * MARGIN + rows * cell[1] + (rows - 1) * GAP + CAPTION_HEIGHT
    return width, height


def compose_fourcut(
    images: Sequence[Image.Image],
    layout: FourcutLayout = FourcutLayout.GRID,
    caption: str | None = None,
    *,
    cell: tuple[int, int] = DEFAULT_CELL,
    background: str = "#fff4f8",
    font_path: str | None = None,
) -> Image.Image:
    """Compose exactly four frames; each is cropped to the cell's aspect and resized."""
    if len(images) != 4:
        raise ValueError(f"a four-cut needs 4 images, got {len(images)}")
    cols = 2 if layout is FourcutLayout.GRID else 1
    sheet = Image.new("RGB", fourcut_size(layout, cell), background)
    draw = ImageDraw.Draw(sheet)
    for i, image in enumerate(images):
        x = MARGIN + (i % cols) * (cell[0] + GAP)
        y = MARGIN + (i // cols) * (cell[1] + GAP)
        frame = ImageOps.fit(image.convert("RGB"), cell, Image.Resampling.LANCZOS)
        # A soft drop shadow under each frame, like a printed photo.
        draw.rectangle((x + 3, y + 3, x + cell[0] + 3, y + cell[1] + 3), fill="#e7d3de")
        sheet.paste(frame, (x, y))
        draw.rectangle((x, y, x + cell[0] - 1, y + cell[1] - 1), outline="#ffffff", width=3)
    if caption:
        _caption(sheet, caption, font_path)
    return sheet


def _caption(sheet: Image.Image, text: str, font_path: str | None) -> None:
    draw = ImageDraw.Draw(sheet)
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    if font_path is not None:
        font = ImageFont.truetype(font_path, 22)
    else:
        font = ImageFont.load_default(size=22)
        # The bundled font has no Hangul: drop what it cannot draw rather than print boxes.
        text = "".join(ch for ch in text if ord(ch) < 0x250) or "mygemini"
    text = text[:60]
    top = sheet.height - MARGIN - CAPTION_HEIGHT + 8
    draw.text(
        (sheet.width / 2, top + CAPTION_HEIGHT / 2), text, fill="#6b4a5f", font=font, anchor="mm"
    )
