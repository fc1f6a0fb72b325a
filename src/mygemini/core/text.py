"""Text that is safe to store and show.

Refused everywhere a person writes free text: NUL and other control characters (PostgreSQL refuses
NUL, and nothing a person types needs the others; line breaks and tabs allowed), bidirectional
controls (U+202E and friends flip how the text *around* them reads, e.g. a bio that makes a
nickname look like another), and lone UTF-16 surrogates (no database can store them).
Lone surrogates are also refused for every JSON body at once, by `find_lone_surrogate`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, Field

_CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_BIDI_CLASS = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[{_CONTROL_CLASS}]")
_BIDI = re.compile(f"[{_BIDI_CLASS}]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def no_control_characters(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("control characters are not allowed")
    if _BIDI.search(value):
        raise ValueError("text direction control characters are not allowed")
    if _SURROGATE.search(value):
        raise ValueError("lone UTF-16 surrogates are not allowed")
    return value


# The schema states the rule too (a pattern only; the validator keeps its readable message), so
# clients and the fuzzer know such text is refused. Lone surrogates are left out of the pattern:
# no JSON body carrying one gets as far as validation (see `find_lone_surrogate`).
CleanText = Annotated[
    str,
    AfterValidator(no_control_characters),
    Field(json_schema_extra={"pattern": f"^[^{_CONTROL_CLASS}{_BIDI_CLASS}]*$"}),
]


def find_lone_surrogate(value: Any) -> bool:
    """Whether a decoded JSON value holds a lone surrogate in any string or key.

    `json.loads` turns an escaped pair (`\\ud83d\\ude00`) into one character, so any surrogate
    left over was alone: it cannot be encoded as UTF-8 and would fail where it is stored.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
