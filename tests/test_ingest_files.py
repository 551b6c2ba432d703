"""ingest of local inputs: files, directories, JSONL, feeds and sitemaps on disk, and
the bad-input cases (empty, binary, too large, invalid UTF-8, truncated gzip, broken XML).

Every text here is fictional and written for these tests.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storytrace.ingest import IngestOptions, decode_text, iter_inputs
from storytrace.records import Page, Rejection

ARTICLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Ferry service to Quillon Island resumes</title>
</head><body><nav>Home | Local | Weather</nav>
<article><h1>Ferry service to Quillon Island resumes</h1>
<p>The harbour board of Eastmere said on Tuesday that the ferry to Quillon Island would run
again from Monday after three weeks of repairs to the pier.</p>
<p>Captain Odile Marsh said the crossing would take forty minutes, as before.</p>
</article></body></html>
"""

DUMP = """Eastmere Ledger
Home
Local
Ferry service to Quillon Island resumes
The harbour board of Eastmere said on Tuesday that the ferry would run again from Monday.
Captain Odile Marsh said the crossing would take forty minutes.
Subscribe to our newsletter
"""


def run(*args: str | Path, **options: object) -> list[Page | Rejection]:
    opts = IngestOptions(**options) if options else None  # type: ignore[arg-type]
    return list(iter_inputs([str(a) for a in args], options=opts))


def only(items: list[Page | Rejection]) -> Page | Rejection:
    assert len(items) == 1, items
    return items[0]


def page(items: list[Page | Rejection]) -> Page:
    item = only(items)
    assert isinstance(item, Page), item
    return item


def rejection(items: list[Page | Rejection]) -> Rejection:
    item = only(items)
    assert isinstance(item, Rejection), item
    return item


# --- files and directories -------------------------------------------------------------


def test_html_file(tmp_path: Path) -> None:
    path = tmp_path / "ferry.html"
    path.write_text(ARTICLE, encoding="utf-8")
    p = page(run(path))
    assert (p.kind, p.origin, p.source, p.encoding) == ("html", "file", str(path), "utf-8")
    assert p.raw == ARTICLE.encode()
    assert p.url is None


def test_text_dump(tmp_path: Path) -> None:
    path = tmp_path / "ferry.txt"
    path.write_text(DUMP, encoding="utf-8")
    p = page(run(path))
    assert (p.kind, p.origin, p.encoding) == ("text", "text", "utf-8")
    assert decode_text(p.raw, p.encoding) == DUMP


def test_unknown_extensions_are_sniffed(tmp_path: Path) -> None:
    (tmp_path / "a.page").write_text(ARTICLE)
    (tmp_path / "b.dat").write_text(DUMP)
    (tmp_path / "c").write_text("<div><p>one</p><p>two</p><p>three</p></div>")
    items = run(tmp_path / "a.page", tmp_path / "b.dat", tmp_path / "c")
    assert [(type(i).__name__, getattr(i, "kind", None)) for i in items] == [
        ("Page", "html"),
        ("Page", "text"),
        ("Page", "html"),
    ]


