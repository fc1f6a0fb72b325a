"""A four-cut's state changes are named and each moves only from the state it names:
pending → composing → ready, pending | composing → failed."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from mygemini.gallery.repository import FourcutRepository
from mygemini.models import Fourcut, FourcutStatus
from mygemini.models.base import utcnow
from tests.conftest import MakePerson, Person


async def _pending(app: FastAPI, owner_id: int) -> int:
    async with app.state.db.unit_of_work() as uow:
        fourcut = await FourcutRepository(uow.session).add(
            Fourcut(kind="expression", owner_id=owner_id, reason={"ordered": True})
        )
        assert fourcut.status == FourcutStatus.PENDING
        return fourcut.id


async def _status(app: FastAPI, fourcut_id: int) -> FourcutStatus:
    async with app.state.db.unit_of_work() as uow:
        fourcut = await FourcutRepository(uow.session).get(fourcut_id)
        assert fourcut is not None
        return FourcutStatus(fourcut.status)


async def test_pending_composing_ready(make_person: MakePerson, app: FastAPI) -> None:
    owner: Person = await make_person()
    fourcut_id = await _pending(app, owner.id)
    async with app.state.db.unit_of_work() as uow:
        fourcuts = FourcutRepository(uow.session)
        assert not await fourcuts.finish(
            fourcut_id, grid_key="g", strip_key="s", frame_keys=["a", "b", "c", "d"], now=utcnow()
        )
        assert await fourcuts.start_composing(fourcut_id)
        assert not await fourcuts.start_composing(fourcut_id)  # a second composer loses
        assert not await fourcuts.fail(fourcut_id, FourcutStatus.PENDING, utcnow())
        assert await fourcuts.finish(
            fourcut_id, grid_key="g", strip_key="s", frame_keys=["a", "b", "c", "d"], now=utcnow()
        )
        assert not await fourcuts.fail(fourcut_id, FourcutStatus.COMPOSING, utcnow())
    assert await _status(app, fourcut_id) == FourcutStatus.READY


async def test_failing_names_where_from(make_person: MakePerson, app: FastAPI) -> None:
    owner: Person = await make_person()
    fourcut_id = await _pending(app, owner.id)
    async with app.state.db.unit_of_work() as uow:
        fourcuts = FourcutRepository(uow.session)
        assert not await fourcuts.fail(fourcut_id, FourcutStatus.COMPOSING, utcnow())
        assert await fourcuts.fail(fourcut_id, FourcutStatus.PENDING, utcnow())
        assert not await fourcuts.start_composing(fourcut_id)
        with pytest.raises(AssertionError):
            await fourcuts.fail(fourcut_id, FourcutStatus.READY, utcnow())
    assert await _status(app, fourcut_id) == FourcutStatus.FAILED
