"""Tables of the store (SQLAlchemy Core).

The Alembic revisions in ``migrations/versions`` create exactly these tables; a test
compares the two so that they never drift. Search structures (SQLite FTS5 table and
triggers, PostgreSQL tsvector column and GIN index) live in :mod:`.dialect` because
they are dialect-specific.

Time handling: every timestamp column is a :class:`UTCDateTime`: stored in UTC
(``TIMESTAMP WITH TIME ZONE`` on PostgreSQL, fixed-width ISO-8601 text with ``+00:00``
on SQLite, so that text order is time order) and read back as an aware UTC datetime.
Naive datetimes are taken to be UTC. Article dates (:class:`~storytrace.records.Dated`)
are kept twice: their exact ISO text as printed (a ``date`` stays a date, an offset
stays the offset) beside their origin, and a UTC instant for ordering (a bare date
counts as midnight UTC).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=_NAMING)


def to_utc(value: datetime) -> datetime:
    """An aware UTC datetime; naive input is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Aware UTC datetimes on every dialect (see the module docstring)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "sqlite":
            # SQLite's DateTime drops offsets; fixed-width ISO text keeps order and zone.
            return dialect.type_descriptor(sa.String(32))
        return dialect.type_descriptor(sa.DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        value = to_utc(value)
        if dialect.name == "sqlite":
            return value.isoformat(timespec="microseconds")
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return to_utc(value)


_SURROGATE = re.compile("[\ud800-\udfff]")


def safe_str(value: str) -> str:
    """A string both back-ends accept: PostgreSQL refuses NUL characters and every driver
    refuses lone surrogates (left by ``surrogateescape`` decoding); both become
    replacement characters. Raw bytes are stored as they came, so nothing is lost."""
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = _SURROGATE.sub("\ufffd", value)
    return value


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return safe_str(value)
    if isinstance(value, list | tuple):
        return [_safe(v) for v in value]
    if isinstance(value, dict):
        return {safe_str(str(k)): _safe(v) for k, v in value.items()}
    return value


class SafeText(sa.types.TypeDecorator[str]):
    """Unbounded text, made storable on every back-end (see :func:`safe_str`)."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else safe_str(value)


class SafeJSON(sa.types.TypeDecorator[Any]):
    """JSON whose strings are made storable on every back-end (see :func:`safe_str`)."""

    impl = sa.JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return _safe(value)


def _ts(name: str, **kw: Any) -> sa.Column[datetime]:
    return sa.Column(name, UTCDateTime(), **kw)


pages = sa.Table(
    "pages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("source", SafeText, nullable=False),
    sa.Column("origin", SafeText, nullable=False),
    sa.Column("kind", SafeText, nullable=False),
    sa.Column("url", SafeText),
    # Key of the version chain: pages at one normalized URL are versions of each other.
    sa.Column("normalized_url", SafeText, index=True),
    _ts("fetched_at"),
    sa.Column("headers", SafeJSON, nullable=False),
    sa.Column("encoding", SafeText),
    sa.Column("hints", SafeJSON, nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("raw", sa.LargeBinary, nullable=False),
    sa.Column("version_of", sa.Integer, sa.ForeignKey("pages.id"), index=True),
    _ts("stored_at", nullable=False),
)

rejections = sa.Table(
    "rejections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source", SafeText, nullable=False),
    sa.Column("reason", SafeText, nullable=False),
    _ts("at", nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False, index=True),
    sa.Column("raw", sa.LargeBinary, nullable=False),
)

copy_groups = sa.Table(
    "copy_groups",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # Not a foreign key: groups and articles reference each other, and the earliest
    # member is recomputed on every change anyway.
    sa.Column("earliest_article_id", sa.Integer),
    _ts("created_at", nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "page_id",
        sa.Integer,
        sa.ForeignKey("pages.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    sa.Column("page_hash", sa.String(64), nullable=False),
    sa.Column("title", SafeText),
    # Paragraphs as a JSON list; ``text`` (paragraphs joined) is what full-text search indexes.
    sa.Column("paragraphs", SafeJSON, nullable=False),
    sa.Column("text", SafeText, nullable=False),
    sa.Column("url", SafeText),
    sa.Column("canonical_url", SafeText),
    sa.Column("normalized_url", SafeText, index=True),
    sa.Column("byline", SafeText),
    sa.Column("author", SafeText),
    sa.Column("outlet", SafeText),
    sa.Column("section", SafeText),
    sa.Column("published", SafeText),
    sa.Column("published_origin", SafeText),
    _ts("published_at", index=True),
    sa.Column("updated", SafeText),
    sa.Column("updated_origin", SafeText),
    _ts("updated_at"),
    sa.Column("language", SafeText, index=True),
    sa.Column("language_score", sa.Float),
    sa.Column("site", SafeText, index=True),
    # Exact-text key written by dedup.
    sa.Column("fingerprint", SafeText, index=True),
    _ts("stored_at", nullable=False),
)

dropped_lines = sa.Table(
    "dropped_lines",
    metadata,
    sa.Column(
        "article_id",
        sa.Integer,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    # Order of the dropped lines as given (``line_index`` may repeat across sources).
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("line_index", sa.Integer, nullable=False),
    sa.Column("text", SafeText, nullable=False),
    sa.Column("reason", SafeText, nullable=False),
)

site_profiles = sa.Table(
    "site_profiles",
    metadata,
    sa.Column("site", SafeText, primary_key=True),
    sa.Column("data", SafeJSON, nullable=False),
    _ts("updated_at", nullable=False),
)

signatures = sa.Table(
    "signatures",
    metadata,
    sa.Column(
        "article_id",
        sa.Integer,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("signature", sa.LargeBinary, nullable=False),
)

# (band, article_id) as primary key: band lookups are an index range scan, so the
# cost of a candidate query depends on the matches, not on the store's size.
bands = sa.Table(
    "bands",
    metadata,
    sa.Column("band", sa.LargeBinary(64), primary_key=True),
    sa.Column(
        "article_id",
        sa.Integer,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

copy_members = sa.Table(
    "copy_members",
    metadata,
    # One group per article.
    sa.Column(
        "article_id",
        sa.Integer,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "group_id",
        sa.Integer,
        sa.ForeignKey("copy_groups.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("relation", SafeText, nullable=False),
    sa.Column("similarity", sa.Float, nullable=False),
)

from storytrace.stories import tables as _stories_tables  # noqa: E402,F401  (stories tables on this metadata)
from storytrace.trace import tables as _trace_tables  # noqa: E402,F401  (trace cache table on this metadata)