def test_directory_is_walked_sorted_skipping_hidden_and_assets(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.html").write_text(ARTICLE)
    (tmp_path / "b" / "style.css").write_text("body { color: red }")
    (tmp_path / "b" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "a.txt").write_text(DUMP)
    (tmp_path / "c.htm").write_text(ARTICLE.replace("Monday", "Friday"))
    (tmp_path / ".hidden.html").write_text(ARTICLE)
    (tmp_path / "manifest.json").write_text('{"pages": 3}')
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.html").write_text(ARTICLE)
    items = run(tmp_path)
    assert [Path(i.source).relative_to(tmp_path).as_posix() for i in items] == [
        "a.txt",
        "b/two.html",
        "c.htm",
    ]
    assert all(isinstance(i, Page) for i in items)


def test_gzipped_html_file(tmp_path: Path) -> None:
    path = tmp_path / "ferry.html.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode()))
    p = page(run(path))
    assert p.kind == "html" and p.raw == ARTICLE.encode()


def test_missing_path_names_it(tmp_path: Path) -> None:
    r = rejection(run(tmp_path / "nothing-here.html"))
    assert r.line() == f"rejected {tmp_path / 'nothing-here.html'}: no such file or directory"
    r = rejection(run("news.example.org/story/1"))
    assert "http://" in r.reason


# --- bad input ---------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    r = rejection(run(path))
    assert r.line() == f"rejected {path}: empty file"
    assert r.raw == b""


def test_binary_file_named_html(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    raw = b"%PDF-1.4\n%\xc7\xec\x8f\xa2\n5 0 obj\n<</Length 6 0 R>>\nstream\n\x00\x01\x02"
    path.write_bytes(raw)
    r = rejection(run(path))
    assert r.reason == "binary content (looks like PDF)"
    assert r.raw == raw


def test_binary_file_without_magic(tmp_path: Path) -> None:
    path = tmp_path / "blob"
    path.write_bytes(bytes(range(256)) * 4)
    assert rejection(run(path)).reason == "binary content (looks like NUL bytes)"


def test_fifty_megabyte_page_is_too_large_with_default_cap(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as fh:
        fh.write(b"<html><body>")
        block = b"<p>" + b"filler words " * 1000 + b"</p>\n"
        while fh.tell() < 50_000_000:
            fh.write(block)
    r = rejection(run(path))
    assert r.reason == f"too large ({path.stat().st_size / 1e6:.1f} MB > 20.0 MB cap)"
    assert len(r.raw) == 20_000_000  # what was read, up to the cap
    assert r.raw.startswith(b"<html><body>")


def test_cap_is_an_option(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(ARTICLE)
    assert rejection(run(path, max_bytes=100)).reason.startswith("too large (")
    assert isinstance(only(run(path, max_bytes=10_000)), Page)


def test_invalid_utf8_is_decoded_by_detection(tmp_path: Path) -> None:
    text = ARTICLE.replace("Captain", "Le capitaine Élodie Marché, déçue, a été très clair :") * 3
    path = tmp_path / "latin.html"
    path.write_bytes(text.encode("cp1252"))  # but the page declares utf-8
    p = page(run(path))
    assert p.encoding not in (None, "utf-8")
    assert "Élodie Marché, déçue, a été" in decode_text(p.raw, p.encoding)


def test_undecodable_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    raw = bytes(range(128, 256)) * 20  # no encoding gives text from this
    path.write_bytes(raw)
    r = rejection(run(path))
    assert r.reason == "undecodable text (no declared or detected encoding fits)"
    assert r.raw == raw


def test_html_with_no_text_passes_through(tmp_path: Path) -> None:
    # Not ingest's job: the cleaner decides there is no article.
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title></title></head><body><div></div></body></html>")
    assert page(run(path)).kind == "html"


def test_truncated_gzip_file(tmp_path: Path) -> None:
    data = gzip.compress((ARTICLE * 200).encode())
    path = tmp_path / "cut.html.gz"
    path.write_bytes(data[: len(data) // 2])
    r = rejection(run(path))
    assert r.line() == f"rejected {path}: truncated gzip stream"
    assert r.raw and (ARTICLE * 200).encode().startswith(r.raw)


def test_bad_inputs_do_not_stop_the_batch(tmp_path: Path) -> None:
    good = tmp_path / "good.html"
    good.write_text(ARTICLE)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    items = run(empty, binary, tmp_path / "missing", good)
    assert [type(i).__name__ for i in items] == ["Rejection"] * 3 + ["Page"]
    lines = [i.line() for i in items if isinstance(i, Rejection)]
    assert lines == [
        f"rejected {empty}: empty file",
        f"rejected {binary}: binary content (looks like JPEG image)",
        f"rejected {tmp_path / 'missing'}: no such file or directory",
    ]


# --- JSONL -------------------------------------------------------------------------------


def write_jsonl(path: Path, lines: list[object | str]) -> None:
    body = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(body.encode()))
    else:
        path.write_text(body, encoding="utf-8")


def test_jsonl_own_schema_and_dataset_shapes(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    write_jsonl(
        path,
        [
            {
                "url": "https://eastmere.example/ferry",
                "html": ARTICLE,
                "title": "Ferry resumes",
                "published": "2024-05-07T09:30:00Z",
                "outlet": "Eastmere Ledger",
                "lang": "en",
                "fetched_at": "2024-05-07T10:00:00+00:00",
            },
            {"id": 17, "text": DUMP, "outlet": "Ledger"},
            "",
            {
                "id": "x1",
                "site": "eastmere.example",
                "format": "html",
                "input": ARTICLE,
                "gold": "must not be read",
                "story": "s1",
            },
            {"content": "<p>one</p><p>two</p><p>three</p>", "language": "fr"},
            {"body": "Plain body text of a fictional note.", "date": "2024-01-02"},
        ],
    )
    items = run(path)
    assert all(isinstance(i, Page) for i in items)
    pages = [i for i in items if isinstance(i, Page)]
    assert [p.source for p in pages] == [f"{path}:{n}" for n in (1, 2, 4, 5, 6)]
    assert [p.kind for p in pages] == ["html", "text", "html", "html", "text"]
    first = pages[0]
    assert first.origin == "jsonl" and first.url == "https://eastmere.example/ferry"
    assert first.raw == ARTICLE.encode() and first.encoding == "utf-8"
    assert first.fetched_at is not None and first.fetched_at.isoformat() == (
        "2024-05-07T10:00:00+00:00"
    )
    assert dict(first.hints) == {
        "title": "Ferry resumes",
        "published": "2024-05-07T09:30:00+00:00",
        "outlet": "Eastmere Ledger",
        "lang": "en",
    }
    assert dict(pages[1].hints) == {"id": "17", "outlet": "Ledger"}
    assert dict(pages[2].hints) == {"id": "x1", "site": "eastmere.example"}
    assert pages[3].hint("lang") == "fr"
    assert pages[4].hint("published") == "2024-01-02"


def test_jsonl_bad_lines_are_one_rejection_each(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    write_jsonl(
        path,
        [
            {"text": DUMP},
            "{not json",
            "[1, 2]",
            {"title": "only metadata"},
            {"text": "   "},
            {"html": "%PDF-1.4 \u0000\u0001 binary"},
            {"text": DUMP + " again"},
        ],
    )
    items = run(path)
    kinds = [type(i).__name__ for i in items]
    assert kinds == [
        "Page",
        "Rejection",
        "Rejection",
        "Rejection",
        "Rejection",
        "Rejection",
        "Page",
    ]
    reasons = {i.source.rsplit(":", 1)[1]: i.reason for i in items if isinstance(i, Rejection)}
    assert reasons["2"].startswith("not valid JSON (")
    assert reasons["3"] == "not a JSON object (a list)"
    assert reasons["4"].startswith("no page content (expected a string field: html")
    assert reasons["5"] == "empty content"
    assert reasons["6"] == "binary content (looks like PDF)"
    bad = next(i for i in items if isinstance(i, Rejection))
    assert bad.raw == b"{not json\n"


def test_jsonl_gz_and_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl.gz"
    write_jsonl(path, [{"text": DUMP}, {"html": ARTICLE}])
    assert [getattr(i, "kind", None) for i in run(path)] == ["text", "html"]

    latin = tmp_path / "latin.jsonl"
    record = json.dumps(
        {"text": "Réunion à Genève : l'été sera chaud, déclare élue. " * 5}, ensure_ascii=False
    )
    latin.write_bytes(record.encode("cp1252") + b"\n")
    p = page(run(latin))
    assert "l'été sera chaud" in decode_text(p.raw, p.encoding)


def test_truncated_jsonl_gz_keeps_pages_before_the_break(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    lines = [
        json.dumps({"id": n, "text": f"Note {n}: " + "river level report " * 40})
        for n in range(400)
    ]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    path.write_bytes(data[: len(data) * 2 // 3])
    items = run(path)
    pages = [i for i in items if isinstance(i, Page)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert len(pages) > 50 and len(rejections) == 1
    assert items[-1] is rejections[0]
    assert rejections[0].source == str(path)
    assert rejections[0].reason.startswith("truncated gzip stream")
    assert [p.hint("id") for p in pages] == [str(n) for n in range(len(pages))]


def test_jsonl_line_over_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    write_jsonl(path, [{"text": "x " * 5000}, {"text": DUMP}])
    items = run(path, max_bytes=2000)
    assert isinstance(items[0], Rejection) and items[0].reason.startswith("too large")
    assert items[0].source == f"{path}:1" and len(items[0].raw) == 2000
    assert isinstance(items[1], Page) and items[1].source == f"{path}:2"


# --- local feeds and sitemaps -----------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Eastmere Ledger</title><link>https://eastmere.example/</link>
<language>en</language>
<item><title>Ferry service resumes</title><link>https://eastmere.example/ferry</link>
<guid>ferry-1</guid><pubDate>Tue, 07 May 2024 09:30:00 GMT</pubDate>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>The harbour board said the ferry would run again.</p>
<p>Captain Odile Marsh welcomed the news.</p>]]></content:encoded></item>
<item><title>Teaser only</title><link>https://eastmere.example/teaser</link>
<description>Only a teaser here.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Quillon Courier</title>
<entry><title>Pier repairs end</title><id>tag:quillon.example,2024:pier</id>
<link href="https://quillon.example/pier"/><updated>2024-05-06T18:00:00Z</updated>
<author><name>Ines Vale</name></author>
<content type="html">&lt;p&gt;Repairs to the pier ended on Monday.&lt;/p&gt;</content></entry>
</feed>
"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Westmere Notes",
    "language": "en",
    "items": [
        {
            "id": "n1",
            "url": "https://westmere.example/n1",
            "title": "Market day moves",
            "content_html": "<p>The market moves to Thursday.</p>",
            "date_published": "2024-04-01T08:00:00Z",
            "authors": [{"name": "Tom Reed"}],
        },
        {"id": "n2", "url": "https://westmere.example/n2", "content_text": "Plain note."},
        {"id": "n3", "url": "https://westmere.example/n3", "summary": "teaser"},
    ],
}


def test_local_rss_uses_inline_content(tmp_path: Path) -> None:
    path = tmp_path / "ledger.rss"
    path.write_text(RSS)
    items = run(path)
    assert len(items) == 2
    p, r = items
    assert isinstance(p, Page) and isinstance(r, Rejection)
    assert (p.kind, p.origin, p.url, p.source) == (
        "html",
        "feed",
        "https://eastmere.example/ferry",
        f"{path}#1",
    )
    assert b"Captain Odile Marsh" in p.raw and b"teaser" not in p.raw
    assert dict(p.hints) == {
        "title": "Ferry service resumes",
        "published": "2024-05-07T09:30:00+00:00",
        "id": "ferry-1",
        "outlet": "Eastmere Ledger",
        "lang": "en",
        "feed": str(path),
    }
    assert r.source == f"{path}#2"
    assert "only a summary" in r.reason and "not fetched" in r.reason


def test_local_atom_and_json_feed(tmp_path: Path) -> None:
    atom = tmp_path / "courier.xml"
    atom.write_text(ATOM)
    p = page(run(atom))
    assert p.raw == b"<p>Repairs to the pier ended on Monday.</p>"
    assert p.hint("author") == "Ines Vale" and p.hint("updated") == "2024-05-06T18:00:00+00:00"

    jf = tmp_path / "notes.json"
    jf.write_text(json.dumps(JSON_FEED))
    items = run(jf)
    assert [type(i).__name__ for i in items] == ["Page", "Page", "Rejection"]
    first, second, third = items
    assert isinstance(first, Page) and isinstance(second, Page)
    assert first.kind == "html" and first.url == "https://westmere.example/n1"
    assert dict(first.hints)["published"] == "2024-04-01T08:00:00+00:00"
    assert first.hint("author") == "Tom Reed" and first.hint("outlet") == "Westmere Notes"
    assert second.kind == "text" and second.raw == b"Plain note."
    assert third.source == f"{jf}#3"


def test_local_feed_relative_links_resolve_against_the_site(tmp_path: Path) -> None:
    path = tmp_path / "relative.rss"
    path.write_text(RSS.replace("https://eastmere.example/ferry", "/ferry"))
    first = run(path)[0]
    assert isinstance(first, Page) and first.url == "https://eastmere.example/ferry"


def test_a_single_string_argument(tmp_path: Path) -> None:
    path = tmp_path / "one.html"
    path.write_text(ARTICLE)
    items = list(iter_inputs(str(path)))
    assert len(items) == 1 and isinstance(items[0], Page)


def test_broken_feed_xml_is_one_rejection(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><item><title>Cut sh')
    r = rejection(run(path))
    assert r.source == str(path) and r.reason.startswith("broken feed XML (")
    assert r.raw == path.read_bytes()


def test_local_sitemap_is_not_fetched_by_default(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://eastmere.example/a</loc></url>"
        "<url><loc>https://eastmere.example/b</loc></url></urlset>"
    )
    r = rejection(run(path))
    assert r.reason.startswith("sitemap lists 2 URLs, not fetched")


def test_a_text_list_of_urls_is_a_sitemap(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    path.write_text("https://eastmere.example/a\n\nhttps://eastmere.example/b\n")
    r = rejection(run(path))
    assert r.reason == "a list of 2 URLs, not fetched (local file; turn fetch_links on)"
    # A dump that merely contains URLs is still a text page.
    dump = tmp_path / "dump.txt"
    dump.write_text("https://eastmere.example/a\nFerry service resumes on Monday.\n")
    assert page(run(dump)).kind == "text"


def test_json_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text('{"rows": [1, 2, 3]}')
    assert "not a JSON Feed" in rejection(run(path)).reason


@pytest.mark.parametrize("name", ["other.xml", "other.unknown"])
def test_other_xml_is_rejected(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text('<?xml version="1.0"?><inventory><item sku="1"/></inventory>')
    assert "neither a page, a feed nor a sitemap" in rejection(run(path)).reason
