"""Character sheets: a name, HP, up to six numeric stats and notes per member. Everyone at the
table sees names and HP; the stats and notes only the sheet's owner and the GM, who are also
the only ones who edit it."""

from __future__ import annotations

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.realtime import SocketCall
from mygemini.models import Room, RoomSheet
from mygemini.tabletop import errors
from mygemini.tabletop.play import present
from mygemini.tabletop.repository import MemberRepository, RoomRepository
from mygemini.tabletop.stage import present_ids, stage_turn, tell
from mygemini.tabletop.stage_messages import SheetChanged, SheetDone, SheetUpdateIn
from mygemini.tabletop.stage_repository import SheetRepository
from mygemini.tabletop.stage_schemas import SheetOut, Stat

DEFAULT_HP = 10


def view(sheet: RoomSheet, nickname: str, *, whole: bool) -> SheetOut:
    return SheetOut(
        nickname=nickname,
        name=sheet.name,
        hp=sheet.hp,
        hp_max=sheet.hp_max,
        stats=[Stat(**s) for s in sheet.stats] if whole else None,
        notes=sheet.notes if whole else None,
    )


def _fresh(room: Room, user_id: int, name: str) -> RoomSheet:
    """The sheet a member has before anyone shaped it: their character's name, 10 HP."""
    return RoomSheet(
        room_id=room.id,
        user_id=user_id,
        name=name[:40],
        hp=DEFAULT_HP,
        hp_max=DEFAULT_HP,
        stats=[],
        notes="",
    )


async def of_room(uow: UnitOfWork, room: Room, viewer_id: int) -> list[SheetOut]:
    """Every present member's sheet, as `viewer_id` may see it."""
    members = await MemberRepository(uow.session).present(room.id)
    repo = RoomRepository(uow.session)
    users = await repo.users({m.user_id for m in members})
    geminis = await repo.geminis({m.gemini_id for m in members if m.gemini_id is not None})
    sheets = await SheetRepository(uow.session).of_room(room.id)
    viewer_is_gm = room.gm_id == viewer_id
    out = []
    for m in members:
        user = users[m.user_id]
        gemini = geminis.get(m.gemini_id or 0)
        sheet = sheets.get(m.user_id) or _fresh(
            room, m.user_id, gemini.name if gemini else user.nickname
        )
        out.append(view(sheet, user.nickname, whole=viewer_is_gm or m.user_id == viewer_id))
    return out


async def update(call: SocketCall, ctx: AppContext, body: SheetUpdateIn) -> SheetDone:
    t = await stage_turn(call.uow, ctx, call.user_id, body, "sheet.update")
    target, user = await present(call.uow, t.room, body.nickname)
    if target.user_id != call.user_id and not t.is_gm:
        raise errors.NotYourSheet()
    sheets = SheetRepository(call.uow.session)
    sheet = await sheets.get(t.room.id, target.user_id)
    if not t.repeated:
        if sheet is None:
            gemini = await RoomRepository(call.uow.session).geminis(
                {target.gemini_id} if target.gemini_id is not None else set()
            )
            name = gemini[target.gemini_id].name if target.gemini_id in gemini else user.nickname
            sheet = await sheets.add(_fresh(t.room, target.user_id, name))
        patch = body.patch
        if patch.name is not None and patch.name.strip():
            sheet.name = patch.name.strip()
        if patch.hp_max is not None:
            sheet.hp_max = patch.hp_max
        if patch.hp is not None:
            sheet.hp = patch.hp
        sheet.hp = min(sheet.hp, sheet.hp_max)  # never more than the most it can be
        if patch.stats is not None:
            sheet.stats = [{"name": s.name.strip(), "value": s.value} for s in patch.stats]
        if patch.notes is not None:
            sheet.notes = patch.notes
        await call.uow.session.flush()
        # The owner and the GM get it whole, everyone else its name and HP.
        insiders = {target.user_id} | ({t.room.gm_id} if t.room.gm_id else set())
        everyone = set(await present_ids(call.uow, t.room.id))
        whole = view(sheet, user.nickname, whole=True)
        tell(
            call.uow,
            ctx,
            t.room.id,
            sorted(everyone & insiders),
            SheetChanged(room_id=t.room.id, sheet=whole),
        )
        tell(
            call.uow,
            ctx,
            t.room.id,
            sorted(everyone - insiders),
            SheetChanged(room_id=t.room.id, sheet=view(sheet, user.nickname, whole=False)),
        )
    if sheet is None:
        sheet = _fresh(t.room, target.user_id, user.nickname)
    return SheetDone(sheet=view(sheet, user.nickname, whole=True))
