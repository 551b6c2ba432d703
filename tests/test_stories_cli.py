"""``storytrace stories list|show`` on a real store (SQLite and PostgreSQL), fed by the
real pipeline with the bundled example pages."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from storytrace.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_stories_list_and_show(store_url: str) -> None:
    code, out = run("ingest", str(EXAMPLES / "pages"), "--db", store_url, "--quiet")
    assert code == 0, out
    code, out = run("stories", "list", "--db", store_url, "--json")
    assert code == 0, out
    listed = json.loads(out)
    articles = json.loads(run("articles", "list", "--db", store_url, "--json")[1])
    # every article is in exactly one story
    assert sum(s["articles"] for s in listed) == len(articles) > len(listed) > 1
    for s in listed:
        assert s["headline"] and s["languages"] and s["first_seen"] <= s["last_updated"]

    biggest = max(listed, key=lambda s: s["articles"])
    code, out = run("stories", "show", str(biggest["id"]), "--db", store_url, "--json")
    assert code == 0, out
    shown = json.loads(out)
    assert shown["id"] == biggest["id"] and len(shown["versions"]) == biggest["articles"]
    starters = [v for v in shown["versions"] if v["created"]]
    assert len(starters) == 1 and starters[0]["reason"].startswith("started the story")
    for v in shown["versions"]:
        if not v["created"] and v["copy_of"] is None:
            # why it joined: the story it joined is its nearest, with the score it had
            assert v["neighbours"][0]["story"] == shown["id"]
            assert v["neighbours"][0]["score"] == round(v["score"], 4)

    code, out = run("stories", "show", f"story:{biggest['id']}", "--db", store_url)
    assert code == 0 and "why it joined" in out and "Versions" in out
    code, out = run("stories", "list", "--db", store_url)
    assert code == 0 and f"{len(listed)} stories" in out


def test_unknown_story_is_a_clear_error(tmp_path: Path) -> None:
    from storytrace.store import Store

    Store.open(tmp_path / "st.db").close()  # an empty store
    code, out = run("stories", "show", "99", "--db", str(tmp_path / "st.db"))
    assert code == 1 and "no story 99" in out
    # what is no story id at all is refused before the store is opened
    code, out = run("stories", "show", "a12", "--db", str(tmp_path / "st.db"))
    assert code == 2 and "not a story id" in out


def test_place_fills_a_store_written_before_stories(tmp_path: Path) -> None:
    import sqlalchemy as sa

    from storytrace.store import Store
    from storytrace.stories.tables import stories, story_counts, story_members, story_state

    db = str(tmp_path / "st.db")
    assert run("ingest", str(EXAMPLES / "pages"), "--db", db, "--quiet")[0] == 0
    before = {frozenset(v["article_id"] for v in _versions(db, s["id"])) for s in _list(db)}
    with Store.open(db) as store, store.transaction() as conn:
        for table in (story_members, stories, story_counts, story_state):
            conn.execute(sa.delete(table))
    assert _list(db) == []
    code, out = run("stories", "place", "--db", db)
    assert code == 0 and f"{sum(len(g) for g in before)} articles placed" in out
    after = {frozenset(v["article_id"] for v in _versions(db, s["id"])) for s in _list(db)}
    assert after == before
    assert "0 articles placed" in run("stories", "place", "--db", db)[1]

    code, out = run("stories", "recluster", "--db", db, "--dry-run", "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["applied"] is False and report["articles"] == sum(len(g) for g in before)
    unchanged = {frozenset(v["article_id"] for v in _versions(db, s["id"])) for s in _list(db)}
    assert unchanged == before  # a dry run changes nothing
    code, out = run("stories", "recluster", "--db", db, "--since", "last tuesday")
    assert code == 2 and "--since" in out


def test_demo_shows_stories(tmp_path: Path) -> None:
    code, out = run("demo", "--db", str(tmp_path / "demo.db"))
    assert code == 0, out
    assert "Stories" in out and "stories show" in out
    # counts read as English: one wire copy, one re-crawled page
    head = " ".join(" ".join(out.split("\n", 3)[1:3]).split())
    assert "1 copy of earlier articles" in head and "1 updated page stored as a new" in head
    # and what the versions say: where the port strike story came from, and its disputes
    said = " ".join(out[out.index("What the versions say") :].replace("│", " ").split())
    assert "Meridian Press Agency" in said and "role swap" in said and "number mismatch" in said


def _list(db: str) -> list[dict[str, object]]:
    code, out = run("stories", "list", "--db", db, "--json")
    assert code == 0, out
    result: list[dict[str, object]] = json.loads(out)
    return result


def _versions(db: str, story_id: object) -> list[dict[str, object]]:
    code, out = run("stories", "show", str(story_id), "--db", db, "--json")
    assert code == 0, out
    versions: list[dict[str, object]] = json.loads(out)["versions"]
    return versions


def test_a_story_of_undated_pages_is_listed_as_undated(tmp_path: Path) -> None:
    page = tmp_path / "flood.txt"
    page.write_text(
        "Kessel floods Kessling old town\n\n"
        "The river Kessel burst its banks in Kessling overnight and flooded the old town. "
        "Firefighters moved two hundred residents of Kessling to the sports hall by boat. "
        "Kessling's mayor Aron Lind said the Kessel flood was the worst since 1954.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "st.db")
    code, out = run("ingest", str(page), "--db", db, "--quiet")
    assert code == 0, out
    [listed] = json.loads(run("stories", "list", "--db", db, "--json")[1])
    assert listed["timed"] is False
    code, out = run("stories", "list", "--db", db)
    assert code == 0 and "undated" in out
    code, out = run("stories", "show", str(listed["id"]), "--db", db)
    assert code == 0 and "undated (placed" in out
    assert "1 article, 0 outlets" in out or "1 article, 1 outlet " in out, out
    code, listing = run("stories", "list", "--db", db)
    assert "1 story" in listing and "1 stories" not in listing, listing
    assert out.count("undated (placed") == 2  # the story's times and the version's time
    code, out = run("stories", "show", str(listed["id"]), "--db", db, "--json")
    [version] = json.loads(out)["versions"]
    assert "undated: a flat cost" in version["reason"]
