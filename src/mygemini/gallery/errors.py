from __future__ import annotations

from mygemini.errors import NotFound


class GeminiNotFound(NotFound):
    default_detail = "No such gemini."
