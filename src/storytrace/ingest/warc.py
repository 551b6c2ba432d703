"""WARC/ARC archives (warcio), plain or gzip'd, read as a stream.

``response`` and ``resource`` records with an HTML or text payload become pages (``url``
= WARC-Target-URI, ``fetched_at`` = WARC-Date, HTTP headers kept); requests, metadata,
revisits, redirects and non-text payloads (images, scripts, styles) are skipped, as a
crawl holds many of them. Error responses (4xx/5xx) are rejected.

A truncated or corrupt archive keeps the pages read before the break and gives one
rejection naming the file and where it broke. gzip is undone by our own
:class:`GunzipStream` rather than warcio's reader: warcio silently stops at a truncated
member, and ours reports it (and also reads whole-file gzip, which warcio refuses).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from storytrace.ingest.decode import (
    GunzipStream,
    charset_from_content_type,
    gunzip_if_gzipped,
    sniff,
    too_large,
)
from storytrace.ingest.pages import (
    HTML_TYPES,
    TEXT_TYPES,
    VAGUE_TYPES,
    make_page,
    media_type,
    parse_datetime,
)
from storytrace.records import MediaKind, Page, Rejection

_DRAIN = 1 << 16


def _drain(stream: Any) -> None:
    while stream.read(_DRAIN):
        pass


def _payload_kind(mtype: str, head: bytes) -> MediaKind | None:
    """html/text for a page payload; None for what a crawl holds besides pages."""
    if mtype in HTML_TYPES:
        return "html"
    if mtype in TEXT_TYPES or mtype in VAGUE_TYPES:
        sniffed = sniff(head)
        if sniffed == "html":
            return "html"
        if sniffed == "text":
            return "text"
    return None


def iter_warc(path: Path, cap: int) -> Iterator[Page | Rejection]:
    """The pages in the archive at ``path``, streamed record by record."""
    name = str(path)
    try:
        fh: BinaryIO = path.open("rb")
    except OSError as exc:
        yield Rejection(name, f"cannot read ({exc.strerror or exc})")
        return
    with fh:
        gz = gunzip_if_gzipped(fh)
        yield from _records(name, fh if gz is None else gz, gz, cap)


def _records(
    name: str, stream: Any, gz: GunzipStream | None, cap: int
) -> Iterator[Page | Rejection]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0  # records read
    try:
        iterator = ArchiveIterator(stream, arc2warc=True)
        for record in iterator:
            count += 1
            if not record.rec_type or record.length is None:
                # No type or length: not a record boundary we can trust or resync from.
                yield Rejection(
                    name,
                    f"corrupt archive: record {count} has no WARC-Type or Content-Length "
                    f"header (after {count - 1} records)",
                )
                return
            outcome = _record(name, record, count, cap)
            # Drained here, not by warcio later, so that a record cut short is known
            # before its page is kept.
            _drain(record.raw_stream)
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield Rejection(
                    name,
                    f"truncated archive: record {count} "
                    f"({(record.rec_headers.get_header('WARC-Record-ID') or '?').strip('<>')}) "
                    f"is cut short by {record.raw_stream.limit} bytes",
                    outcome.raw if outcome is not None else b"",
                )
                return
            if outcome is not None:
                yield outcome
    except zlib.error as exc:
        yield Rejection(name, f"corrupt gzip stream after {count} records ({exc})")
        return
    except (ArchiveLoadFailed, ValueError, AttributeError, EOFError, OSError) as exc:
        if gz is not None and gz.truncated:
            yield Rejection(
                name,
                f"truncated gzip stream after {count} records "
                f"(at compressed byte {gz.compressed_offset})",
            )
            return
        detail = str(exc).strip().splitlines()
        yield Rejection(
            name,
            f"truncated or corrupt archive: record {count + 1} could not be read after "
            f"{count} records ({type(exc).__name__}: {detail[0][:160] if detail else ''})",
        )
        return
    if gz is not None and gz.truncated:
        yield Rejection(
            name,
            f"truncated gzip stream after {count} records "
            f"(at compressed byte {gz.compressed_offset})",
        )
    elif count == 0:
        yield Rejection(name, "no WARC records (empty or not an archive)")


def _record(name: str, record: Any, number: int, cap: int) -> Page | Rejection | None:
    """A page for a page-like record, a rejection for a bad one, None to skip it."""
    if record.rec_type not in ("response", "resource"):
        return None
    rid = (record.rec_headers.get_header("WARC-Record-ID") or f"record-{number}").strip("<>")
    source = f"{name}#{rid}"
    url = record.rec_headers.get_header("WARC-Target-URI")
    http = record.http_headers if record.rec_type == "response" else None
    headers: tuple[tuple[str, str], ...] = ()
    if http is not None:
        headers = tuple((k.lower(), v) for k, v in http.headers)
        status = http.get_statuscode() or ""
        if status.startswith(("1", "3")) or status == "204":
            return None  # redirects and bodiless answers are no pages
        if not status.startswith("2"):
            return Rejection(source, f"HTTP {status} in archive ({url})")
        content_type = http.get_header("content-type")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
    try:
        body = record.content_stream().read(cap + 1)
    except (zlib.error, OSError, ValueError) as exc:
        return Rejection(source, f"corrupt payload ({type(exc).__name__}: {exc})")
    if len(body) > cap:
        return Rejection(source, too_large(cap), body[:cap])
    kind = _payload_kind(media_type(content_type), body[:4096])
    if kind is None:
        return None
    return make_page(
        body,
        source=source,
        origin="warc",
        cap=cap,
        kind=kind,
        declared=[charset_from_content_type(content_type)],
        url=url,
        fetched_at=parse_datetime(record.rec_headers.get_header("WARC-Date")),
        headers=headers,
    )
