"""Measure journeymap as installed: pip compiles bytecode on install, so compile it here too.

Without it, an editable checkout run with PYTHONDONTWRITEBYTECODE=1 compiles every
module from source on every start (about 30 ms), which no installed user pays.
"""

from __future__ import annotations

import compileall
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "journeymap"


def compile_package() -> None:
    compileall.compile_dir(str(PACKAGE), quiet=1)
