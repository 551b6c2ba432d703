"""ingest over HTTP against a real server on 127.0.0.1 (tests/httpserver.py): URLs,
redirects, timeouts, size caps, charsets, remote feeds and sitemaps. Fictional pages."""

from __future__ import annotations

import gzip
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from httpserver import Route, Server, redirect, serve
from storytrace.ingest import IngestOptions, decode_text, iter_inputs
from storytrace.ingest.options import DEFAULT_USER_AGENT
from storytrace.records import Page, Rejection

FAST = IngestOptions(timeout=1.0)


def article(title: str, body: str = "The fictional town council of Brackwater met again.") -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    ).encode()


HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture
def server() -> Iterator[Server]:
    with serve({}) as srv:
        yield srv


def run(*args: str, options: IngestOptions = FAST) -> list[Page | Rejection]:
    return list(iter_inputs(list(args), options=options))


def one(items: list[Page | Rejection]) -> Page | Rejection:
    assert len(items) == 1, items
    return items[0]


def test_url_page_with_headers_and_fetch_time(server: Server) -> None:
    body = article("Brackwater bridge reopens")
    server.routes["/news/bridge"] = Route(headers={**HTML, "X-Edition": "morning"}, body=body)
    before = time.time()
    p = one(run(server.url("/news/bridge")))
    assert isinstance(p, Page)
    assert (p.kind, p.origin, p.encoding, p.raw) == ("html", "http", "utf-8", body)
    assert p.source == p.url == server.url("/news/bridge")
    assert p.header("x-edition") == "morning"
    assert all(name == name.lower() for name, _ in p.headers)
    assert p.fetched_at is not None and p.fetched_at.timestamp() >= before - 1
    assert server.requests[0].headers["user-agent"] == DEFAULT_USER_AGENT


def test_redirects_are_followed_and_final_url_kept(server: Server) -> None:
    server.routes["/old"] = redirect("/middle", 301)
    server.routes["/middle"] = redirect(server.url("/final"), 302)
    server.routes["/final"] = Route(headers=HTML, body=article("Moved story"))
    p = one(run(server.url("/old")))
    assert isinstance(p, Page)
    assert p.source == server.url("/old") and p.url == server.url("/final")
    assert server.paths() == ["/old", "/middle", "/final"]


def test_redirect_loop(server: Server) -> None:
    server.routes["/a"] = redirect("/b")
    server.routes["/b"] = redirect("/a")
    r = one(run(server.url("/a")))
    assert isinstance(r, Rejection) and r.reason == "too many redirects"


def test_http_errors_are_rejections_with_the_body(server: Server) -> None:
    server.routes["/gone"] = Route(404, {"Content-Type": "text/html"}, b"<p>No such page</p>")
    server.routes["/boom"] = Route(503, {"Content-Type": "text/plain"}, b"overloaded")
    gone, boom = run(server.url("/gone"), server.url("/boom"))
    assert isinstance(gone, Rejection) and isinstance(boom, Rejection)
    assert gone.line() == f"rejected {server.url('/gone')}: HTTP 404 Not Found"
    assert gone.raw == b"<p>No such page</p>"
    assert boom.reason == "HTTP 503 Service Unavailable"


def test_non_text_content_type_is_rejected_unread(server: Server) -> None:
    server.routes["/photo"] = Route(
        headers={"Content-Type": "image/jpeg"}, body=b"\xff\xd8\xff" + b"\x00" * 1000
    )
    server.routes["/style.css"] = Route(headers={"Content-Type": "text/css"}, body=b"p{}")
    photo, css = run(server.url("/photo"), server.url("/style.css"))
    assert isinstance(photo, Rejection)
    assert photo.reason == "not a text page (content-type image/jpeg)" and photo.raw == b""
    assert isinstance(css, Rejection) and "text/css" in css.reason


def test_binary_body_behind_a_vague_type(server: Server) -> None:
    server.routes["/file"] = Route(
        headers={"Content-Type": "application/octet-stream"}, body=b"%PDF-1.5\n%\xb5\xb5\n"
    )
    r = one(run(server.url("/file")))
    assert isinstance(r, Rejection) and r.reason == "binary content (looks like PDF)"


