"""The turn order (initiative): the GM sets who is in it (members and NPCs), rolls initiative
for all with the server's dice, and moves the turn on or back; everyone sees it."""

from __future__ import annotations

from typing import Any

from mygemini.accounts.rules import nickname_key
from mygemini.core.context import AppContext
from mygemini.core.realtime import SocketCall
from mygemini.models import Room
from mygemini.tabletop import dice, errors
from mygemini.tabletop.play import present
from mygemini.tabletop.stage import StageTurn, must_be_gm, stage_turn, tell_room
from mygemini.tabletop.stage_messages import (
    TurnsChanged,
    TurnsDone,
    TurnsNextIn,
    TurnsRollIn,
    TurnsSetIn,
)
from mygemini.tabletop.stage_schemas import TurnEntry, TurnOrder


def state(room: Room) -> TurnOrder:
    stored = room.turns or {}
    return TurnOrder(
        entries=[TurnEntry(**e) for e in stored.get("entries", [])],
        current=stored.get("current"),
        round=int(stored.get("round", 0)),
    )


async def _changed(call: SocketCall, ctx: AppContext, t: StageTurn, order: TurnOrder) -> None:
    t.room.turns = order.model_dump()
    await call.uow.session.flush()
    await tell_room(call.uow, ctx, t.room.id, TurnsChanged(room_id=t.room.id, turns=order))


async def set_order(call: SocketCall, ctx: AppContext, body: TurnsSetIn) -> TurnsDone:
    t = await stage_turn(call.uow, ctx, call.user_id, body, "turns.set")
    if not t.repeated:
        must_be_gm(t)
        entries: list[TurnEntry] = []
        seen: set[tuple[str, str]] = set()
        for entry in body.entries:
            name = entry.name.strip()
            if entry.kind == "member":
                _, user = await present(call.uow, t.room, name)  # MemberNotFound
                name = user.nickname
            if not name or (entry.kind, nickname_key(name)) in seen:
                raise errors.InvalidTurnOrder()
            seen.add((entry.kind, nickname_key(name)))
            entries.append(
                TurnEntry(kind=entry.kind, name=name, initiative=entry.initiative, roll=None)
            )
        await _changed(call, ctx, t, TurnOrder(entries=entries, current=None, round=0))
    return TurnsDone(turns=state(t.room))


async def advance(call: SocketCall, ctx: AppContext, body: TurnsNextIn) -> TurnsDone:
    t = await stage_turn(call.uow, ctx, call.user_id, body, "turns.next")
    if not t.repeated:
        must_be_gm(t)
        order = state(t.room)
        count = len(order.entries)
        if not count:
            raise errors.EmptyTurnOrder()
        if order.current is None:
            current, round_ = (0, 1) if body.step == 1 else (count - 1, 1)
        else:
            current, round_ = order.current + body.step, order.round
            if current >= count:
                current, round_ = 0, round_ + 1
            elif current < 0:
                current, round_ = count - 1, max(1, round_ - 1)
        await _changed(
            call, ctx, t, TurnOrder(entries=order.entries, current=current, round=round_)
        )
    return TurnsDone(turns=state(t.room))


async def roll(call: SocketCall, ctx: AppContext, body: TurnsRollIn) -> TurnsDone:
    t = await stage_turn(call.uow, ctx, call.user_id, body, "turns.roll")
    if not t.repeated:
        must_be_gm(t)
        order = state(t.room)
        if not order.entries:
            raise errors.EmptyTurnOrder()
        rolled: list[dict[str, Any]] = []
        for entry in order.entries:
            try:
                result = dice.roll(body.expr)  # the server's dice, never the client's
            except dice.RollRefused as exc:
                raise errors.InvalidDice(str(exc)) from exc
            rolled.append({**entry.model_dump(), "initiative": result.total, "roll": result.detail})
        # Highest first; a tie keeps the order the GM set.
        rolled.sort(key=lambda e: -int(e["initiative"]))
        entries = [TurnEntry(**e) for e in rolled]
        await _changed(call, ctx, t, TurnOrder(entries=entries, current=None, round=0))
    return TurnsDone(turns=state(t.room))
