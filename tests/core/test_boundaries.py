"""The generation pipeline knows no consumer, and studio and gallery do not import each other
both ways (docs/adr/0007-generation-pipeline.md). Read from the source, imports inside
functions included."""

from __future__ import annotations

import ast
from pathlib import Path

import mygemini

SRC = Path(mygemini.__file__).parent
DOMAINS = {"accounts", "gallery", "notifications", "studio", "tabletop", "wallet"}


def _imports(package: str) -> dict[str, set[str]]:
    """module file → the mygemini modules it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted((SRC / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[str(path.relative_to(SRC))] = {n for n in names if n.startswith("mygemini.")}
    return found


def _reaching(package: str, targets: set[str]) -> list[str]:
    return sorted(
        f"{module} imports {name}"
        for module, names in _imports(package).items()
        for name in names
        if name.split(".")[1] in targets
    )


def test_the_pipeline_imports_no_consumer() -> None:
    # The wallet is not a consumer: the pipeline charges and refunds through it.
    assert _reaching("pipeline", DOMAINS - {"wallet"}) == []


def test_the_studio_does_not_import_the_gallery() -> None:
    assert _reaching("studio", {"gallery"}) == []


def test_core_and_render_import_no_domain() -> None:
    assert _reaching("core", DOMAINS | {"pipeline"}) == []
    assert _reaching("render", DOMAINS | {"pipeline"}) == []


def test_no_domain_imports_the_tabletop() -> None:
    # The table is a leaf: it uses accounts (who) and the gallery (characters), never the
    # other way round.
    for package in DOMAINS - {"tabletop"}:
        assert _reaching(package, {"tabletop"}) == [], package
