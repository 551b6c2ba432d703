"""ingest of WARC archives written with warcio in the tests (fictional pages)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storytrace.ingest import IngestOptions, decode_text, iter_inputs
from storytrace.records import Page, Rejection


def article(n: int) -> bytes:
    return (
        f"<html><head><title>Bulletin {n}</title></head><body><article>"
        f"<h1>Lock gates of the Vennel canal, bulletin {n}</h1>"
        + "<p>Engineers of the fictional Vennel canal trust reported progress.</p>" * 30
        + "</article></body></html>"
    ).encode()


def write_warc(path: Path, *, gz: bool, extra: bool = True, pages: int = 3) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
    for n in range(pages):
        url = f"https://vennel.example/bulletin/{n}"
        writer.write_record(
            writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
                warc_headers_dict={"WARC-Date": "2024-03-02T10:00:00Z"},
            )
        )
        http = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("X-Served-By", "cache-7")],
            protocol="HTTP/1.1",
        )
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(article(n)),
                http_headers=http,
                warc_headers_dict={"WARC-Date": f"2024-03-02T10:0{n}:00Z"},
            )
        )
        if extra and n == 0:
            # What a crawl holds besides pages: an image, a redirect, a 404, plain text.
            png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], "HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    "https://vennel.example/logo.png",
                    "response",
                    payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
                    http_headers=png,
                )
            )
            moved = StatusAndHeaders(
                "301 Moved Permanently", [("Location", "https://vennel.example/new")], "HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    "https://vennel.example/old",
                    "response",
                    payload=io.BytesIO(b""),
                    http_headers=moved,
                )
            )
            gone = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], "HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    "https://vennel.example/gone",
                    "response",
                    payload=io.BytesIO(b"<html><body>Not here</body></html>"),
                    http_headers=gone,
                )
            )
            writer.write_record(
                writer.create_warc_record(
                    "https://vennel.example/notes.txt",
                    "resource",
                    payload=io.BytesIO(b"Canal notes, plain text."),
                    warc_content_type="text/plain",
                )
            )
    data = buf.getvalue()
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("gz", [False, True])
def test_warc_pages(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, gz=gz)
    items = list(iter_inputs([str(path)]))
    pages = [i for i in items if isinstance(i, Page)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert [p.url for p in pages] == [
        "https://vennel.example/bulletin/0",
        "https://vennel.example/notes.txt",
        "https://vennel.example/bulletin/1",
        "https://vennel.example/bulletin/2",
    ]
    first = pages[0]
    assert (first.kind, first.origin, first.encoding) == ("html", "warc", "utf-8")
    assert first.raw == article(0)
    assert first.source.startswith(f"{path}#urn:uuid:")
    assert first.fetched_at is not None and first.fetched_at.isoformat() == (
        "2024-03-02T10:00:00+00:00"
    )
    assert first.header("content-type") == "text/html; charset=utf-8"
    assert first.header("x-served-by") == "cache-7"
    assert pages[1].kind == "text" and pages[1].headers == ()
    assert [r.reason for r in rejections] == ["HTTP 404 in archive (https://vennel.example/gone)"]


def test_whole_file_gzip_warc_is_read(tmp_path: Path) -> None:
    plain = write_warc(tmp_path / "x.warc", gz=False, extra=False)
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(plain))
    items = list(iter_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["Page"] * 3


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_warc_keeps_pages_before_the_break(tmp_path: Path, gz: bool) -> None:
    full = tmp_path / "full.warc"
    data = write_warc(full, gz=gz, extra=False, pages=6)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[: len(data) * 2 // 3])
    items = list(iter_inputs([str(path)]))
    pages = [i for i in items if isinstance(i, Page)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert 2 <= len(pages) < 6
    assert all(p.raw == article(n) for n, p in enumerate(pages))
    assert len(rejections) == 1 and items[-1] is rejections[0]
    r = rejections[0]
    assert r.source == str(path)
    assert r.reason.startswith(
        ("truncated archive: record", "truncated gzip stream after", "corrupt archive after")
    )
    assert r.line().startswith(f"rejected {path}: ")


def test_corrupt_warc(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"WARC/1.0\r\nthis is not a header block\r\n\r\n" + b"x" * 100)
    items = list(iter_inputs([str(path)]))
    assert len(items) == 1 and isinstance(items[0], Rejection)
    assert items[0].source == str(path)


def test_empty_warc(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc.gz"
    path.write_bytes(b"")
    items = list(iter_inputs([str(path)]))
    assert len(items) == 1 and isinstance(items[0], Rejection)
    assert items[0].reason == "no WARC records (empty or not an archive)"


def test_warc_record_over_the_cap_and_bad_charset(tmp_path: Path) -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    big = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://vennel.example/big",
            "response",
            payload=io.BytesIO(b"<p>" + b"a" * 5000),
            http_headers=big,
        )
    )
    latin = (
        "<html><body><p>"
        + "Écluse numéro sept réparée à Vennel, été précoce. " * 8
        + "</p></body></html>"
    ).encode("cp1252")
    lying = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], "HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://vennel.example/fr", "response", payload=io.BytesIO(latin), http_headers=lying
        )
    )
    path = tmp_path / "mixed.warc.gz"
    path.write_bytes(buf.getvalue())
    items = list(iter_inputs([str(path)], options=IngestOptions(max_bytes=3000)))
    assert isinstance(items[0], Rejection) and items[0].reason.startswith("too large")
    assert len(items[0].raw) == 3000
    assert isinstance(items[1], Page) and items[1].encoding != "utf-8"
    assert "Écluse numéro sept réparée" in decode_text(items[1].raw, items[1].encoding)
