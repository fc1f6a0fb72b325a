"""The domains a process wires up at start-up. Each exposes `register(ctx)`, which registers its
jobs, its generation purposes' handlers and its periodic work on the context; `app.py`,
`mygemini worker` and `mygemini scheduler` all build their context through `build_context`,
which calls them in this order (the pipeline first: the others register with it).

It is also where two domains that must not import each other are joined: `Me` shows the
wallet's balance, though accounts imports no wallet (docs/adr/0008-boundaries.md)."""

from __future__ import annotations

from typing import Protocol

from mygemini import gallery, pipeline, tabletop, wallet
from mygemini.accounts.profiles import show_stars_with
from mygemini.core.context import AppContext
from mygemini.wallet import service as wallet_service


class Domain(Protocol):
    def register(self, ctx: AppContext) -> None: ...


DOMAINS: tuple[Domain, ...] = (pipeline, gallery, wallet, tabletop)


def register_all(ctx: AppContext) -> None:
    for domain in DOMAINS:
        domain.register(ctx)
    show_stars_with(wallet_service.balance)
