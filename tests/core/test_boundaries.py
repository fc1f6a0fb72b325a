"""What import-linter (pyproject's [tool.importlinter], `make lint`) cannot see: what a process
really loads. The engine must run on a GPU host without database code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import mygemini

SRC = Path(mygemini.__file__).parent

# The Stable Diffusion backend is left out: it loads torch, which takes long and is optional.
ENGINE = sorted(
    ".".join(path.relative_to(SRC.parent).with_suffix("").parts).removesuffix(".__init__")
    for path in (SRC / "render").rglob("*.py")
    if path.name != "diffusers_backend.py"
)


def test_the_engine_loads_no_database_code() -> None:
    script = (
        "import importlib, sys\n"
        f"for name in {ENGINE!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'"
        " or m.startswith(('mygemini.core.db', 'mygemini.models'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert len(ENGINE) > 10
    assert done.stdout.strip() == "[]"
