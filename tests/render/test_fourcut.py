"""Four-cut composition layouts."""

from __future__ import annotations

import pytest
from PIL import Image

from mygemini.render.fourcut import (
    CAPTION_HEIGHT,
    GAP,
    MARGIN,
    FourcutLayout,
    compose_fourcut,
    fourcut_size,
)

COLORS = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)]


def _frames() -> list[Image.Image]:
    return [Image.new("RGB", (512, 680), c) for c in COLORS]


@pytest.mark.parametrize(
    ("layout", "cols", "rows"), [(FourcutLayout.GRID, 2, 2), (FourcutLayout.STRIP, 1, 4)]
)
def test_layout_size_and_frame_positions(layout: FourcutLayout, cols: int, rows: int) -> None:
    cell = (120, 160)
    image = compose_fourcut(_frames(), layout, "Life four-cut", cell=cell)
    assert image.size == fourcut_size(layout, cell)
    assert image.size == (
        2 * MARGIN + cols * cell[0] + (cols - 1) * GAP,
        2 * MARGIN + rows * cell[1] + (rows - 1) * GAP + CAPTION_HEIGHT,
    )
    for i, color in enumerate(COLORS):
        x = MARGIN + (i % cols) * (cell[0] + GAP) + cell[0] // 2
        y = MARGIN + (i // cols) * (cell[1] + GAP) + cell[1] // 2
        assert image.getpixel((x, y)) == color


def test_caption_is_drawn_and_korean_does_not_break_it() -> None:
    plain = compose_fourcut(_frames(), FourcutLayout.GRID, None, cell=(60, 80))
    captioned = compose_fourcut(_frames(), FourcutLayout.GRID, "인생네컷 Party", cell=(60, 80))
    assert plain.tobytes() != captioned.tobytes()


def test_needs_exactly_four_frames() -> None:
    with pytest.raises(ValueError, match="4 images"):
        compose_fourcut(_frames()[:3])
