"""Dice in standard notation (`d20`, `1d20+5`, `4d6kh3`, `8d6e6`, ...), parsed and rolled by the
`d20` library, every face drawn from the operating system's random source.

d20 draws faces with the module-level `random.randrange` (the Mersenne Twister, whose state a
watcher can recover from enough outputs). Rather than patch that module's global (a race with
any other roller in the process), the roller here builds its own `Dice`/`Die` subclasses whose
rolls call `SystemRandom` (os.urandom): nothing global is touched, so concurrent rolls in other
threads or tasks are unaffected. A roll never awaits, so it runs to its end on the event loop.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import d20
from d20 import diceast
from d20.expression import Dice, Die, Literal

# Caps: a term may roll at most 100 dice of at most 1000 faces, a roll at most 1000 dice in all
# (explosions and rerolls included).
MAX_DICE_PER_TERM = 100
MAX_FACES = 1000
MAX_ROLLS = 1000
MAX_EXPR_CHARS = 200
# Beyond 2**53 JavaScript clients would show another number than the one rolled.
MAX_TOTAL = 2**53 - 1

_system = random.SystemRandom()


class RollRefused(ValueError):
    """The expression does not parse, or breaks a cap."""


class _SystemDie(Die):  # type: ignore[misc]
    @classmethod
    def new(cls, size: Any, context: Any = None) -> _SystemDie:
        inst = cls(size, [], context=context)
        inst._add_roll()
        return inst

    def _add_roll(self) -> None:
        # d20's own _add_roll, with the OS random source.
        if self.size != "%" and self.size < 1:
            raise d20.RollValueError("Cannot roll a 0-sided die.")
        if self._context:
            self._context.count_roll()
        if self.size == "%":
            self.values.append(Literal(_system.randrange(0, 100, 10)))
        else:
            self.values.append(Literal(_system.randrange(self.size) + 1))


class _SystemDice(Dice):  # type: ignore[misc]
    @classmethod
    def new(cls, num: int, size: Any, context: Any = None) -> _SystemDice:
        dice = [_SystemDie.new(size, context=context) for _ in range(num)]
        return cls(num, size, dice, context=context)

    def roll_another(self) -> None:  # an explosion's extra die
        self.values.append(_SystemDie.new(self.size, context=self._context))

    def __copy__(self) -> _SystemDice:
        return _SystemDice(
            num=self.num,
            size=self.size,
            context=self._context,
            values=self.values.copy(),
            operations=self.operations.copy(),
        )


class _SystemRoller(d20.Roller):  # type: ignore[misc]
    def _eval_dice(self, node: diceast.Dice) -> _SystemDice:
        return _SystemDice.new(node.num, node.size, context=self.context)


@dataclass(frozen=True)
class DieFace:
    sides: int  # 100 for d%
    face: int
    kept: bool


@dataclass(frozen=True)
class Roll:
    expr: str
    total: int
    detail: str
    dice: list[DieFace]


def _check_caps(node: Any) -> None:
    if isinstance(node, diceast.Dice):
        if node.num > MAX_DICE_PER_TERM:
            raise RollRefused(f"At most {MAX_DICE_PER_TERM} dice per term.")
        if node.size != "%" and node.size > MAX_FACES:
            raise RollRefused(f"Dice have at most {MAX_FACES} faces.")
    for child in getattr(node, "children", []):
        _check_caps(child)


def _stringifier() -> d20.SimpleStringifier:
    # d20's stringifiers dispatch on the exact node type.
    out = d20.SimpleStringifier()
    out._nodes[_SystemDice] = out._nodes[Dice]
    out._nodes[_SystemDie] = out._nodes[Die]
    return out


def _faces(node: Any, out: list[DieFace], kept: bool = True) -> None:
    """Every face rolled, left to right; kept=False for a dropped die (kh, kl, p) or face."""
    kept = kept and bool(getattr(node, "kept", True))
    if isinstance(node, Die):
        sides = 100 if node.size == "%" else int(node.size)
        for value in node.values:
            out.append(DieFace(sides=sides, face=int(value.number), kept=kept and value.kept))
        return
    if isinstance(node, d20.Set):
        for child in node.values:
            _faces(child, out, kept)
        return
    for child in getattr(node, "children", []):
        _faces(child, out, kept)


def roll(expr: str) -> Roll:
    """Roll `expr` (≤ 200 characters). Raises RollRefused with a readable reason."""
    text = expr.strip()
    if not text or len(text) > MAX_EXPR_CHARS:
        raise RollRefused(f"Write 1 to {MAX_EXPR_CHARS} characters of dice notation.")
    roller = _SystemRoller(d20.RollContext(max_rolls=MAX_ROLLS))
    try:
        tree = roller.parse(text)
        _check_caps(tree)
        result = roller.roll(tree, stringifier=_stringifier())
        # totals are computed lazily: a division by zero shows only here
        total, detail = result.total, str(result)
    except d20.TooManyRolls as exc:
        raise RollRefused(f"At most {MAX_ROLLS} dice in one roll.") from exc
    except d20.RollSyntaxError as exc:
        raise RollRefused(f"Not dice notation: {exc}") from exc
    except (d20.RollError, RecursionError, ZeroDivisionError, OverflowError) as exc:
        raise RollRefused(f"Cannot roll that: {exc}") from exc
    if abs(total) > MAX_TOTAL:
        raise RollRefused("The total is too large to show.")
    faces: list[DieFace] = []
    _faces(result.expr, faces)
    return Roll(expr=text, total=total, detail=detail, dice=faces)
