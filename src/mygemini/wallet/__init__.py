"""Wallet: the star ledger (grants, generation debits, refunds, purchases) and buying stars."""

from __future__ import annotations

from mygemini.core.context import AppContext, Periodic


def register(ctx: AppContext) -> None:
    """The payments reconciler is the wallet's periodic work."""
    from mygemini.wallet import reconciler

    async def reconcile_orders() -> None:
        await reconciler.reconcile(ctx)

    ctx.periodic.append(Periodic("wallet.reconcile_orders", reconcile_orders))
