"""A story read back from the store as the versions compare works on.

Copies (one text run by several outlets: wire copies, re-posts) are compared once, as
their earliest member, but every member stays listed with it, so a reader still sees who
ran the text. A page crawled again at the same URL with a changed text is not a copy: it
is an update and is compared as a version of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from storytrace.compare.records import Version
from storytrace.trace.outlets import publisher

if TYPE_CHECKING:
    from storytrace.compare.records import StoryComparison
    from storytrace.store import Store
    from storytrace.store.rows import StoredArticle
    from storytrace.stories.views import StoryRecord
    from storytrace.trace.records import ArticleTrace

log = logging.getLogger("storytrace.compare")


@dataclass(frozen=True, slots=True)
class Copy:
    """An article collapsed into a compared version (same text, another outlet or page)."""

    article_id: int
    outlet: str | None
    url: str | None
    published: datetime | None
    #: How the copy matched ("exact", "near", "url").
    relation: str


@dataclass(slots=True)
class StoryVersion:
    """A compared version with what the store knows about it."""

    version: Version
    article_id: int
    url: str | None
    byline: str | None
    #: When it appeared: its publication time (for a re-crawled page whose text changed,
    #: the update time), else when the store received it. Orders the timeline, as the
    #: trace stage orders a story by publication: a page edited later still came first.
    seen: datetime
    #: True when only the day is known (a date without a time of day).
    day_only: bool
    copies: tuple[Copy, ...] = ()
    #: The earlier article at the same URL this one updates.
    update_of: int | None = None
    trace: ArticleTrace | None = None
    #: Neither published nor updated time is known: ``seen`` is when the store placed it.
    undated: bool = False
    #: The page's own last-modified time, where later than ``seen`` (``since`` counts it).
    updated: datetime | None = None

    @property
    def id(self) -> str:
        return self.version.id

    def article_ids(self) -> list[int]:
        """The version's article and the copies collapsed into it."""
        return [self.article_id, *(c.article_id for c in self.copies)]


@dataclass(slots=True)
class LoadedStory:
    """A stored story ready for comparison: versions in the order they appeared."""

    #: The stored story (None for articles compared without one).
    story: StoryRecord | None
    entries: list[StoryVersion]
    by_id: dict[str, StoryVersion] = field(default_factory=dict)
    #: The stored articles of the story (versions and copies), by id.
    articles: dict[int, StoredArticle] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {e.id: e for e in self.entries}

    @property
    def story_id(self) -> int | None:
        return self.story.id if self.story is not None else None

    @property
    def headline(self) -> str | None:
        if self.story is not None and self.story.headline:
            return self.story.headline
        return next((e.version.title for e in self.entries if e.version.title), None)

    @property
    def versions(self) -> list[Version]:
        return [e.version for e in self.entries]

    def articles_of(self, version_id: str) -> list[int]:
        return self.by_id[version_id].article_ids()


def _as_datetime(value: datetime | date | None) -> tuple[datetime | None, bool]:
    """An aware datetime, and whether only the day was known."""
    if value is None:
        return None, False
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)), False
    return datetime.combine(value, time(0, 0), tzinfo=UTC), True


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _order(entries: list[StoryVersion]) -> list[StoryVersion]:
    """Versions in the order they appeared. A version known only by its day is put first
    on that day, unless it leans on another outlet of the story (a re-report comes after
    what it reports), then last."""
    from storytrace.compare.corroboration import cites_another, known_names

    names = known_names(entries)

    def key(e: StoryVersion) -> tuple[Any, ...]:
        rank = 1 if not e.day_only else (2 if cites_another(e, names) else 0)
        return (e.seen.date(), rank, e.seen, e.article_id)

    return sorted(entries, key=key)


def load_story(
    store: Store, story_id: int, *, trace: bool = True, links: bool = True
) -> LoadedStory | None:
    """The story ``story_id`` (any id it ever had) as versions; None if there is none.

    With ``trace``, each version's attributions and citation edges are computed once here
    (compare and corroboration both use them); ``links`` adds the edges of an HTML page's
    outbound links.
    """
    from storytrace.stories.views import story as story_view

    record = story_view(store, story_id)
    if record is None:
        return None
    ids = [a.article_id for a in record.articles]
    joined = {a.article_id: a.joined_at for a in record.articles}
    return load_articles(store, ids, record=record, joined=joined, trace=trace, links=links)


