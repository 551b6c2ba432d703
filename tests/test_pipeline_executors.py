"""The executors give the same store whichever runs the cleaning: in this process, on a
process pool, or on a real Ray instance (started by the CLI, as a user would).

The bundled examples are ingested through `storytrace ingest` into real SQLite files and
every stored article (title, paragraphs, dropped lines, language, copy relations) is
compared with the in-process run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storytrace.cli import app
from storytrace.pipeline.executors import ExecutorError, LocalExecutor, RayExecutor, make_executor

ROOT = Path(__file__).resolve().parents[1] / "examples"
#: The bundled pages: HTML and text dumps, the feed's articles, the WARC's records.
INPUTS = [str(ROOT / "pages"), str(ROOT / "feed.xml"), str(ROOT / "archive.warc.gz")]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner(env={"COLUMNS": "250"}).invoke(app, list(args))
    return result.exit_code, result.output


def _snapshot(db: str) -> list[dict[str, Any]]:
    code, out = _run("articles", "list", "--db", db, "--json")
    assert code == 0, out
    shown = []
    for a in sorted(json.loads(out), key=lambda a: a["title"]):
        code, out = _run("articles", "show", str(a["id"]), "--db", db, "--json")
        assert code == 0, out
        full = json.loads(out)
        shown.append(
            {k: full.get(k) for k in ("title", "paragraphs", "dropped", "language", "author")}
        )
    return shown


@pytest.fixture(scope="module")
def local_snapshot(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    db = str(tmp_path_factory.mktemp("local") / "st.db")
    code, out = _run("ingest", *INPUTS, "--db", db, "--quiet")
    assert code == 0, out
    return _snapshot(db)


@pytest.mark.parametrize(
    "args", [("--executor", "process", "--workers", "2"), ("--executor", "ray", "--workers", "1")]
)
def test_executor_gives_the_same_articles(
    args: tuple[str, ...], local_snapshot: list[dict[str, Any]], tmp_path: Path
) -> None:
    db = str(tmp_path / "st.db")
    code, out = _run("ingest", *INPUTS, "--db", db, "--quiet", *args)
    assert code == 0, out
    assert len(local_snapshot) >= 12
    assert _snapshot(db) == local_snapshot


def test_ray_executor_keeps_order_across_batches() -> None:
    with RayExecutor(workers=1, batch=3) as ray_executor:
        assert ray_executor.map(abs, list(range(-10, 0))) == list(range(10, 0, -1))
        assert ray_executor.map(abs, []) == []
    assert LocalExecutor().map(abs, [-1, 2]) == [1, 2]


def test_unknown_executor_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExecutorError, match="choose one of local, process, ray"):
        make_executor("spark")
    code, out = _run(
        "ingest", *INPUTS, "--db", str(tmp_path / "st.db"), "--quiet", "--executor", "dask"
    )
    assert code == 2
    assert "unknown executor 'dask'" in out
