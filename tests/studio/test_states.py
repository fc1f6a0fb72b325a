"""The API's generation and four-cut statuses are the state machines' enums, spelled once each."""

from __future__ import annotations

from mygemini.gallery.schemas import FourcutOut
from mygemini.models import FourcutStatus, GenerationStatus
from mygemini.studio.schemas import GenerationOut


def test_the_api_states_are_the_enums() -> None:
    assert GenerationOut.model_fields["status"].annotation is GenerationStatus
    assert FourcutOut.model_fields["status"].annotation is FourcutStatus
