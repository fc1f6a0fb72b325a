from __future__ import annotations

from mygemini.errors import AppError, BadRequest, Conflict, NotFound, TooManyRequests


class InvalidRecipe(AppError):
    status = 422
    default_detail = "The recipe names an unknown category or option."


class RejectedPrompt(BadRequest):
    default_detail = "The extra prompt is not allowed."


class VarySeedGiven(BadRequest):
    default_detail = "A vary draws its own seeds: leave the seed out."


class TooManyGenerations(TooManyRequests):
    default_detail = "You already have the most unfinished generations allowed; wait for one."


class GenerationNotFound(NotFound):
    default_detail = "No such generation."


class GenerationFinished(Conflict):
    default_detail = "This generation has already finished."


class PreviewNotFound(NotFound):
    default_detail = "No such option."
