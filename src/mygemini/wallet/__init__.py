"""Wallet: the star ledger (grants, generation debits, refunds, purchases)."""
