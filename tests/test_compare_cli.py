"""``storytrace compare`` and ``storytrace digest`` through the real CLI on a real store
(SQLite and PostgreSQL) fed with the bundled examples by ``storytrace ingest``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from storytrace.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MANIFEST = json.loads((EXAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def flat(text: str) -> str:
    """Output with Rich's line wrapping undone (words joined by single spaces)."""
    return " ".join(text.split())


def ingest(db: str) -> None:
    for name in MANIFEST["ingest_order"]:
        code, out = run("ingest", str(EXAMPLES / name), "--db", db, "--quiet")
        assert code == 0, out


def story_with(db: str, outlet: str, language: str) -> int:
    code, out = run("stories", "list", "--db", db, "--json")
    assert code == 0, out
    for s in json.loads(out):
        if outlet in s["outlets"] and language in s["languages"] and len(s["languages"]) == 2:
            return int(s["id"])
    raise AssertionError(out)


def test_compare_matrix_and_digest(store_url: str) -> None:
    ingest(store_url)
    strike = story_with(store_url, "Harbour Gazette", "de")

    code, out = run("compare", str(strike), "--db", store_url, "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["story"]["id"] == strike
    # four articles, three versions: the Northgate Herald's wire copy rides with the Gazette
    assert len(data["versions"]) == 3
    gazette = next(v for v in data["versions"] if v["outlet"] == "Harbour Gazette")
    assert [c["outlet"] for c in gazette["copies"]] == ["Northgate Herald"]
    swaps = [
        r
        for r in data["relations"]
        if r["kind"] == "role swap" and "Brannock Terminals won its case" in r["evidence"]["b"]
    ]
    assert swaps and swaps[0]["cell"] == "contradicts"
    rows = [
        row
        for row in data["matrix"]
        if any(c["relation"] == "role swap" for c in row["cells"].values())
    ]
    assert rows and "contradicts" in {c["cell"] for c in rows[0]["cells"].values()}
    for c in data["corroboration"]:
        if len(c["versions"]) > 1:
            assert c["origins"] == ["Meridian Press Agency"] and c["single_source"]

    code, out = run("compare", str(strike), "--db", store_url, "--evidence")
    assert code == 0, out
    out = flat(out)
    assert "Claims × versions" in out and "Harbour Gazette" in out and "+ #" in out
    assert "CONTRADICTS" in out and "role swap" in out and "Evidence" in out
    assert "Brannock Terminals won its case against the Kessling Dockers' Union" in out

    code, out = run("digest", str(strike), "--db", store_url, "--json")
    assert code == 0, out
    digest = json.loads(out)
    assert digest["disputed"][0]["cell"] == "contradicts"
    assert digest["summary"] and all(s["articles"] for s in digest["summary"])
    assert len(digest["timeline"]) == 3

    # a story id as `trace` writes it
    code, out = run("digest", f"s{strike}", "--db", store_url)
    assert code == 0, out
    for part in ("Disputed", "Summary", "Timeline", "role swap"):
        assert part in out
    # a hedge or a source changed is listed after the contradictions, under its own heading
    changed = out.index("Changed between versions")
    assert out.index("role swap") < changed < out.index("Summary")


def test_digest_since_shows_the_update(tmp_path: Path) -> None:
    db = str(tmp_path / "ex.db")
    ingest(db)
    flood = story_with(db, "The Valley Courier", "fr")
    code, out = run("digest", str(flood), "--db", db, "--since", "2025-03-12T12:00+00:00")
    assert code == 0, out
    out = flat(out)
    assert "New since 2025-03-12T12:00:00+00:00" in out
    assert "This article was updated at 16:20" in out and "Engineers confirmed" in out
    assert "adds 1 claim," in out  # one claim, in English
    # the earlier versions are not listed as new
    assert "Le Courrier des Berges" not in out and "Trendwire" not in out
    code, out = run("digest", str(flood), "--db", db, "--since", "2025-03-12T12:00+00:00", "--json")
    data = json.loads(out)
    assert len(data["new"]) == 1 and data["new"][0]["update_of"] is not None


def test_errors_name_what_is_wrong(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.db")
    code, out = run("compare", "1", "--db", missing)
    assert code == 4 and "no store at" in out
    from storytrace.store import Store

    Store.open(tmp_path / "empty.db").close()
    code, out = run("compare", "7", "--db", str(tmp_path / "empty.db"))
    assert code == 1 and "no story 7" in out
    code, out = run("digest", "7", "--db", str(tmp_path / "empty.db"))
    assert code == 1 and "no story 7" in out
    code, out = run("digest", "1", "--db", str(tmp_path / "empty.db"), "--since", "yesterday")
    assert code == 2 and "not an ISO date" in out


def test_compare_shows_the_parts_of_a_claim_another_version_leaves_out(tmp_path: Path) -> None:
    db = str(tmp_path / "ex.db")
    ingest(db)
    code, out = run("stories", "list", "--db", db, "--json")
    story = next(s for s in json.loads(out) if "Talpost" in s["outlets"] and "fr" in s["languages"])
    code, out = run("compare", str(story["id"]), "--db", db, "--json")
    assert code == 0, out
    data = json.loads(out)
    herald = next(v["version"] for v in data["versions"] if v["outlet"] == "Northgate Herald")
    dropped = "et se tenait à la disposition des enquêteurs"
    parts = [p for p in data["parts_left_out"] if p["version_b"] == herald and dropped in p["a"]]
    assert [[p["a"][s:e] for s, e in p["a_marks"]] for p in parts] == [[dropped]], parts
    assert parts[0]["kind"] == "part left out" and "#" + herald in parts[0]["why"]
    # in the matrix the Herald still tells the claim (agree), and the cell says what it drops
    row = next(r for r in data["matrix"] if dropped in r["text"])
    assert row["cells"][herald] == {
        "cell": "agree",
        "claim": row["cells"][herald]["claim"],
        "relation": "omission",
    }
    code, out = run("compare", str(story["id"]), "--db", db, "--evidence")
    assert code == 0, out
    out = flat(out)
    assert "Parts left out" in out
    assert f"Northgate Herald leaves out '{dropped}'" in out
    # the digest's timeline says it too, under the version that leaves the part out
    code, out = run("digest", str(story["id"]), "--db", db, "--json")
    assert code == 0, out
    entry = next(t for t in json.loads(out)["timeline"] if t["version"] == herald)
    assert any(
        [p["a"][s:e] for s, e in p["a_marks"]] == [dropped] for p in entry["parts_left_out"]
    ), entry["parts_left_out"]
    code, out = run("digest", str(story["id"]), "--db", db, "--since", "2025-09-16T09:00+00:00")
    assert code == 0, out
    assert f"- part '{dropped}'" in flat(out)


_FLOOD = (
    "The river Kessel burst its banks in Kessling overnight and flooded the old town. "
    "Firefighters moved two hundred residents of Kessling to the sports hall by boat. "
    "Kessling's mayor Aron Lind said the Kessel flood was the worst since 1954."
)


def test_the_digest_timeline_says_which_versions_are_undated(tmp_path: Path) -> None:
    dated = tmp_path / "dated.txt"
    dated.write_text(
        f"Kessel floods Kessling old town\nTarn Post\n12 March 2031\n\n{_FLOOD}\n",
        encoding="utf-8",
    )
    undated = tmp_path / "undated.txt"
    undated.write_text(
        "Kessling old town under water\n\nFloodwater from the Kessel filled the old town of"
        " Kessling during the night. Two hundred people were taken by boat to the sports hall,"
        " firefighters said. Mayor Aron Lind called it the worst Kessel flood since 1954.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "st.db")
    for page in (dated, undated):
        code, out = run("ingest", str(page), "--db", db, "--quiet")
        assert code == 0, out
    code, out = run("stories", "list", "--db", db, "--json")
    [story] = json.loads(out)
    code, out = run("digest", str(story["id"]), "--db", db, "--json")
    assert code == 0, out
    line = {e["title"]: e for e in json.loads(out)["timeline"]}
    assert line["Kessling old town under water"]["undated"] is True
    assert line["Kessel floods Kessling old town"]["undated"] is False
    code, out = run("digest", str(story["id"]), "--db", db)
    assert code == 0 and "undated (placed" in flat(out)


def test_the_timeline_is_in_utc_and_shows_a_late_edit(tmp_path: Path) -> None:
    # written for this test: the Tarn Post breaks the story at 08:00 New York time (12:00
    # UTC) and edits it at 19:00 UTC; Fellside News re-reports it at 15:00 UTC and touches
    # its page two minutes later, which is no edit worth showing
    from test_compare_story import _dated_page, write_tarn_post

    write_tarn_post(tmp_path)
    (tmp_path / "fellside.html").write_text(
        _dated_page(
            "Fellside News",
            "Lorries banned from Corrow bridge",
            [
                "The Lindenport council will close the Corrow bridge to lorries from the "
                "first of May, the Tarn Post reported, after engineers found cracks in its "
                "piers.",
                "Drivers of heavy goods vehicles will have to use the ring road instead, "
                "a detour of some nine minutes between the port and the town.",
            ],
            "2030-04-08T15:00:00Z",
            "2030-04-08T15:02:00Z",
        )
    )
    db = str(tmp_path / "st.db")
    code, out = run(
        "ingest",
        str(tmp_path / "tarn.html"),
        str(tmp_path / "fellside.html"),
        "--db",
        db,
        "--quiet",
    )
    assert code == 0, out
    code, out = run("stories", "list", "--db", db, "--json")
    stories = json.loads(out)
    assert len(stories) == 1, out
    code, out = run("digest", str(stories[0]["id"]), "--db", db)
    assert code == 0, out
    timeline = flat(out[out.index("Timeline") :])
    assert "Timeline (UTC)" in timeline
    assert "2030-04-08 12:00 (edited 19:00) Tarn Post" in timeline
    assert "2030-04-08 15:00 Fellside News" in timeline  # a two-minute touch is not shown
    assert timeline.index("Tarn Post") < timeline.index("Fellside News")
