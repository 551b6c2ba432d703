"""Plain records that flow between the pipeline stages.

Every stage takes and returns these; only :mod:`storytrace.store` keeps state.
Raw input (:class:`Page`) is immutable and never lost: every later record can be
re-derived from it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Literal

#: How a page reached us; kept so that a page can be re-fetched or re-read.
Origin = Literal["file", "text", "jsonl", "warc", "http", "feed", "sitemap"]
#: What the raw bytes look like, as far as ingest could tell.
MediaKind = Literal["html", "text", "unknown"]


def content_hash(raw: bytes) -> str:
    """The identity of raw bytes: hex SHA-256."""
    return hashlib.sha256(raw).hexdigest()


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Page:
    """Raw bytes as they arrived, with where and when they came from. Immutable."""

    raw: bytes
    #: Where the bytes were read: a path, a URL, or a locator inside a container
    #: (``dump.warc.gz#<record-id>``, ``pages.jsonl:17``).
    source: str
    origin: Origin
    kind: MediaKind = "unknown"
    #: The page's own URL when known (from HTTP, WARC, JSONL or a feed), else None.
    url: str | None = None
    fetched_at: datetime | None = None
    #: HTTP headers, lower-cased names, in order received.
    headers: tuple[tuple[str, str], ...] = ()
    #: Text encoding declared or detected at ingest (None: not text, or unknown).
    encoding: str | None = None
    #: Hints carried by the container (a JSONL record's title/published/outlet, a feed
    #: entry's title and date); cleaning may use them, they never replace the raw bytes.
    hints: tuple[tuple[str, str], ...] = ()
    content_hash: str = ""

    def __post_init__(self) -> None:
        if not self.content_hash:
            object.__setattr__(self, "content_hash", content_hash(self.raw))

    def hint(self, name: str) -> str | None:
        for key, value in self.hints:
            if key == name:
                return value
        return None

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not be turned into a page, kept with its bytes and the reason."""

    source: str
    reason: str
    raw: bytes = b""
    at: datetime = field(default_factory=utcnow)

    @property
    def content_hash(self) -> str:
        return content_hash(self.raw)

    def line(self) -> str:
        """The one-line message shown to the user."""
        return f"rejected {self.source}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Dated:
    """A date or time with where it was read from (``meta:article:published_time``,
    ``dump-marker``, ``htmldate``, ``url``, ``feed``, ``http-last-modified`` ...)."""

    value: datetime | date
    origin: str

    def iso(self) -> str:
        return self.value.isoformat()


@dataclass(frozen=True, slots=True)
class DroppedLine:
    """A line of the page that is not part of the article, and why."""

    index: int
    text: str
    reason: str


@dataclass(slots=True)
class Article:
    """A page cleaned to its article."""

    page_hash: str
    title: str | None
    paragraphs: list[str]
    url: str | None = None
    canonical_url: str | None = None
    #: The byline as printed ("by admin", "By Jane Roe and John Doe").
    byline: str | None = None
    #: A real person's name when the byline names one; never a placeholder.
    author: str | None = None
    outlet: str | None = None
    section: str | None = None
    published: Dated | None = None
    updated: Dated | None = None
    language: str | None = None
    language_score: float | None = None
    #: Site key used for the repetition signal (host name without www.).
    site: str | None = None
    dropped: list[DroppedLine] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class CopyMember:
    article_id: int
    #: "url", "exact" or "near" (how this member matched the group).
    relation: str
    similarity: float


@dataclass(frozen=True, slots=True)
class CopyGroup:
    """Copies of one text (wire copies, re-posts). Nothing is dropped: all members stay."""

    id: int
    earliest_article_id: int
    members: tuple[CopyMember, ...]