def test_slow_server_times_out_and_the_batch_goes_on(server: Server) -> None:
    server.routes["/slow"] = Route(headers=HTML, body=article("Late"), delay=3.0)
    server.routes["/drip"] = Route(
        headers=HTML,
        body=lambda: (b"<p>%d</p>" % i for i in range(50)),
        chunk_delay=0.1,
    )
    server.routes["/ok"] = Route(headers=HTML, body=article("On time"))
    options = IngestOptions(timeout=0.4)
    start = time.monotonic()
    slow, drip, ok = run(
        server.url("/slow"), server.url("/drip"), server.url("/ok"), options=options
    )
    assert time.monotonic() - start < 3.0
    assert isinstance(slow, Rejection)
    assert slow.line().startswith(f"rejected {server.url('/slow')}: timed out after 0.4 s")
    # Each chunk arrives in time, but the whole answer takes too long.
    assert isinstance(drip, Rejection) and drip.reason.startswith("timed out after 0.4 s")
    assert drip.raw.startswith(b"<p>0</p>")
    assert isinstance(ok, Page)


def test_body_cut_short_keeps_what_was_read(server: Server) -> None:
    server.routes["/cut"] = Route(
        headers=HTML, body=b"<html><body><p>Half a page", announced_length=5000
    )
    r = one(run(server.url("/cut")))
    assert isinstance(r, Rejection)
    assert r.reason == "incomplete response (connection closed after 26 bytes of 5.0 kB)"
    assert r.raw == b"<html><body><p>Half a page"


def test_feed_served_as_html_is_still_a_feed(server: Server) -> None:
    base = server.url("")
    server.routes["/rss"] = Route(headers=HTML, body=rss(base, [("/a", "Bridge reopens")]))
    server.routes["/a"] = Route(headers=HTML, body=article("Bridge reopens"))
    p = one(run(server.url("/rss")))
    assert isinstance(p, Page) and p.origin == "feed" and p.url == base + "/a"


def test_file_url(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(article("From a file URL"))
    p = one(run(path.as_uri()))
    assert isinstance(p, Page) and p.source == str(path) and p.kind == "html"


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    r = one(run(f"http://127.0.0.1:{port}/x"))
    assert isinstance(r, Rejection) and r.reason.startswith("connection failed (")


def test_fifty_megabytes_over_http_stops_at_the_cap(server: Server) -> None:
    block = b"<p>" + b"w" * 65_533 + b"</p>"[:0]
    chunks = 50_000_000 // len(block) + 1
    server.routes["/huge"] = Route(headers=HTML, body=lambda: (block for _ in range(chunks)))
    server.routes["/huge-no-length"] = Route(
        headers=HTML, body=lambda: (block for _ in range(chunks)), content_length=False
    )
    with_length, without = run(
        server.url("/huge"), server.url("/huge-no-length"), options=IngestOptions(timeout=10)
    )
    assert isinstance(with_length, Rejection) and isinstance(without, Rejection)
    assert with_length.reason == f"too large ({chunks * len(block) / 1e6:.1f} MB > 20.0 MB cap)"
    assert without.reason == "too large (more than the 20.0 MB cap)"
    assert len(with_length.raw) == len(without.raw) == 20_000_000


def test_charset_from_header_meta_and_detection(server: Server) -> None:
    text = "Le pont de Brackwater rouvre après réparation, annonce la mairie. " * 6
    server.routes["/header"] = Route(
        headers={"Content-Type": "text/html; charset=iso-8859-15"},
        body=f"<html><body><p>{text}</p></body></html>".encode("iso8859-15"),
    )
    server.routes["/meta"] = Route(
        headers={"Content-Type": "text/html"},
        body=f'<html><head><meta charset="cp1252"></head><body><p>{text}</p>'.encode("cp1252"),
    )
    server.routes["/lying"] = Route(
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=f"<html><body><p>{text}</p></body></html>".encode("cp1252"),
    )
    server.routes["/plain"] = Route(
        headers={"Content-Type": "text/plain"},
        body=text.encode("utf-8"),
    )
    header, meta, lying, plain = run(
        *(server.url(p) for p in ("/header", "/meta", "/lying", "/plain"))
    )
    assert isinstance(header, Page) and header.encoding == "iso8859-15"
    assert isinstance(meta, Page) and meta.encoding == "cp1252"
    assert isinstance(lying, Page) and lying.encoding != "utf-8"
    for p in (header, meta, lying):
        assert "rouvre après réparation" in decode_text(p.raw, p.encoding)
    assert isinstance(plain, Page) and (plain.kind, plain.encoding) == ("text", "utf-8")


def test_gzip_content_encoding_is_undone(server: Server) -> None:
    body = article("Compressed")
    server.routes["/gz"] = Route(
        headers={**HTML, "Content-Encoding": "gzip"}, body=gzip.compress(body)
    )
    p = one(run(server.url("/gz")))
    assert isinstance(p, Page) and p.raw == body


def test_callers_client_is_used_and_left_open(server: Server) -> None:
    server.routes["/x"] = Route(headers=HTML, body=article("With a client"))
    with httpx.Client(headers={"user-agent": "newsroom-bot/2"}) as client:
        items = list(iter_inputs([server.url("/x")], client=client, options=FAST))
        assert isinstance(items[0], Page)
        assert not client.is_closed
    assert server.requests[0].headers["user-agent"] == "newsroom-bot/2"


# --- remote feeds ------------------------------------------------------------------------


def rss(base: str, items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link>"
        f"<pubDate>Wed, 08 May 2024 07:15:00 GMT</pubDate><description>teaser</description>"
        "</item>"
        for path, title in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Brackwater Post</title>'
        f"<language>en-gb</language>{entries}</channel></rss>"
    ).encode()


def test_remote_feed_fetches_linked_articles(server: Server) -> None:
    base = server.url("")
    server.routes["/feed.xml"] = Route(
        headers={"Content-Type": "application/rss+xml"},
        body=rss(base, [("/a", "Bridge reopens"), ("/b", "Market moves"), ("/c", "Gone")]),
    )
    server.routes["/a"] = Route(headers=HTML, body=article("Bridge reopens"))
    server.routes["/b"] = redirect("/b2")
    server.routes["/b2"] = Route(headers=HTML, body=article("Market moves"))
    items = run(server.url("/feed.xml"))
    assert [type(i).__name__ for i in items] == ["Page", "Page", "Rejection"]
    a, b, c = items
    assert isinstance(a, Page) and isinstance(b, Page) and isinstance(c, Rejection)
    assert (a.origin, a.kind, a.source, a.url) == ("feed", "html", base + "/a", base + "/a")
    assert a.raw == article("Bridge reopens")
    assert dict(a.hints) == {
        "title": "Bridge reopens",
        "published": "2024-05-08T07:15:00+00:00",
        "outlet": "Brackwater Post",
        "lang": "en-gb",
        "feed": server.url("/feed.xml"),
    }
    assert b.url == base + "/b2" and b.hint("title") == "Market moves"
    assert c.line() == f"rejected {base}/c: HTTP 404 Not Found"


def test_remote_feed_without_fetching_uses_inline_content(server: Server) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1",
        "title": "Brackwater Notes",
        "items": [{"id": "1", "url": "/n/1", "content_html": "<p>Inline note.</p>"}],
    }
    server.routes["/feed.json"] = Route(
        headers={"Content-Type": "application/feed+json"}, body=json.dumps(feed).encode()
    )
    p = one(run(server.url("/feed.json"), options=IngestOptions(timeout=1, fetch_links=False)))
    assert isinstance(p, Page) and p.raw == b"<p>Inline note.</p>"
    assert p.url == server.url("/n/1")  # relative links resolved against the feed's URL
    assert server.paths() == ["/feed.json"]


