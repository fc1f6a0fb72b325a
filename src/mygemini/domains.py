"""The domains a process wires up at start-up. Each exposes `register(ctx)`, which registers its
jobs, its generation purposes' handlers and its periodic work on the context; `app.py`,
`mygemini worker` and `mygemini scheduler` all build their context through `build_context`,
which calls them in this order (the pipeline first: the others register with it)."""

from __future__ import annotations

from typing import Protocol

from mygemini import gallery, pipeline, tabletop
from mygemini.core.context import AppContext


class Domain(Protocol):
    def register(self, ctx: AppContext) -> None: ...


DOMAINS: tuple[Domain, ...] = (pipeline, gallery, tabletop)


def register_all(ctx: AppContext) -> None:
    for domain in DOMAINS:
        domain.register(ctx)
