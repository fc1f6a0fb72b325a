"""The API's generation statuses are the pipeline's states, spelled once each."""

from __future__ import annotations

from typing import get_args

from mygemini.models import GenerationStatus
from mygemini.studio.schemas import GenerationStatus as ApiStatus


def test_the_api_names_every_generation_state() -> None:
    assert set(get_args(ApiStatus)) == {s.value for s in GenerationStatus}