def test_remote_broken_feed(server: Server) -> None:
    server.routes["/bad.xml"] = Route(
        headers={"Content-Type": "application/rss+xml"},
        body=b"<?xml version='1.0'?><rss><channel><item><tit",
    )
    r = one(run(server.url("/bad.xml")))
    assert isinstance(r, Rejection) and r.reason.startswith("broken feed XML")
    assert r.source == server.url("/bad.xml")


# --- sitemaps ----------------------------------------------------------------------------

NS = (
    'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
)


def urlset(base: str, paths: list[str], news: bool = False) -> bytes:
    rows = []
    for path in paths:
        extra = ""
        if news:
            extra = (
                "<news:news><news:publication><news:name>Brackwater Post</news:name>"
                "<news:language>en</news:language></news:publication>"
                "<news:publication_date>2024-05-08T06:00:00+01:00</news:publication_date>"
                f"<news:title>Story {path}</news:title></news:news>"
            )
        rows.append(f"<url><loc>{base}{path}</loc><lastmod>2024-05-09</lastmod>{extra}</url>")
    return f'<?xml version="1.0"?><urlset {NS}>{"".join(rows)}</urlset>'.encode()


def index(base: str, paths: list[str]) -> bytes:
    rows = "".join(f"<sitemap><loc>{base}{p}</loc></sitemap>" for p in paths)
    return f'<?xml version="1.0"?><sitemapindex {NS}>{rows}</sitemapindex>'.encode()


XML = {"Content-Type": "application/xml"}


def test_news_sitemap_pages_get_hints(server: Server) -> None:
    base = server.url("")
    server.routes["/news-sitemap.xml"] = Route(headers=XML, body=urlset(base, ["/s1"], news=True))
    server.routes["/s1"] = Route(headers=HTML, body=article("Story one"))
    p = one(run(server.url("/news-sitemap.xml")))
    assert isinstance(p, Page) and p.origin == "sitemap" and p.url == base + "/s1"
    assert dict(p.hints) == {
        "lastmod": "2024-05-09",
        "title": "Story /s1",
        "published": "2024-05-08T06:00:00+01:00",
        "outlet": "Brackwater Post",
        "lang": "en",
        "sitemap": server.url("/news-sitemap.xml"),
    }