def load_articles(
    store: Store,
    ids: Sequence[int],
    *,
    record: StoryRecord | None = None,
    joined: Mapping[int, datetime] | None = None,
    trace: bool = True,
    links: bool = True,
) -> LoadedStory:
    """Stored articles compared as one story (see :func:`load_story`); ids that are not
    stored are left out."""
    stored = {a.id: a for a in store.articles_by_ids(list(ids))}
    joined = joined or {}
    leaders: dict[int, int] = {}  # article id -> the version it is collapsed into
    relation: dict[int, str] = {}
    groups: dict[int, list[StoredArticle]] = {}
    for a in stored.values():
        if a.copy_group_id is not None:
            groups.setdefault(a.copy_group_id, []).append(a)
    for members in groups.values():
        if len(members) < 2:
            continue
        group = store.copy_group_of(members[0].id)
        rel = {m.article_id: m.relation for m in group.members} if group else {}
        in_story = sorted(members, key=lambda a: (_seen(a, joined)[0], a.id))
        earliest = group.earliest_article_id if group else None
        lead = next((a for a in in_story if a.id == earliest), in_story[0])
        for a in in_story:
            if a.id == lead.id:
                continue
            same_text = a.fingerprint is not None and a.fingerprint == lead.fingerprint
            if rel.get(a.id) == "url" and not same_text:
                relation[a.id] = "update"
                leaders[a.id] = -lead.id  # marks "update of", not collapsed
            else:
                relation[a.id] = rel.get(a.id, "near")
                leaders[a.id] = lead.id
    entries: dict[int, StoryVersion] = {}
    for aid in ids:
        found = stored.get(aid)
        if found is None or leaders.get(aid, 0) > 0:
            continue
        a = found
        is_update = leaders.get(aid, 0) < 0
        seen, day_only = _seen(a, joined, update=is_update)
        published, _ = _as_datetime(a.published.value if a.published else None)
        modified, _ = _as_datetime(a.updated.value if a.updated else None)
        version = Version(
            id=str(a.id),
            text=a.text,
            language=a.language or "und",
            title=a.title or "",
            outlet=publisher(a.outlet, a.site),
            published=published,
        )
        entries[aid] = StoryVersion(
            version=version,
            article_id=a.id,
            url=a.url,
            byline=a.byline,
            seen=seen,
            day_only=day_only,
            update_of=-leaders[aid] if is_update else None,
            undated=a.published is None and a.updated is None,
            updated=modified if modified is not None and modified > seen else None,
        )
    for aid, lead_id in leaders.items():
        if lead_id > 0 and lead_id in entries:
            a = stored[aid]
            e = entries[lead_id]
            e.copies = (
                *e.copies,
                Copy(
                    article_id=aid,
                    outlet=publisher(a.outlet, a.site),
                    url=a.url,
                    published=_as_datetime(a.published.value if a.published else None)[0],
                    relation=relation[aid],
                ),
            )
    versions = list(entries.values())
    if trace:
        _trace_versions(store, versions, stored, links=links)
        _story_outlets(versions, stored)
    return LoadedStory(story=record, entries=_order(versions), articles=stored)


def _seen(
    a: StoredArticle, joined: Mapping[int, datetime], *, update: bool = False
) -> tuple[datetime, bool]:
    """When ``a`` appeared, and whether only its day is known: published first (a page's
    last-modified time moves with every edit, so it would put an original after the
    re-reports of it), the update time for an ``update`` (a re-crawl with a changed text,
    which shares the publication time of the page it updates)."""
    published, day_only = _as_datetime(a.published.value if a.published else None)
    modified, modified_day = _as_datetime(a.updated.value if a.updated else None)
    if update and modified is not None:
        return modified, modified_day
    if published is not None:
        if (
            day_only
            and modified is not None
            and not modified_day
            and modified.date() == published.date()
        ):
            return modified, False  # on that day, at the latest by its first edit
        return published, day_only
    if modified is not None:
        return modified, modified_day
    return _aware(joined.get(a.id, a.stored_at)), False


def _trace_versions(
    store: Store,
    versions: list[StoryVersion],
    stored: Mapping[int, StoredArticle],
    *,
    links: bool,
) -> None:
    """Attributions and citation edges of each version: read from the store's trace cache
    (`storytrace retrace`, `storytrace trace`) where the text is unchanged, else traced
    here and kept. Without ``links`` nothing is read or kept: cached traces include the
    edges from outbound links."""
    from dataclasses import replace

    from storytrace.trace.tables import load_traces, save_traces

    texts = {e.article_id: stored[e.article_id].text for e in versions}
    cached: dict[int, ArticleTrace] = {}
    if links:
        try:
            cached = load_traces(store, texts)
        except Exception as exc:  # a cache that cannot be read only costs the parsing
            log.warning("trace cache not read: %s", exc)
    fresh: dict[int, tuple[str, ArticleTrace]] = {}
    for e in versions:
        result = cached.get(e.article_id) or _trace(store, stored[e.article_id], links=links)
        if result is None:
            continue
        if links and e.article_id not in cached:
            fresh[e.article_id] = (texts[e.article_id], result)
        e.trace = result
        e.version = replace(e.version, attributions=tuple(result.attributions))
    if fresh:
        try:
            save_traces(store, fresh)
        except Exception as exc:  # e.g. a read-only store
            log.warning("trace cache not written: %s", exc)


def _story_outlets(versions: list[StoryVersion], stored: Mapping[int, StoredArticle]) -> None:
    """Sources that name an outlet of the story (where a version or a copy was published)
    typed as that outlet, after the per-article traces were kept (they stay story-free).
    Not a byline's credit: "By European Space Agency" is a press release's."""
    from dataclasses import replace

    from storytrace.trace.story import story_outlet_sources

    outlets = [
        *(e.version.outlet for e in versions if e.version.outlet),
        *(c.outlet for e in versions for c in e.copies if c.outlet),
    ]
    traces = {e.article_id: e.trace for e in versions if e.trace is not None}
    texts = {aid: stored[aid].text for aid in traces}
    typed = story_outlet_sources(
        traces, texts, outlets, {e.article_id: e.version.outlet for e in versions}
    )
    for e in versions:
        t = typed.get(e.article_id)
        if t is not None and t is not e.trace:
            e.trace = t
            e.version = replace(e.version, attributions=tuple(t.attributions))


def _trace(store: Store, article: StoredArticle, *, links: bool) -> ArticleTrace | None:
    """Attributions and citation edges of one article; a failure leaves them to compare."""
    from storytrace.trace.story import page_html, trace_one

    result = trace_one((article, page_html(store, article.page_id) if links else None))
    if isinstance(result, str):  # one bad article must not stop the story
        log.warning("trace of article %s failed: %s", article.id, result)
        return None
    return result


def compare_story(
    store: Store, story_id: int, *, trace: bool = True
) -> tuple[LoadedStory, StoryComparison] | None:
    """Load a stored story and compare its versions (None when there is no such story)."""
    from storytrace.compare import compare_versions

    loaded = load_story(store, story_id, trace=trace)
    if loaded is None:
        return None
    return loaded, compare_versions(loaded.versions)
