"""End to end: `storytrace ingest` and friends on a real SQLite file (and PostgreSQL).

The pages are written here (fictional); the CLI runs in-process through Typer's runner,
except one test that runs the installed `storytrace` command.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storytrace.cli import app

PARAS = [
    "Engineers from the regional water board said on Tuesday that the old Marlow weir had "
    "cracked along its eastern side after three days of heavy rain, forcing the closure of "
    "the towpath between the mill and the ferry landing.",
    "The board's chief engineer, Aoife Brennan, told reporters that a temporary barrier of "
    "sandbags and steel sheets would be in place by Thursday evening, and that residents of "
    "the lower town did not need to leave their homes.",
    "Local councillors asked why repairs promised two years ago had never started. The board "
    "replied that the contract had been delayed by a dispute over the cost of the stone.",
    "Boat owners were told to move their craft upstream of the lock until the water level "
    "falls, which forecasters expect to happen early next week if the rain eases.",
]


def html_page(title: str, paras: list[str], *, site: str = "Valley Courier") -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        "<!doctype html><html lang='en'><head>"
        f"<title>{title} | {site}</title>"
        f"<meta property='og:site_name' content='{site}'>"
        "<meta property='article:published_time' content='2026-03-10T09:30:00Z'>"
        "</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a> "
        "<a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1><p class='byline'>By Tomas Reyes</p>{body}</article>"
        "<footer><p>Privacy policy</p><p>© Valley Courier. All rights reserved.</p></footer>"
        "</body></html>"
    )


def text_dump(title: str, paras: list[str]) -> str:
    lines = ["Home » Local » " + title, "Local", title, "by admin", *paras]
    lines += ["You may also like", "Council approves new bus timetable", "Leave a Comment"]
    return "\n\n".join(lines)


@pytest.fixture()
def pages(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "weir.html").write_text(html_page("Marlow weir cracks after heavy rain", PARAS))
    (d / "bridge.txt").write_text(
        text_dump(
            "Footbridge reopens in Ashby",
            [
                "The footbridge over the Ashby canal reopened on Saturday after a month of "
                "repairs, the district council said in a statement published on its website.",
                "A council spokesperson said the repaired deck had passed its load tests and "
                "that the ramp for wheelchairs and prams would open a week later than planned.",
                "Shopkeepers on the canal side said trade had fallen by almost a third while "
                "the bridge was shut, and asked the council for help with their rates bills.",
            ],
        )
    )
    (d / "empty.html").write_bytes(b"")
    (d / "menu.html").write_text(
        "<html><head><title>Valley Courier</title></head><body><nav><a href='/'>Home</a>"
        "<a href='/news'>News</a></nav><footer>Privacy policy</footer></body></html>"
    )
    (d / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    return d


def run(*args: str) -> tuple[int, str]:
    result = CliRunner(env={"COLUMNS": "250"}).invoke(app, list(args))
    return result.exit_code, result.output


def test_ingest_stores_articles_and_rejects_bad_input(pages: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "st.db")
    code, out = run("ingest", str(pages), "--db", db, "--quiet")
    assert code == 3, out  # some inputs rejected, the batch went on
    assert "empty.html" in out and "photo.txt" in out
    assert "menu.html" in out and "no article" in out  # HTML with no text
    code, out = run("articles", "list", "--db", db, "--json")
    assert code == 0
    articles = {a["title"]: a for a in json.loads(out)}
    assert set(articles) == {"Marlow weir cracks after heavy rain", "Footbridge reopens in Ashby"}
    weir = articles["Marlow weir cracks after heavy rain"]
    assert weir["language"] == "en"
    assert weir["published"].startswith("2026-03-10")

    code, out = run("articles", "show", str(weir["id"]), "--db", db, "--json")
    shown = json.loads(out)
    assert shown["author"] == "Tomas Reyes"
    assert len(shown["paragraphs"]) == 4
    assert not any("Privacy policy" in p for p in shown["paragraphs"])

    bridge = articles["Footbridge reopens in Ashby"]
    code, out = run("articles", "show", str(bridge["id"]), "--db", db, "--json")
    shown = json.loads(out)
    assert shown["byline"] == "by admin" and shown["author"] is None
    assert shown["section"] == "Local"
    text = "\n".join(shown["paragraphs"])
    assert "You may also like" not in text and "Leave a Comment" not in text
    assert {d["text"] for d in shown["dropped"]} >= {"You may also like", "Leave a Comment"}
    assert all(d["reason"] for d in shown["dropped"])

    code, out = run("rejected", "--db", db, "--json")
    rejected = {Path(r["source"]).name: r for r in json.loads(out)}
    assert set(rejected) == {"empty.html", "photo.txt", "menu.html"}
    # one line naming the page once, then why: not "menu.html: no article: menu.html: ..."
    assert rejected["menu.html"]["reason"].startswith("no article")
    assert "menu.html" not in rejected["menu.html"]["reason"]
    assert rejected["photo.txt"]["bytes"] > 0  # the bytes were kept

    code, out = run("articles", "search", "weir towpath", "--db", db, "--json")
    assert [h["title"] for h in json.loads(out)][:1] == ["Marlow weir cracks after heavy rain"]


def test_reingest_is_a_noop_and_changed_url_is_a_version(tmp_path: Path) -> None:
    db = str(tmp_path / "st.db")
    url = "https://www.valley-courier.example/news/marlow-weir"
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps({"url": url, "html": html_page("Marlow weir cracks", PARAS)}))
    assert run("ingest", str(first), "--db", db, "-q")[0] == 0
    code, out = run("ingest", str(first), "--db", db, "-q")
    assert code == 0 and "1 already stored" in out

    updated = [*PARAS[:3], "Update: the barrier was finished on Wednesday, a day early."]
    second = tmp_path / "second.jsonl"
    second.write_text(json.dumps({"url": url, "html": html_page("Marlow weir cracks", updated)}))
    code, out = run("ingest", str(second), "--db", db, "-q")
    assert code == 0 and "(1 new version)" in out

    from storytrace.store import Store

    with Store.open(db) as store:
        chains = store.version_chains()
        assert len(chains) == 1 and len(chains[0][1]) == 2


def test_wire_copy_joins_the_copy_group_of_the_original(tmp_path: Path) -> None:
    db = str(tmp_path / "st.db")
    d = tmp_path / "in"
    d.mkdir()
    orig = {"url": "https://a.example/1", "html": html_page("Weir cracks", PARAS)}
    copy_paras = [*PARAS[:3], PARAS[3].replace("next week", "next week, officials said")]
    copy = {
        "url": "https://b.example/story/77?utm_source=feed",
        "html": html_page("Flood fears as Marlow weir cracks", copy_paras, site="Daily Ledger"),
    }
    (d / "pages.jsonl").write_text(json.dumps(orig) + "\n" + json.dumps(copy) + "\n")
    assert run("ingest", str(d), "--db", db, "-q")[0] == 0
    from storytrace.store import Store

    with Store.open(db) as store:
        groups = store.copy_groups(min_size=2)
        assert len(groups) == 1
        assert {m.relation for m in groups[0].members} >= {"near"}


def test_bad_jsonl_line_and_truncated_gzip_do_not_stop_the_batch(tmp_path: Path) -> None:
    db = str(tmp_path / "st.db")
    d = tmp_path / "in"
    d.mkdir()
    good = json.dumps({"url": "https://a.example/1", "html": html_page("Weir cracks", PARAS)})
    (d / "a.jsonl").write_text(good + "\n{not json\n")
    lines = "".join(
        json.dumps({"url": f"https://c.example/{i}", "text": "x " * 400}) + "\n" for i in range(50)
    )
    data = gzip.compress(lines.encode())
    (d / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    code, out = run("ingest", str(d), "--db", db, "-q")
    assert code == 3
    assert "a.jsonl:2" in out
    assert "cut.jsonl.gz" in out


@pytest.mark.postgres
def test_pipeline_on_postgresql(pages: Path, pg_url: str) -> None:
    code, out = run("ingest", str(pages), "--db", pg_url, "--quiet")
    assert code == 3, out
    code, out = run("articles", "search", "footbridge", "--db", pg_url, "--json")
    assert code == 0
    assert [h["title"] for h in json.loads(out)][:1] == ["Footbridge reopens in Ashby"]


def test_installed_command_runs(pages: Path, tmp_path: Path) -> None:
    exe = shutil.which("storytrace") or str(Path(sys.executable).parent / "storytrace")
    db = str(tmp_path / "st.db")
    proc = subprocess.run(
        [exe, "ingest", str(pages / "weir.html"), "--db", db, "-q"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 article," in proc.stdout


def test_reclean_and_regroup_rerun_stages_from_stored_pages(pages: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "st.db")
    run("ingest", str(pages), "--db", db, "-q")
    before = json.loads(run("articles", "list", "--db", db, "--json")[1])
    code, out = run("reclean", "--db", db)
    assert code == 0 and "2 articles" in out, out
    after = json.loads(run("articles", "list", "--db", db, "--json")[1])
    # the same articles, under the same ids, from the stored raw bytes alone
    assert {(a["id"], a["title"]) for a in after} == {(a["id"], a["title"]) for a in before}
    code, out = run("regroup", "--db", db, "--dry-run")
    assert code == 0 and out.startswith("(dry run)")


def test_read_commands_do_not_create_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "st.db"
    for args in (["articles", "list"], ["rejected"], ["stories", "list"]):
        code, out = run(*args, "--db", str(missing))
        assert code == 4 and "no store at" in out
    assert not missing.parent.exists()
