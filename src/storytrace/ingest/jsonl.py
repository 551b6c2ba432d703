"""JSON Lines of pages (``.jsonl``, ``.jsonl.gz``, ``.ndjson``): one page per line.

Accepted shapes: our own ``{"url", "html"|"text", "title", "published", "outlet", "lang",
"fetched_at"}`` and the common dataset ones (``content``, ``body``, or ``input`` with
``format`` = ``html``|``text``). A record's metadata goes to ``Page.hints``
(``title``, ``published``, ``outlet``, ``lang``, ``id``, ``site``, ``author``); labels a
dataset carries for scoring (gold text, story ids) are not read. Each page's source is
``path:LINE``; a bad line is one rejection and the file goes on.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from storytrace.ingest.decode import (
    DecodeProblem,
    decode_text,
    detect_encoding,
    gunzip_if_gzipped,
    too_large,
)
from storytrace.ingest.pages import clean_hints, iso_or_raw, make_page, parse_datetime
from storytrace.records import MediaKind, Page, Rejection

_CHUNK = 1 << 16

#: Content fields in order of preference (raw HTML before extracted text), with the
#: kind each implies (None: from ``format``, else sniffed).
_CONTENT_FIELDS: tuple[tuple[str, MediaKind | None], ...] = (
    ("html", "html"),
    ("raw_html", "html"),
    ("text", "text"),
    ("content", None),
    ("body", None),
    ("input", None),
)
#: Hint name → record fields that may carry it, first wins.
_HINT_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("title", ("title", "headline")),
    ("published", ("published", "date_published", "published_at", "publish_date", "date")),
    ("outlet", ("outlet", "publisher", "source_name")),
    ("lang", ("lang", "language")),
    ("id", ("id",)),
    ("site", ("site", "domain")),
    ("author", ("author", "byline")),
)


def _first(record: dict[str, Any], names: tuple[str, ...]) -> object:
    for name in names:
        value = record.get(name)
        if value is not None and not isinstance(value, dict | list | bool):
            return value
    return None


def record_page(record: dict[str, Any], *, where: str, cap: int, line: bytes) -> Page | Rejection:
    """The page in one decoded JSONL record."""
    content: str | None = None
    kind: MediaKind | None = None
    present = False
    for name, implied in _CONTENT_FIELDS:
        value = record.get(name)
        if not isinstance(value, str):
            continue
        present = True
        if value.strip():
            content, kind = value, implied
            break
    if content is None:
        if present:
            return Rejection(where, "empty content", line)
        fields = ", ".join(name for name, _ in _CONTENT_FIELDS)
        return Rejection(where, f"no page content (expected a string field: {fields})", line)
    fmt = record.get("format")
    if kind is None and isinstance(fmt, str) and fmt.lower() in ("html", "text"):
        kind = "html" if fmt.lower() == "html" else "text"
    hints = []
    for hint, names in _HINT_FIELDS:
        value = _first(record, names)
        if hint == "published" and isinstance(value, str):
            value = iso_or_raw(value)
        hints.append((hint, value))
    url = _first(record, ("url", "link", "uri"))
    return make_page(
        content.encode("utf-8", "replace"),
        source=where,
        origin="jsonl",
        cap=cap,
        kind=kind,
        declared=["utf-8"],
        url=str(url) if url else None,
        fetched_at=parse_datetime(record.get("fetched_at")),
        hints=clean_hints(hints),
    )


def line_page(line: bytes, *, where: str, cap: int) -> Page | Rejection | None:
    """The page on one line; None for a blank line."""
    if not line.strip():
        return None
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = decode_text(line, detect_encoding(line))
        except DecodeProblem:
            return Rejection(where, "line is not valid UTF-8 and no encoding fits", line)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return Rejection(where, f"not valid JSON ({exc.msg} at column {exc.colno})", line)
    except RecursionError:
        return Rejection(where, "not valid JSON (nested too deeply)", line)
    if not isinstance(record, dict):
        return Rejection(where, f"not a JSON object (a {type(record).__name__})", line)
    return record_page(record, where=where, cap=cap, line=line)


def iter_jsonl(path: Path, cap: int) -> Iterator[Page | Rejection]:
    """Pages of the JSONL file at ``path`` (gzip'd or not), one line at a time."""
    name = str(path)
    try:
        fh: BinaryIO = path.open("rb")
    except OSError as exc:
        yield Rejection(name, f"cannot read ({exc.strerror or exc})")
        return
    with fh:
        gz = gunzip_if_gzipped(fh)
        reader: BinaryIO = fh if gz is None else io.BufferedReader(gz, buffer_size=_CHUNK)
        lineno = 0
        try:
            while True:
                # Bounded: one enormous line must not sit in memory whole.
                line = reader.readline(cap + 1)
                if not line:
                    break
                lineno += 1
                where = f"{name}:{lineno}"
                if len(line) > cap and not line.endswith(b"\n"):
                    while True:
                        rest = reader.readline(_CHUNK)
                        if not rest or rest.endswith(b"\n"):
                            break
                    yield Rejection(where, too_large(cap), line[:cap])
                    continue
                if gz is not None and gz.truncated and not line.endswith(b"\n"):
                    yield Rejection(
                        name, f"truncated gzip stream: line {lineno} is cut short", line
                    )
                    return
                outcome = line_page(line, where=where, cap=cap)
                if outcome is not None:
                    yield outcome
        except zlib.error as exc:
            yield Rejection(name, f"corrupt gzip stream after line {lineno} ({exc})")
            return
        except OSError as exc:
            yield Rejection(name, f"read error after line {lineno} ({exc})")
            return
        if gz is not None and gz.truncated:
            yield Rejection(name, f"truncated gzip stream after line {lineno}")
        elif lineno == 0:
            yield Rejection(name, "empty file")
