"""The four-cut composer's look: Hangul captions drawn with the installed font, a title and a date
line, and a scene behind cut-out frames and the sheet."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageStat

from mygemini.render.fourcut import (
    CAPTION_HEIGHT,
    FONT_PACKAGE,
    MARGIN,
    FourcutLayout,
    caption_font_path,
    compose_fourcut,
    fourcut_size,
)

CELL = (60, 80)


def _frames() -> list[Image.Image]:
    return [Image.new("RGB", (120, 160), c) for c in ("#ff0000", "#00ff00", "#0000ff", "#ffff00")]


def _cutouts() -> list[Image.Image]:
    """Transparent frames with a small opaque figure in the middle."""
    out = []
    for color in ("#ff0000", "#00ff00", "#0000ff", "#ffff00"):
        frame = Image.new("RGBA", (120, 160), (0, 0, 0, 0))
        frame.paste(Image.new("RGBA", (40, 60), color), (40, 50))
        out.append(frame)
    return out


def _glyph(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, text: str) -> bytes:
    image = Image.new("L", (40, 40))
    ImageDraw.Draw(image).text((4, 4), text, fill=255, font=font)
    return image.tobytes()


def _caption_band(image: Image.Image) -> Image.Image:
    return image.crop((0, image.height - MARGIN - CAPTION_HEIGHT, image.width, image.height))


def _ink(image: Image.Image) -> float:
    """How much of the caption band is drawn (mean darkness)."""
    return 255 - ImageStat.Stat(_caption_band(image).convert("L")).mean[0]


def test_the_caption_font_is_the_installed_hangul_font() -> None:
    path = caption_font_path()
    assert path is not None and FONT_PACKAGE in Path(path).parts
    font = ImageFont.truetype(path, 24)
    notdef = _glyph(font, "\U0010fffd")  # a private-use point: drawn as the missing-glyph box
    glyphs = {ch: _glyph(font, ch) for ch in "인생네컷한글"}
    assert len(set(glyphs.values())) == len(glyphs)
    assert notdef not in glyphs.values()


def test_korean_captions_are_drawn_not_dropped_or_boxed() -> None:
    def caption(text: str) -> Image.Image:
        return _caption_band(compose_fourcut(_frames(), FourcutLayout.GRID, text, cell=CELL))

    life, faces, tofu = caption("인생네컷"), caption("표정네컷"), caption("□□□□")
    assert _ink(compose_fourcut(_frames(), FourcutLayout.GRID, "인생네컷", cell=CELL)) > 1
    assert life.tobytes() != tofu.tobytes()
    assert life.tobytes() != faces.tobytes()  # each word is its own glyphs
    # Not Pillow's bundled font (which has no Hangul at all).
    default = ImageFont.load_default(size=24)
    assert (
        default.getmask("인").getbbox()
        != ImageFont.truetype(caption_font_path() or "", 24).getmask("인").getbbox()
    )


def test_title_and_date_lines_in_both_layouts() -> None:
    for layout in FourcutLayout:
        titled = compose_fourcut(_frames(), layout, "모험가의 선술집", cell=CELL)
        dated = compose_fourcut(
            _frames(), layout, "모험가의 선술집", subtitle="2026.11.30", cell=CELL
        )
        assert titled.size == dated.size == fourcut_size(layout, CELL)
        assert _caption_band(titled).tobytes() != _caption_band(dated).tobytes()
    assert fourcut_size(FourcutLayout.GRID, CELL) == (
        2 * MARGIN + 2 * 60 + 12,
        2 * MARGIN + 2 * 80 + 12 + CAPTION_HEIGHT,
    )
    assert fourcut_size(FourcutLayout.STRIP, CELL) == (
        2 * MARGIN + 60,
        2 * MARGIN + 4 * 80 + 3 * 12 + CAPTION_HEIGHT,
    )


def test_a_long_caption_is_fitted_to_the_narrow_strip() -> None:
    long = "모험가의 선술집에서 용을 찾아 떠나는 아주 아주 긴 여정의 기록"
    strip = compose_fourcut(_frames(), FourcutLayout.STRIP, long, cell=CELL)
    band = _caption_band(strip).convert("L")
    # Drawn, yet the ink stays off the sheet's outer columns: the title was shrunk and shortened.
    assert _ink(strip) > 1
    assert min(band.crop((0, 0, 6, band.height)).tobytes()) > 200
    assert min(band.crop((band.width - 6, 0, band.width, band.height)).tobytes()) > 200


def test_a_scene_fills_the_sheet_and_shows_behind_cut_out_frames() -> None:
    scene = Image.new("RGB", (960, 540), "#1040c0")
    plain = compose_fourcut(_cutouts(), FourcutLayout.GRID, "인생네컷", cell=CELL)
    over = compose_fourcut(_cutouts(), FourcutLayout.GRID, "인생네컷", backdrop=scene, cell=CELL)
    # The sheet's margin is the (softened) scene, not the plain pink.
    r, g, b = over.getpixel((4, 4))  # type: ignore[misc]
    assert b > r + 60 and b > g + 40
    assert plain.getpixel((4, 4)) == (255, 244, 248)
    # Inside a frame: the scene around the figure, the figure in the middle.
    x, y = MARGIN + 8, MARGIN + 8
    assert over.getpixel((x, y)) == (16, 64, 192)
    assert plain.getpixel((x, y)) == (255, 255, 255)
    assert over.getpixel((MARGIN + CELL[0] // 2, MARGIN + CELL[1] // 2)) == (255, 0, 0)


def test_opaque_frames_cover_their_cells_over_a_scene() -> None:
    scene = Image.new("RGB", (960, 540), "#1040c0")
    over = compose_fourcut(_frames(), FourcutLayout.STRIP, None, backdrop=scene, cell=CELL)
    assert over.getpixel((MARGIN + 8, MARGIN + 8)) == (255, 0, 0)
    difference = ImageChops.difference(
        over, compose_fourcut(_frames(), FourcutLayout.STRIP, cell=CELL)
    )
    assert difference.getbbox() is not None


def test_a_font_path_override_is_used(tmp_path: Path) -> None:
    serif = Path(caption_font_path() or "").with_name("NotoSerifKR-Regular.otf")
    sans = compose_fourcut(_frames(), FourcutLayout.GRID, "인생네컷", cell=CELL)
    other = compose_fourcut(
        _frames(), FourcutLayout.GRID, "인생네컷", cell=CELL, font_path=str(serif)
    )
    assert _caption_band(sans).tobytes() != _caption_band(other).tobytes()
