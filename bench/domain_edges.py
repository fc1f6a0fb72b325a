"""Count import edges between domains: distinct (from, to) pairs and the import statements behind
them, imports inside functions included. Run against any checkout:

    python bench/domain_edges.py [path/to/src/mygemini]

The before/after of the boundaries work (ADR 0008) is recorded in bench/README.md."""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

DOMAINS = ("accounts", "gallery", "notifications", "pipeline", "studio", "tabletop", "wallet")


def _domain_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) > 1 and parts[0] == "mygemini" and parts[1] in DOMAINS:
        return parts[1]
    return None


def edges(src: Path) -> Counter[tuple[str, str]]:
    """(from-domain, to-domain) → import statements (a `from x import a, b` counts once)."""
    found: Counter[tuple[str, str]] = Counter()
    for domain in DOMAINS:
        for path in sorted((src / domain).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module:
                    targets = {_domain_of(node.module)}
                elif isinstance(node, ast.Import):
                    targets = {_domain_of(alias.name) for alias in node.names}
                else:
                    continue
                for target in targets - {None, domain}:
                    assert target is not None
                    found[domain, target] += 1
    return found


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "src/mygemini"
    found = edges(src)
    for (source, target), count in sorted(found.items()):
        print(f"{source:>13} -> {target:<13} {count}")
    print(f"{len(found)} domain pairs, {sum(found.values())} import statements")


if __name__ == "__main__":
    main()