def test_sitemap_index_with_gzip_children_and_loops(server: Server) -> None:
    base = server.url("")
    server.routes["/sitemap_index.xml"] = Route(
        headers=XML, body=index(base, ["/part1.xml.gz", "/part2.xml", "/sitemap_index.xml"])
    )
    server.routes["/part1.xml.gz"] = Route(
        headers={"Content-Type": "application/gzip"},
        body=gzip.compress(urlset(base, ["/p1", "/p2"])),
    )
    server.routes["/part2.xml"] = Route(headers=XML, body=urlset(base, ["/p2", "/p3"]))
    for p in ("/p1", "/p2", "/p3"):
        server.routes[p] = Route(headers=HTML, body=article(p))
    items = run(server.url("/sitemap_index.xml"))
    assert [(type(i).__name__, i.source) for i in items] == [
        ("Page", base + "/p1"),
        ("Page", base + "/p2"),
        ("Page", base + "/p3"),
    ]
    assert server.paths().count("/sitemap_index.xml") == 1


def test_gzipped_sitemap_url_and_url_budget(server: Server) -> None:
    base = server.url("")
    server.routes["/sitemap.xml.gz"] = Route(
        headers={"Content-Type": "application/x-gzip"},
        body=gzip.compress(urlset(base, [f"/n{i}" for i in range(5)])),
    )
    for i in range(5):
        server.routes[f"/n{i}"] = Route(headers=HTML, body=article(f"n{i}"))
    items = run(server.url("/sitemap.xml.gz"), options=IngestOptions(timeout=1, max_sitemap_urls=3))
    assert [type(i).__name__ for i in items] == ["Page", "Page", "Page", "Rejection"]
    last = items[-1]
    assert isinstance(last, Rejection) and "max_sitemap_urls=3" in last.reason


def test_sitemap_index_depth_is_bounded(server: Server) -> None:
    base = server.url("")
    server.routes["/i0.xml"] = Route(headers=XML, body=index(base, ["/i1.xml"]))
    server.routes["/i1.xml"] = Route(headers=XML, body=index(base, ["/i2.xml"]))
    server.routes["/i2.xml"] = Route(headers=XML, body=urlset(base, ["/deep"]))
    items = run(server.url("/i0.xml"), options=IngestOptions(timeout=1, max_sitemap_depth=1))
    r = one(items)
    assert isinstance(r, Rejection) and "nested deeper than 1" in r.reason
    assert r.source == base + "/i1.xml"
    assert "/deep" not in server.paths()


def test_truncated_gzip_sitemap_and_broken_sitemap(server: Server) -> None:
    base = server.url("")
    data = gzip.compress(urlset(base, [f"/x{i}" for i in range(300)]))
    server.routes["/cut.xml.gz"] = Route(
        headers={"Content-Type": "application/gzip"}, body=data[: len(data) // 2]
    )
    server.routes["/broken.xml"] = Route(headers=XML, body=b"<?xml version='1.0'?><urlset><ur")
    cut, broken = run(server.url("/cut.xml.gz"), server.url("/broken.xml"))
    assert isinstance(cut, Rejection) and cut.reason == "truncated gzip stream"
    assert isinstance(broken, Rejection) and broken.reason.startswith("sitemap lists no URLs")


def test_text_sitemap_url(server: Server) -> None:
    base = server.url("")
    server.routes["/sitemap.txt"] = Route(
        headers={"Content-Type": "text/plain"}, body=f"{base}/t1\n{base}/t2\n".encode()
    )
    server.routes["/t1"] = Route(headers=HTML, body=article("t1"))
    server.routes["/t2"] = Route(headers=HTML, body=article("t2"))
    items = run(server.url("/sitemap.txt"))
    assert [(type(i).__name__, getattr(i, "url", None)) for i in items] == [
        ("Page", base + "/t1"),
        ("Page", base + "/t2"),
    ]
    assert all(isinstance(i, Page) and i.origin == "sitemap" for i in items)


def test_local_sitemap_fetches_when_asked(server: Server, tmp_path: Path) -> None:
    base = server.url("")
    path = tmp_path / "sitemap.xml"
    path.write_bytes(urlset(base, ["/local-1"]))
    server.routes["/local-1"] = Route(headers=HTML, body=article("Local one"))
    p = one(run(str(path), options=IngestOptions(timeout=1, fetch_links=True)))
    assert isinstance(p, Page) and p.url == base + "/local-1" and p.hint("sitemap") == str(path)
