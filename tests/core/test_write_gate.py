"""The SQLite write gate's queue (core/sqlite.py `WriteGate`): first come, first served; a writer
that waited GATE_WAIT_SECONDS goes on (to SQLite's own busy wait)."""

from __future__ import annotations

import asyncio

import pytest

from mygemini.core import sqlite
from mygemini.core.sqlite import WriteGate


async def _write(gate: WriteGate, name: str, order: list[str], until: asyncio.Event) -> None:
    async with gate.held():
        order.append(name)
        await until.wait()
        order.append(f"{name} done")


async def test_writers_go_in_turn_in_the_order_they_came() -> None:
    gate, order = WriteGate(), list[str]()
    go = asyncio.Event()
    writers = [asyncio.create_task(_write(gate, name, order, go)) for name in "abc"]
    await asyncio.sleep(0.01)
    assert order == ["a"]  # b and c wait their turn
    go.set()
    await asyncio.gather(*writers)
    assert order == ["a", "a done", "b", "b done", "c", "c done"]


async def test_a_writer_coming_as_the_gate_passes_on_waits_behind_the_one_it_passes_to(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The gate is let go and handed to the queued writer b, which has not run yet: for that
    # moment it is unlocked. c, arriving then, must queue behind b, and with the wait's limit:
    # b holds on, so c goes on after GATE_WAIT_SECONDS all the same.
    monkeypatch.setattr(sqlite, "GATE_WAIT_SECONDS", 0.2)
    gate, order = WriteGate(), list[str]()
    a_go, b_go = asyncio.Event(), asyncio.Event()
    a = asyncio.create_task(_write(gate, "a", order, a_go))
    await asyncio.sleep(0.01)
    b = asyncio.create_task(_write(gate, "b", order, b_go))
    await asyncio.sleep(0.01)

    async def c() -> None:
        await a_go.wait()  # runs right after a is released, before b has resumed
        async with gate.held():
            order.append("c")

    c_task = asyncio.create_task(c())
    await asyncio.sleep(0.01)
    a_go.set()
    await asyncio.sleep(0.05)
    assert order == ["a", "a done", "b"]  # c waits behind b
    await asyncio.wait_for(c_task, 2)  # and goes on after its wait's limit, b still holding
    assert order == ["a", "a done", "b", "c"]
    b_go.set()
    await asyncio.gather(a, b)
