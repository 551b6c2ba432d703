"""Story records as readers see them: headline, dates, versions and why each one joined."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from storytrace.store.models import articles
from storytrace.stories.encoders import DEFAULT_ENCODER
from storytrace.stories.features import terms
from storytrace.stories.store import BETWEEN, resolve
from storytrace.stories.tables import stories, story_aliases, story_members

if TYPE_CHECKING:
    from storytrace.store import Store

#: Titles compared when choosing a headline (pairwise, so bounded).
_HEADLINE_CANDIDATES = 200


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """One version of the story and why it joined."""

    article_id: int
    title: str | None
    outlet: str | None
    language: str | None
    published: datetime | None
    url: str | None
    joined_at: datetime
    #: Score against the story it joined (0: it started the story; 1: a copy).
    score: float
    created: bool
    #: (story id, score) of the nearest stories when it arrived, best first.
    neighbours: tuple[tuple[int, float], ...]
    copy_of: int | None
    #: (story id, score) of stories it scored enough to join but shares no name or result with.
    kept_out: tuple[tuple[int, float], ...] = ()
    #: (story id, score) of the two stories it scored too weakly and evenly to choose
    #: between, and so started its own.
    between: tuple[tuple[int, float], ...] = ()
    #: Undated with a body: scored with a flat cost for its unknown time, not the decay.
    timeless: bool = False

    def reason(self) -> str:
        if self.copy_of is not None:
            return f"copy of article {self.copy_of}"
        near = ", ".join(f"story {s} {v:.2f}" for s, v in self.neighbours)
        out = ", ".join(f"story {s} {v:.2f}" for s, v in self.kept_out)
        tail = f"; kept out of {out}: no name or result in common" if out else ""
        if self.between:
            (s1, v1), (s2, v2) = self.between[:2]
            tail += (
                f"; between story {s1} {v1:.2f} and story {s2} {v2:.2f}: a weak match too"
                " close to another to choose"
            )
        if self.timeless:
            tail += "; undated: a flat cost for its unknown time in place of the time decay"
        if self.created:
            return (f"started the story (nearest: {near})" if near else "started the story") + tail
        return f"joined at {self.score:.2f} (nearest: {near}){tail}"


@dataclass(frozen=True, slots=True)
class StoryRecord:
    id: int
    encoder: str
    headline: str | None
    first_seen: datetime
    last_updated: datetime
    articles: tuple[StoryArticle, ...]
    outlets: tuple[str, ...]
    languages: tuple[str, ...]
    #: Outlets that wrote their own version (copies of another article are collapsed;
    #: articles whose outlet is unknown are not counted).
    independent_outlets: int
    #: (day, articles that arrived that day), in order.
    timeline: tuple[tuple[str, int], ...]
    #: Older ids that now resolve to this story (merges).
    aliases: tuple[int, ...]
    #: False while every article of the story is an undated page with a body: ``first_seen`` and
    #: ``last_updated`` are then only when it was placed, not publication times.
    timed: bool = True

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def headline(titles: Sequence[str]) -> str | None:
    """The most representative title: the one sharing most terms with the others (the
    first one wins ties), so a kicker-laden or foreign-language outlier loses."""
    bags = [set(terms(t)) for t in titles[:_HEADLINE_CANDIDATES]]
    if not bags:
        return None
    best, best_score = 0, -1.0
    for i, bag in enumerate(bags):
        if not bag:
            continue
        score = sum(len(bag & other) / len(bag | other) for j, other in enumerate(bags) if j != i)
        if score > best_score:
            best, best_score = i, score
    return titles[best]


def _members(conn: Connection, story_ids: Sequence[int], encoder: str) -> list[Any]:
    query = (
        sa.select(
            story_members.c.story_id,
            story_members.c.article_id,
            story_members.c.score,
            story_members.c.created,
            story_members.c.neighbours,
            story_members.c.copy_of,
            story_members.c.joined_at,
            articles.c.title,
            articles.c.outlet,
            articles.c.site,
            articles.c.language,
            articles.c.published_at,
            articles.c.url,
            (sa.func.length(sa.func.trim(sa.func.coalesce(articles.c.text, ""))) > 0).label(
                "has_text"
            ),
        )
        .join(articles, articles.c.id == story_members.c.article_id)
        .where(story_members.c.encoder == encoder, story_members.c.story_id.in_(story_ids))
        .order_by(story_members.c.joined_at, story_members.c.article_id)
    )
    return list(conn.execute(query))


def _record(row: Any, members: list[Any], aliases: tuple[int, ...]) -> StoryRecord:
    items = tuple(
        StoryArticle(
            article_id=m.article_id,
            title=m.title,
            outlet=m.outlet or m.site,
            language=m.language,
            published=m.published_at,
            url=m.url,
            joined_at=m.joined_at,
            score=m.score,
            created=m.created,
            neighbours=tuple((int(n[0]), float(n[1])) for n in m.neighbours if len(n) == 2),
            kept_out=tuple(
                (int(n[0]), float(n[1])) for n in m.neighbours if len(n) > 2 and n[2] != BETWEEN
            ),
            between=tuple(
                (int(n[0]), float(n[1])) for n in m.neighbours if len(n) > 2 and n[2] == BETWEEN
            ),
            copy_of=m.copy_of,
            timeless=m.published_at is None and bool(m.has_text),
        )
        for m in members
    )
    outlets = tuple(sorted({a.outlet for a in items if a.outlet}))
    own = {a.outlet for a in items if a.copy_of is None and a.outlet}
    days = Counter(a.joined_at.date().isoformat() for a in items)
    titles = [a.title for a in items if a.title and a.copy_of is None]
    return StoryRecord(
        id=row.id,
        encoder=row.encoder,
        headline=headline(titles) or row.headline,
        first_seen=row.first_seen,
        last_updated=row.last_updated,
        articles=items,
        outlets=outlets,
        languages=tuple(sorted({a.language for a in items if a.language})),
        independent_outlets=len(own),
        timeline=tuple(sorted(days.items())),
        aliases=aliases,
        timed=row.timed is not False,
    )


def list_stories(
    store: Store, *, encoder: str = DEFAULT_ENCODER, limit: int | None = 100
) -> list[StoryRecord]:
    """Stories, most recently updated first (merged-away ids are not listed)."""
    with store.engine.connect() as conn:
        query = (
            sa.select(stories)
            .where(stories.c.encoder == encoder, stories.c.merged_into.is_(None))
            .order_by(stories.c.last_updated.desc(), stories.c.id.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        rows = list(conn.execute(query))
        ids = [r.id for r in rows]
        by_story: dict[int, list[Any]] = {i: [] for i in ids}
        for start in range(0, len(ids), 500):
            for m in _members(conn, ids[start : start + 500], encoder):
                by_story[m.story_id].append(m)
        return [_record(r, by_story[r.id], ()) for r in rows]


def story(store: Store, story_id: int) -> StoryRecord | None:
    """One story by any id it ever had (old ids resolve through merges)."""
    with store.engine.connect() as conn:
        current = resolve(conn, story_id)
        row = conn.execute(sa.select(stories).where(stories.c.id == current)).first()
        if row is None:
            return None
        aliases = _aliases_of(conn, current)
        return _record(row, _members(conn, [current], row.encoder), aliases)


def _aliases_of(conn: Connection, story_id: int) -> tuple[int, ...]:
    found: list[int] = []
    todo = [story_id]
    while todo:
        olds = conn.execute(
            sa.select(story_aliases.c.old_id).where(story_aliases.c.new_id.in_(todo))
        ).scalars()
        todo = [int(o) for o in olds if o not in found and o != story_id]
        found.extend(todo)
    return tuple(sorted(found))


def partition(store: Store, *, encoder: str = DEFAULT_ENCODER) -> dict[int, int]:
    """Every placed article and its current story."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(story_members.c.article_id, story_members.c.story_id).where(
                story_members.c.encoder == encoder
            )
        )
        return {int(a): int(s) for a, s in rows}
