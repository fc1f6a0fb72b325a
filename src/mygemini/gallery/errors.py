from __future__ import annotations

from mygemini.errors import AppError, Forbidden, NotFound


class GeminiNotFound(NotFound):
    default_detail = "No such gemini."


class OwnLike(Forbidden):
    default_detail = "Likes come from other people: you cannot like your own gemini."


class InvalidFeedFilter(AppError):
    """A feed filter the catalog does not know, or too many of them: 422 like any malformed
    query, with a detail that names the culprit."""

    status = 422
    default_detail = "The feed filter is not valid."
