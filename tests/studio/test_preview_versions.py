"""Option previews are kept on disk: an upgrade that draws differently must not serve the old
pictures. The folder they are kept in is named by the drawing code's digest."""

from __future__ import annotations

from pathlib import Path

from mygemini.render.vector.renderer import drawing_version, source_digest
from mygemini.studio.catalog import load_catalog
from mygemini.studio.previews import preview_dir


def _package(root: Path) -> Path:
    (root / "stage").mkdir(parents=True)
    (root / "face.py").write_text("EYES = 2\n")
    (root / "stage" / "words.yaml").write_text("sky: blue\n")
    (root / "notes.txt").write_text("not drawing code\n")
    return root


def test_the_digest_follows_every_source_file(tmp_path: Path) -> None:
    package = _package(tmp_path / "vector")
    before = source_digest(package)
    assert source_digest(package) == before

    (package / "face.py").write_text("EYES = 3\n")
    changed_code = source_digest(package)
    assert changed_code != before

    (package / "stage" / "words.yaml").write_text("sky: red\n")
    changed_data = source_digest(package)
    assert changed_data != changed_code

    (package / "stage" / "more.py").write_text("")
    assert source_digest(package) != changed_data


def test_a_moved_file_changes_the_digest(tmp_path: Path) -> None:
    package = _package(tmp_path / "vector")
    before = source_digest(package)
    (package / "face.py").rename(package / "stage" / "face.py")
    assert source_digest(package) != before


def test_files_that_do_not_draw_leave_it_alone(tmp_path: Path) -> None:
    package = _package(tmp_path / "vector")
    before = source_digest(package)
    (package / "notes.txt").write_text("edited\n")
    assert source_digest(package) == before


def test_previews_are_kept_per_catalog_and_drawing(tmp_path: Path) -> None:
    catalog = load_catalog()
    folder = preview_dir(tmp_path, catalog)
    assert folder.parent == tmp_path
    assert folder.name == f"vector-v{catalog.version}-{drawing_version()}"
