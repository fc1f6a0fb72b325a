"""What the table refuses, by name (the names are part of the REST and socket contract)."""

from __future__ import annotations

from typing import ClassVar

from mygemini.errors import AppError, BadRequest, Conflict, Forbidden, NotFound


class RoomNotFound(NotFound):
    default_detail = "No such room."


class RoomClosed(AppError):
    status: ClassVar[int] = 410
    default_detail = "This room is closed."


class RoomFull(Conflict):
    default_detail = "Every seat of this room is taken."


class WrongRoomPassword(Forbidden):
    default_detail = "The room's password is wrong."


class KickedFromRoom(Forbidden):
    default_detail = "The GM asked you to leave this room; only a new invite lets you back in."


class InvalidInvite(Forbidden):
    default_detail = "The invite is not valid for this room, or it expired."


class NotAMember(Forbidden):
    default_detail = "Join the room first."


class NotTheGm(Forbidden):
    default_detail = "Only the GM may do this."


class MemberNotFound(NotFound):
    default_detail = "Nobody by that nickname is in this room."


class CannotTargetSelf(BadRequest):
    default_detail = "Choose someone else."


class InvalidDice(AppError):
    status: ClassVar[int] = 422
    default_detail = "The dice expression is not valid."


class VoteNotFound(NotFound):
    default_detail = "No such vote in this room."


class VoteClosed(Conflict):
    default_detail = "This vote is closed."


class NotAnOption(BadRequest):
    default_detail = "That is not one of the vote's options."


class NotTheVoteStarter(Forbidden):
    default_detail = "Only the GM or whoever started the vote may close it."
