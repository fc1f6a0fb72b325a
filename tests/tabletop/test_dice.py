"""Dice notation through d20, faces from the OS random source, caps before anything rolls."""

from __future__ import annotations

import random

import pytest

from mygemini.tabletop import dice


@pytest.mark.parametrize(
    ("expr", "count", "kept"),
    [("d20", 1, 1), ("1d20+5", 1, 1), ("4d6kh3", 4, 3), ("2d20kl1", 2, 1), ("3d8", 3, 3)],
)
def test_every_face_is_reported_and_the_kept_ones_make_the_total(
    expr: str, count: int, kept: int
) -> None:
    roll = dice.roll(expr)
    assert roll.expr == expr and roll.detail.endswith(f"= {roll.total}")
    assert len(roll.dice) == count
    assert sum(d.kept for d in roll.dice) == kept
    bonus = 5 if expr.endswith("+5") else 0
    assert roll.total == bonus + sum(d.face for d in roll.dice if d.kept)
    assert all(1 <= d.face <= d.sides for d in roll.dice)


def test_exploding_dice_report_the_extra_faces() -> None:
    roll = dice.roll("8d6e6")
    sixes = sum(1 for d in roll.dice if d.face == 6)
    assert len(roll.dice) == 8 + sixes
    assert roll.total == sum(d.face for d in roll.dice)


def test_rolls_do_not_draw_from_the_module_random_generator() -> None:
    random.seed(1234)
    expected = [random.random() for _ in range(3)]
    random.seed(1234)
    for _ in range(50):
        dice.roll("10d20")
    assert [random.random() for _ in range(3)] == expected


@pytest.mark.parametrize(
    ("expr", "reason"),
    [
        ("101d6", "per term"),
        ("1d1001", "faces"),
        ("+".join(["100d6"] * 11), "in one roll"),
        ("1d1e1", "in one roll"),  # explodes until the cap
        ("hello", "Not dice notation"),
        ("1d6/0", "Cannot roll"),
        ("", "characters"),
        ("1" * 201, "characters"),
        ("9" * 20 + "*" + "9" * 20, "too large"),
    ],
)
def test_what_is_refused(expr: str, reason: str) -> None:
    with pytest.raises(dice.RollRefused, match=reason):
        dice.roll(expr)
