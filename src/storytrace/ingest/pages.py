"""Turning checked bytes into a :class:`Page`, or a :class:`Rejection` saying why not."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from storytrace.ingest.decode import (
    DecodeProblem,
    check_bytes,
    detect_encoding,
    inline_charset,
    sniff,
    too_large,
)
from storytrace.records import MediaKind, Origin, Page, Rejection

Hints = tuple[tuple[str, str], ...]

#: Content types whose body is a page we can clean.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown", "text/enriched"})
#: Content types that say nothing useful; the bytes are sniffed.
VAGUE_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "unknown/unknown"})

_NOT_PAGES = {
    "feed": "an RSS/Atom feed, not an article page",
    "jsonfeed": "a JSON Feed, not an article page",
    "sitemap": "a sitemap, not an article page",
    "xml": "an XML document that is neither a page, a feed nor a sitemap",
}


_EMPTY = {
    "file": "empty file",
    "text": "empty file",
    "jsonl": "empty content",
    "feed": "empty content",
}


def media_type(content_type: str | None) -> str:
    """``text/html; charset=utf-8`` → ``text/html``."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_xml_type(mtype: str) -> bool:
    return mtype in {"text/xml", "application/xml"} or mtype.endswith("+xml")


def is_json_type(mtype: str) -> bool:
    return mtype in {"application/json", "text/json"} or mtype.endswith("+json")


def is_gzip_type(mtype: str) -> bool:
    return mtype in {"application/gzip", "application/x-gzip", "application/x-gunzip"}


def clean_hints(pairs: Iterable[tuple[str, object]]) -> Hints:
    """Hints as (name, text) pairs: empty values dropped, whitespace trimmed, first wins."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name, value in pairs:
        if value is None or isinstance(value, dict | list | tuple) or name in seen:
            continue
        text = str(value).strip()
        if text:
            out.append((name, text))
            seen.add(name)
    return tuple(out)


def iso_or_raw(value: str | None) -> str | None:
    """A date string normalized to ISO 8601 when it parses as one, else as given."""
    if not value:
        return None
    value = value.strip()
    try:
        if len(value) <= 10:  # a day stays a day: no invented midnight
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        return value


def parse_datetime(value: object) -> datetime | None:
    """An ISO 8601 time (``Z`` allowed); naive times are taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def make_page(
    raw: bytes,
    *,
    source: str,
    origin: Origin,
    cap: int,
    kind: MediaKind | None = None,
    declared: Sequence[str | None] = (),
    url: str | None = None,
    fetched_at: datetime | None = None,
    headers: tuple[tuple[str, str], ...] = (),
    hints: Hints = (),
) -> Page | Rejection:
    """A page of ``raw`` after the checks every page passes (size, emptiness, binary,
    encoding). ``kind`` None sniffs HTML or text; ``declared`` lists charsets declared
    outside the bytes (HTTP header first); the page's own declaration is tried after them.
    """
    if len(raw) > cap:
        return Rejection(source, too_large(cap, len(raw)), raw[:cap])
    try:
        check_bytes(raw, _EMPTY.get(origin, "empty body"))
        sniffed = sniff(raw)
        if kind is None:
            if sniffed in _NOT_PAGES:
                raise DecodeProblem(_NOT_PAGES[sniffed], raw)
            kind = "html" if sniffed == "html" else "text"
        charsets = list(declared)
        if kind == "html" or sniffed in ("html", "xml", "feed", "sitemap"):
            charsets.append(inline_charset(raw))
        encoding = detect_encoding(raw, charsets)
    except DecodeProblem as problem:
        return Rejection(source, problem.reason, raw)
    if origin == "file" and kind == "text":
        origin = "text"
    return Page(
        raw=raw,
        source=source,
        origin=origin,
        kind=kind,
        url=url,
        fetched_at=fetched_at,
        headers=headers,
        encoding=encoding,
        hints=hints,
    )
