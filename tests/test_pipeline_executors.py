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


def _cached(db: str) -> dict[int, Any]:
    from storytrace.store import Store
    from storytrace.trace.tables import load_traces, trace_to_json

    store = Store.open(db)
    try:
        texts = {a.id: a.text for a in store.articles()}
        return {aid: trace_to_json(t) for aid, t in load_traces(store, texts).items()}
    finally:
        store.close()


def test_retrace_fills_the_trace_cache_that_compare_reads(tmp_path: Path) -> None:
    from dataclasses import replace

    from storytrace.compare.story import load_story
    from storytrace.store import Store
    from storytrace.trace.tables import load_traces, save_traces

    db = str(tmp_path / "st.db")
    code, out = _run("ingest", *INPUTS, "--db", db, "--quiet")
    assert code == 0, out
    code, out = _run("retrace", "--db", db)
    assert code == 0, out
    n = len(local := _cached(db))
    assert n >= 12 and f"{n} articles: {n} traced, 0 already traced, 0 failed" in out
    assert any(t["attributions"] for t in local.values())

    code, out = _run("retrace", "--db", db)  # nothing left to do
    assert f"0 traced, {n} already traced" in out

    code, out = _run("retrace", "--db", db, "--executor", "ray", "--workers", "1", "--force")
    assert code == 0, out
    assert f"{n} traced, 0 already traced" in out
    assert _cached(db) == local  # the same traces, wherever they were made

    # compare reads the cache: a kept trace with its attributions taken away is what the
    # story's versions carry, not a fresh parse
    store = Store.open(db)
    try:
        story = load_story(store, 1)
        assert story is not None
        version = next(e for e in story.entries if e.version.attributions)
        art = story.articles[version.article_id]
        kept = load_traces(store, {art.id: art.text})[art.id]
        save_traces(store, {art.id: (art.text, replace(kept, attributions=[]))})
        again = load_story(store, 1)
        assert again is not None
        assert again.by_id[version.id].version.attributions == ()
    finally:
        store.close()
