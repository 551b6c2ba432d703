"""The mypyc-compiled cleaner (scripts/compile): loaded only when its build matches the
sources, and, when loaded, it cleans exactly as the Python modules do."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storytrace.clean import _compiled

ROOT = Path(__file__).resolve().parents[1]
CLEAN_SRC = ROOT / "src" / "storytrace" / "clean"

#: Cleans every bundled example page and prints one digest of all the results; run in a
#: subprocess so that each run chooses compiled or Python modules afresh.
DIGEST = r"""
import hashlib, json, sys
from pathlib import Path
import storytrace.clean as C
from storytrace.clean import _compiled
from storytrace.records import Page

digest = hashlib.sha256()
files = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.suffix in (".txt", ".html"))
for path in files:
    kind = "html" if path.suffix == ".html" else "text"
    page = Page(raw=path.read_bytes(), source=str(path), origin="file", kind=kind)
    try:
        a = C.clean(page)
    except C.CleanError as exc:
        digest.update(str(exc).encode())
        continue
    digest.update(repr((a.title, a.paragraphs, [(d.index, d.text, d.reason) for d in a.dropped],
                        a.published, a.byline, a.author, a.outlet, a.section, a.language,
                        a.language_score)).encode())
print(json.dumps({"active": _compiled.active, "pages": len(files), "digest": digest.hexdigest()}))
"""


def _digest(pure: bool) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "STORYTRACE_PURE_PYTHON"}
    if pure:
        env["STORYTRACE_PURE_PYTHON"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", DIGEST, str(ROOT / "examples")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _fake_build(tmp_path: Path, sums: dict[str, str]) -> Path:
    build = tmp_path / "mypyc"
    (build / "storytrace" / "clean").mkdir(parents=True)
    lines = [f"{digest}  src/storytrace/clean/{name}.py" for name, digest in sums.items()]
    (build / "SOURCES.sha256").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return build


def _real_sums() -> dict[str, str]:
    return {
        name: hashlib.sha256((CLEAN_SRC / f"{name}.py").read_bytes()).hexdigest()
        for name in _compiled.COMPILED
    }


def test_a_stale_build_is_never_loaded(tmp_path: Path) -> None:
    sums = _real_sums()
    sums["rules"] = "0" * 64  # built from another rules.py
    path: list[str] = []
    assert _compiled.use_compiled(path, _fake_build(tmp_path, sums)) is False
    assert path == []


def test_a_missing_or_incomplete_build_is_not_loaded(tmp_path: Path) -> None:
    path: list[str] = []
    assert _compiled.use_compiled(path, tmp_path / "absent") is False
    # sources match, but no compiled module is there
    assert _compiled.use_compiled(path, _fake_build(tmp_path, _real_sums())) is False
    assert path == []


def test_pure_python_is_chosen_by_the_environment() -> None:
    assert _digest(pure=True)["active"] is False


def test_compiled_cleaner_gives_the_same_articles_as_python() -> None:
    compiled = _digest(pure=False)
    if not compiled["active"]:
        pytest.skip("no fresh compiled cleaner in build/mypyc (scripts/compile builds it)")
    pure = _digest(pure=True)
    assert compiled["pages"] == pure["pages"] and int(str(pure["pages"])) >= 7
    assert compiled["digest"] == pure["digest"]
