from __future__ import annotations

from typing import ClassVar

from mygemini.errors import AppError, BadRequest, Conflict, Forbidden, NotFound, TooManyRequests


class EmailTaken(Conflict):
    default_detail = "An account with this email already exists."


class NicknameTaken(Conflict):
    default_detail = "This nickname is already taken."


class InvalidNickname(BadRequest):
    default_detail = (
        "A nickname has 2-20 characters: Hangul, Latin letters, digits, '_' and single spaces "
        "(not at the start or end)."
    )


class WeakPassword(BadRequest):
    default_detail = "A password has 8-128 characters with at least one letter and one digit."


class InvalidCredentials(AppError):
    status = 401
    default_detail = "The email or password is incorrect."


class TooManyAttempts(TooManyRequests):
    default_detail = "Too many failed logins; wait before trying again."


class InvalidRefreshToken(AppError):
    status = 401
    default_detail = "The session has ended; please log in again."


class RefreshTokenReused(InvalidRefreshToken):
    """A rotated token came back: the family is revoked, and that revocation must be committed."""

    commits: ClassVar[bool] = True


class CrossSiteRequest(Forbidden):
    default_detail = "This request must come from the mygemini web app."


class UnknownAvatar(BadRequest):
    default_detail = "Choose one of the starter avatars."


class UserNotFound(NotFound):
    default_detail = "No such user."


class CannotFollowSelf(BadRequest):
    default_detail = "You cannot follow yourself."


class UnknownProvider(NotFound):
    default_detail = "This sign-in provider is not enabled."


class OAuthFailed(BadRequest):
    default_detail = "Sign-in with the provider failed."
