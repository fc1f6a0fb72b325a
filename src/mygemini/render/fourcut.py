"""Four-cut composition: four frames in a 2x2 grid or a 1x4 photo-booth strip, with a caption.

One composer for every four-cut: an expression four-cut (four portraits of one gemini) on a plain
sheet, and a life four-cut of a table's party (cut-out portraits, RGBA) over the room's scene. The
caption (a title, and a second line such as the date) is set in Noto Sans KR, a font the project
installs from PyPI (`pylopdf-fonts-ko`, SIL OFL 1.1), so Korean is drawn on any host, with no
system fonts and no downloads.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

log = logging.getLogger(__name__)

MARGIN = 20
GAP = 12
CAPTION_HEIGHT = 60
DEFAULT_CELL = (256, 340)  # 3:4, the portrait aspect

FONT_PACKAGE = "pylopdf_fonts_ko"
FONT_FILE = "NotoSansKR-Regular.otf"
TITLE_SIZE = 24
SUBTITLE_SIZE = 15
_SMALLEST = 12

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


class FourcutLayout(StrEnum):
    GRID = "2x2"
    STRIP = "1x4"


def fourcut_size(layout: FourcutLayout, cell: tuple[int, int] = DEFAULT_CELL) -> tuple[int, int]:
    """Pixel size of the composed image for a layout and cell size."""
    cols, rows = (2, 2) if layout is FourcutLayout.GRID else (1, 4)
    width = 2 * MARGIN + cols * cell[0] + (cols - 1) * GAP
    height = 2 * MARGIN + rows * cell[1] + (rows - 1) * GAP + CAPTION_HEIGHT
    return width, height


def caption_font_path() -> str | None:
    """The installed Hangul-capable caption font, or None when its package is missing."""
    try:
        font = resources.files(FONT_PACKAGE).joinpath(FONT_FILE)
    except ModuleNotFoundError:
        return None
    return str(font) if font.is_file() else None


def compose_fourcut(
    images: Sequence[Image.Image],
    layout: FourcutLayout = FourcutLayout.GRID,
    caption: str | None = None,
    *,
    subtitle: str | None = None,
    backdrop: Image.Image | None = None,
    cell: tuple[int, int] = DEFAULT_CELL,
    background: str = "#fff4f8",
    font_path: str | None = None,
) -> Image.Image:
    """Compose exactly four frames; each is cropped to the cell's aspect and resized.

    `backdrop` (a scene) fills the sheet, softened, and shows through the transparent parts of
    cut-out frames; without it the sheet is `background`. `caption` is the title line and
    `subtitle` a smaller second line (the room's title and the date, for a life four-cut)."""
    if len(images) != 4:
        raise ValueError(f"a four-cut needs 4 images, got {len(images)}")
    cols = 2 if layout is FourcutLayout.GRID else 1
    size = fourcut_size(layout, cell)
    sheet = _sheet(size, backdrop, background)
    shadows = Image.new("L", size, 0)
    shadow = ImageDraw.Draw(shadows)
    places = []
    for i in range(4):
        x = MARGIN + (i % cols) * (cell[0] + GAP)
        y = MARGIN + (i // cols) * (cell[1] + GAP)
        places.append((x, y))
        # A soft drop shadow under each frame, like a printed photo.
        shadow.rectangle((x + 2, y + 4, x + cell[0] + 2, y + cell[1] + 4), fill=70)
    sheet.paste((74, 40, 62), (0, 0, *size), shadows.filter(ImageFilter.BoxBlur(3)))
    sheet = sheet.convert("RGBA")
    draw = ImageDraw.Draw(sheet)
    behind = (
        ImageOps.fit(backdrop.convert("RGBA"), cell, Image.Resampling.BICUBIC)
        if backdrop is not None
        else Image.new("RGBA", cell, "#ffffff")
    )
    for (x, y), image in zip(places, images, strict=True):
        sheet.paste(_frame(image, cell, behind), (x, y))
        draw.rectangle((x, y, x + cell[0] - 1, y + cell[1] - 1), outline="#ffffff", width=3)
    if caption or subtitle:
        _caption(sheet, caption or "", subtitle, font_path, on_scene=backdrop is not None)
    return sheet.convert("RGB")


def _sheet(size: tuple[int, int], backdrop: Image.Image | None, color: str) -> Image.Image:
    if backdrop is None:
        return Image.new("RGB", size, color)
    # The scene, blurred and lightened, so the sharp frames stand out from it (blurred small and
    # scaled up: the same softness for a fraction of a full-size blur).
    small = (max(1, size[0] // 4), max(1, size[1] // 4))
    scene = ImageOps.fit(backdrop.convert("RGB"), small, Image.Resampling.BILINEAR)
    soft = scene.filter(ImageFilter.GaussianBlur(2)).resize(size, Image.Resampling.BILINEAR)
    return Image.blend(soft, Image.new("RGB", size, "#ffffff"), 0.25)


def _frame(image: Image.Image, cell: tuple[int, int], behind: Image.Image) -> Image.Image:
    """One cell: the frame fitted to the cell; a cut-out frame stands over `behind` (the scene)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        figure = ImageOps.fit(image.convert("RGBA"), cell, Image.Resampling.LANCZOS)
        return Image.alpha_composite(behind, figure).convert("RGB")
    return ImageOps.fit(image.convert("RGB"), cell, Image.Resampling.LANCZOS)


def _caption(
    sheet: Image.Image, title: str, subtitle: str | None, font_path: str | None, *, on_scene: bool
) -> None:
    path = font_path or caption_font_path()
    if path is None:
        log.warning("caption font package %s is not installed; Hangul is left out", FONT_PACKAGE)
        title = "".join(ch for ch in title if ord(ch) < 0x250) or "mygemini"
        subtitle = "".join(ch for ch in subtitle or "" if ord(ch) < 0x250) or None
    top = sheet.height - MARGIN - CAPTION_HEIGHT + 6
    band = (MARGIN // 2, top, sheet.width - MARGIN // 2, sheet.height - MARGIN // 2)
    width = band[2] - band[0] - 24
    draw = ImageDraw.Draw(sheet)
    if on_scene:
        # A frosted label under the words, so they read over any scene.
        label = Image.new("RGBA", sheet.size, (0, 0, 0, 0))
        ImageDraw.Draw(label).rounded_rectangle(band, radius=14, fill=(255, 250, 252, 200))
        sheet.alpha_composite(label)
    centre = sheet.width / 2
    if subtitle:
        title_font, title = _fit(path, TITLE_SIZE - 2, title, width)
        sub_font, subtitle = _fit(path, SUBTITLE_SIZE, subtitle, width)
        middle = (band[1] + band[3]) / 2
        draw.text((centre, middle - 2), title, fill="#5a3d52", font=title_font, anchor="md")
        draw.text((centre, middle + 4), subtitle, fill="#9a7390", font=sub_font, anchor="ma")
    else:
        title_font, title = _fit(path, TITLE_SIZE, title, width)
        middle = (band[1] + band[3]) / 2
        draw.text((centre, middle), title, fill="#5a3d52", font=title_font, anchor="mm")


def _fit(path: str | None, size: int, text: str, width: int) -> tuple[Font, str]:
    """The largest font size (down to a floor) at which `text` fits `width`; past the floor the
    text is shortened with an ellipsis."""
    text = " ".join(text.split())[:80]
    font = _font(path, size)
    while size > _SMALLEST and font.getlength(text) > width:
        size -= 1
        font = _font(path, size)
    if font.getlength(text) > width:
        while text and font.getlength(text + "…") > width:
            text = text[:-1]
        text = text.rstrip() + "…"
    return font, text


@lru_cache(maxsize=32)
def _font(path: str | None, size: int) -> Font:
    if path is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(path, size)
