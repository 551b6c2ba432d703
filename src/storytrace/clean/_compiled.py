"""Load the cleaner's mypyc-compiled modules when ``scripts/compile`` built them.

The per-line rules run on every line of every page; compiled by mypyc they run
1.2-1.6x faster with the same results. The build lives in ``build/mypyc/`` beside
``src/`` (never in ``src/``, where a stale ``.so`` would shadow an edited ``.py``) and is
used only while the sources it was built from are byte-identical to the ones here
(``SOURCES.sha256``), so editing a module silently falls back to Python until the next
``make``. ``STORYTRACE_PURE_PYTHON=1`` never loads it. An installed wheel has no such
folder and is plain Python.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import sys
from collections.abc import MutableSequence
from pathlib import Path

#: The modules ``scripts/compile`` compiles (keep the two lists equal).
COMPILED = ("text", "rules", "meta", "site", "language")

_HERE = Path(__file__).resolve().parent
#: ``<repo>/build/mypyc`` for the src layout this package is developed in.
BUILD = _HERE.parents[2] / "build" / "mypyc"

log = logging.getLogger(__name__)

#: Whether the compiled modules are in use (for the bench and the tests to report).
active = False


def _fresh(build: Path) -> bool:
    """The build's recorded sources are exactly the ones beside this file."""
    try:
        recorded = (build / "SOURCES.sha256").read_text(encoding="utf-8").split()
    except OSError:
        return False
    # sha256sum lines: "<hex>  src/storytrace/clean/<name>.py"
    sums = dict(zip(recorded[1::2], recorded[0::2], strict=False))
    for name in COMPILED:
        want = sums.get(f"src/storytrace/clean/{name}.py")
        try:
            have = hashlib.sha256((_HERE / f"{name}.py").read_bytes()).hexdigest()
        except OSError:
            return False
        if want != have:
            return False
    return True


def use_compiled(package_path: MutableSequence[str], build: Path = BUILD) -> bool:
    """Put the compiled modules first on the package's search path when the build is
    fresh; True when they will be used."""
    global active
    if os.environ.get("STORYTRACE_PURE_PYTHON") or not build.is_dir():
        return False
    if not _fresh(build):
        log.info("compiled cleaner in %s is stale (sources changed): using Python", build)
        return False
    shared = sorted(build.glob("*__mypyc.*.so"))
    modules = build / "storytrace" / "clean"
    if len(shared) != 1 or not all(any(modules.glob(f"{n}.*.so")) for n in COMPILED):
        return False
    # the compiled modules import their shared library by its top-level name
    name = shared[0].name.split(".", 1)[0]
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, shared[0])
        if spec is None or spec.loader is None:
            return False
        try:
            library = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(library)
        except ImportError as exc:  # built for another interpreter: Python it is
            log.info("compiled cleaner in %s does not load (%s): using Python", build, exc)
            return False
        sys.modules[name] = library
    package_path.insert(0, str(modules))
    active = True
    return True
