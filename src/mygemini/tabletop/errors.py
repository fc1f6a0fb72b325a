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


# --- the stage (Tabletop II) -----------------------------------------------------------------


class BackgroundNotFound(NotFound):
    default_detail = "This room has no such background."


class BackgroundNotReady(Conflict):
    default_detail = "That background is not drawn (yet)."


class RejectedDescription(BadRequest):
    default_detail = "The description contains a word that is not allowed."


class TooManyBackgrounds(AppError):
    status: ClassVar[int] = 429
    default_detail = "Wait for your backgrounds being drawn before asking for another."


class JobNotFound(NotFound):
    default_detail = "No such background is being drawn in this room."


class NotYourJob(Forbidden):
    default_detail = "Only whoever asked for it or the GM may cancel it."


class InvalidYoutubeLink(AppError):
    status: ClassVar[int] = 422
    default_detail = "That is not a YouTube video link."


class NotYourSheet(Forbidden):
    default_detail = "Only its owner and the GM may edit a character sheet."


class InvalidTurnOrder(BadRequest):
    default_detail = "Each member and NPC may stand in the turn order once."


class EmptyTurnOrder(Conflict):
    default_detail = "The turn order is empty."


class DuplicateMembers(BadRequest):
    default_detail = "Each member may be pictured once."


class NoCharacter(Conflict):
    default_detail = "Everyone pictured must have chosen a character first."


class MemoryNotFound(NotFound):
    default_detail = "No such memory."


class ClientIdUsed(Conflict):
    default_detail = "This client_id was already used for another command in this room."


class TooManyFourcuts(AppError):
    status: ClassVar[int] = 429
    default_detail = "Wait for your four-cut being taken before asking for another."
