"""Where things live: the database and the bundled examples."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "storytrace.db"
DEMO_DB = "storytrace-demo.db"


def default_db() -> str:
    """``--db`` default: ``$STORYTRACE_DB`` or ``./storytrace.db`` (a SQLite file)."""
    return os.environ.get("STORYTRACE_DB", DEFAULT_DB)


def examples_dir() -> Path:
    """The bundled example pages: ``$STORYTRACE_EXAMPLES``, else ``examples/`` of the
    source checkout this package runs from."""
    env = os.environ.get("STORYTRACE_EXAMPLES")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "examples"
        if (candidate / "MANIFEST.json").exists():
            return candidate
    raise FileNotFoundError(
        "bundled examples not found: run from a storytrace checkout or set STORYTRACE_EXAMPLES"
    )
