"""Text that is safe to store: no NUL or other control characters (PostgreSQL refuses NUL, and
nothing a person types needs the others), line breaks and tabs allowed."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

_CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_CONTROL = re.compile(f"[{_CONTROL_CLASS}]")


def no_control_characters(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("control characters are not allowed")
    return value


# The schema states the rule too (a pattern only; the validator keeps its readable message), so
# clients and the fuzzer know such text is refused.
CleanText = Annotated[
    str,
    AfterValidator(no_control_characters),
    Field(json_schema_extra={"pattern": f"^[^{_CONTROL_CLASS}]*$"}),
]
