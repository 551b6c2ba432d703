"""Records the store returns in addition to :mod:`storytrace.records`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from storytrace.errors import StorytraceError
from storytrace.records import Article


class StoreError(StorytraceError):
    """The store cannot be opened, or a call names something that is not stored."""


@dataclass(frozen=True, slots=True)
class PageRef:
    """What :meth:`Store.add_page` did: ``created`` is False when the bytes were already
    stored; ``version_of`` is the page this one supersedes at the same normalized URL."""

    id: int
    created: bool
    version_of: int | None


@dataclass(frozen=True, slots=True)
class PageVersion:
    """One page in the version chain of a URL (see :meth:`Store.page_versions`)."""

    id: int
    version_of: int | None
    content_hash: str
    url: str | None
    fetched_at: datetime | None
    stored_at: datetime
    size: int


@dataclass(frozen=True, slots=True)
class StoredRejection:
    """A rejection as stored; its bytes come from :meth:`Store.rejection_raw`."""

    id: int
    source: str
    reason: str
    at: datetime
    size: int
    content_hash: str

    def line(self) -> str:
        return f"rejected {self.source}: {self.reason}"


@dataclass(slots=True)
class StoredArticle(Article):
    """An :class:`Article` read back from the store, with its identity in the store."""

    id: int = field(kw_only=True)
    page_id: int = field(kw_only=True)
    stored_at: datetime = field(kw_only=True)
    copy_group_id: int | None = field(default=None, kw_only=True)
    fingerprint: str | None = field(default=None, kw_only=True)
