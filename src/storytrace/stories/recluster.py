"""Re-cluster the articles of a time range as one batch, and report what moved.

Online placement is greedy: an article that arrived early, before its story took shape,
stays where it landed. A batch pass over a range sees the whole range in time order with
term weights learnt from all of it. The new groups are matched to the old stories they
overlap most, so most articles keep their story id; a story left empty becomes an alias of
the story that took most of its articles (its id keeps resolving), and a group with no old
story gets a new id. Copies follow their original. Stories touched by the move get their
resume state (centroid, term bag) rebuilt from their members.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

import numpy as np
import sqlalchemy as sa

from storytrace.store.models import articles
from storytrace.stories.cluster import ClusterConfig, Clusterer, Story, StoryItem
from storytrace.stories.store import StoryIndex, as_datetime, forget_index, neighbour_rows
from storytrace.stories.tables import stories, story_aliases, story_members

if TYPE_CHECKING:
    from storytrace.store import Store


@dataclass(frozen=True, slots=True)
class Move:
    article_id: int
    old_story: int
    new_story: int


@dataclass
class ReclusterReport:
    since: datetime | None
    until: datetime | None
    articles: int = 0
    moves: list[Move] = field(default_factory=list)
    #: New story ids (groups that matched no old story).
    created: list[int] = field(default_factory=list)
    #: Old story id -> the story that took most of its articles (it is now an alias).
    emptied: dict[int, int] = field(default_factory=dict)
    applied: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "articles": self.articles,
            "moved": [
                {"article_id": m.article_id, "from": m.old_story, "to": m.new_story}
                for m in self.moves
            ],
            "created": self.created,
            "emptied": {str(k): v for k, v in self.emptied.items()},
            "applied": self.applied,
        }


def recluster(
    store: Store,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    config: ClusterConfig | None = None,
    apply: bool = True,
) -> ReclusterReport:
    """Re-cluster the placed articles that arrived in [since, until) (by publication time,
    else by when they joined) and, when ``apply``, write the new placement."""
    index = StoryIndex(store, config)
    enc = index.encoder
    report = ReclusterReport(as_datetime(since), as_datetime(until))
    when = sa.func.coalesce(articles.c.published_at, story_members.c.joined_at)
    query = (
        sa.select(
            story_members.c.article_id,
            story_members.c.story_id,
            story_members.c.copy_of,
            when.label("at"),
            articles.c.published_at,
            articles.c.title,
            articles.c.text,
            articles.c.language,
            articles.c.outlet,
            articles.c.site,
        )
        .join(articles, articles.c.id == story_members.c.article_id)
        .where(story_members.c.encoder == enc)
        .order_by(when, story_members.c.article_id)
    )
    with store.transaction() as conn:
        rows = [r for r in conn.execute(query) if _in_range(r.at, report)]
        originals = [r for r in rows if r.copy_of is None]
        report.articles = len(rows)
        if not originals:
            return report
        clusterer = Clusterer(index.config, index.clusterer.encoder)
        items = [
            StoryItem(
                key=r.article_id,
                title=r.title or "",
                text=r.text or "",
                lang=r.language,
                # undated stays undated, in the order it was placed (as online)
                published=_utc(r.published_at) if r.published_at is not None else None,
                outlet=r.outlet or r.site,
            )
            for r in originals
        ]
        results = {cast(int, a.key): a for a in clusterer.add(items)}
        new_of = {cast(int, k): v for k, v in clusterer.partition().items()}
        old_of = {r.article_id: r.story_id for r in originals}

        # Match each new group to the old story it shares most articles with (largest
        # overlaps first, each old story used once).
        overlap: Counter[tuple[int, int]] = Counter((new_of[a], old_of[a]) for a in old_of)
        target: dict[int, int] = {}
        used: set[int] = set()
        for (group, old), _n in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0])):
            if group not in target and old not in used:
                target[group] = old
                used.add(old)
        top = conn.execute(sa.select(sa.func.max(stories.c.id))).scalar() or 0
        for group in sorted(set(new_of.values())):
            if group not in target:
                top += 1
                target[group] = top
                report.created.append(top)
        final = {a: target[g] for a, g in new_of.items()}
        report.moves = [
            Move(a, old_of[a], final[a]) for a in sorted(old_of) if old_of[a] != final[a]
        ]
        # An old story none of whose range articles stayed, and with none outside the range,
        # is emptied: it becomes an alias of the story that took most of them.
        kept_old = set(final.values())
        taken: dict[int, Counter[int]] = defaultdict(Counter)
        for m in report.moves:
            taken[m.old_story][m.new_story] += 1
        in_range = {r.article_id for r in rows}
        for old, counts in taken.items():
            if old in kept_old:
                continue
            others = conn.execute(
                sa.select(story_members.c.article_id).where(
                    story_members.c.encoder == enc, story_members.c.story_id == old
                )
            ).scalars()
            if all(a in in_range for a in others):
                report.emptied[old] = counts.most_common(1)[0][0]
        if not apply:
            return report
        now = datetime.now(UTC)
        for group, story_id in target.items():
            if story_id in report.created:
                state = clusterer.stories[group]
                conn.execute(
                    sa.insert(stories).values(
                        id=story_id,
                        encoder=enc,
                        first_seen=state.first_seen,
                        last_updated=state.last_updated,
                        vector_sum=b"",
                        terms={},
                        terms_sq=0.0,
                        weight=0,
                    )
                )
        for a, result in results.items():
            neighbours = neighbour_rows(result, lambda s: target.get(clusterer.resolve(s), s))
            conn.execute(
                sa.update(story_members)
                .where(story_members.c.encoder == enc, story_members.c.article_id == a)
                .values(
                    story_id=final[a],
                    score=result.score,
                    created=result.created,
                    neighbours=neighbours,
                )
            )
        for m in report.moves:
            conn.execute(
                sa.update(story_members)
                .where(story_members.c.encoder == enc, story_members.c.copy_of == m.article_id)
                .values(story_id=m.new_story)
            )
        for old, new in report.emptied.items():
            moved = sum(1 for m in report.moves if m.old_story == old)
            conn.execute(sa.update(stories).where(stories.c.id == old).values(merged_into=new))
            conn.execute(
                sa.insert(story_aliases).values(
                    old_id=old,
                    new_id=new,
                    kind="split",
                    score=None,
                    at=now,
                    reason=f"recluster: its {moved} article(s) in the range moved, most to {new}",
                )
            )
        touched = {m.old_story for m in report.moves} | {m.new_story for m in report.moves}
        _rebuild(conn, index, touched - set(report.emptied))
        report.applied = True
    forget_index(store)
    return report


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _in_range(at: datetime, report: ReclusterReport) -> bool:
    at = _utc(at)
    return (report.since is None or at >= report.since) and (
        report.until is None or at < report.until
    )


def _rebuild(conn: sa.Connection, index: StoryIndex, story_ids: set[int]) -> None:
    """Recompute the resume state of ``story_ids`` from their members (copies excluded)."""
    c = index.clusterer
    when = sa.func.coalesce(articles.c.published_at, story_members.c.joined_at)
    index.load(conn)  # the stored term statistics weigh the rebuilt term bags
    stats = c.stats
    for sid in sorted(story_ids):
        rows = list(
            conn.execute(
                sa.select(
                    story_members.c.copy_of,
                    when.label("at"),
                    articles.c.published_at,
                    articles.c.title,
                    articles.c.text,
                    articles.c.language,
                    articles.c.outlet,
                )
                .join(articles, articles.c.id == story_members.c.article_id)
                .where(story_members.c.encoder == index.encoder, story_members.c.story_id == sid)
            )
        )
        if not rows:
            continue
        # undated members with a body give the story no time (ClusterConfig.undated_cost)
        dated = [
            r
            for r in rows
            if r.published_at is not None
            or not (r.text or "").strip()
            or c.config.undated_cost is None
        ]
        times = [_utc(r.at) for r in (dated or rows)]
        own = [r for r in rows if r.copy_of is None]
        story = Story(sid, min(times), max(times), np.zeros(c.encoder.dim, dtype=np.float32))
        story.timed = bool(dated)
        if own:
            items = [
                StoryItem(key=0, title=r.title or "", text=r.text or "", outlet=r.outlet)
                for r in own
            ]
            prepared = [c.texts(item) for item in items]
            vectors = c.encode(prepared)
            if c.config.title_centring:
                # Headline-only members were placed centred on their language's mean.
                for i, r in enumerate(own):
                    if not (r.text or "").strip():
                        vectors[i] = c.centre(vectors[i], r.language, learn=False)
            story.vector_sum = vectors.sum(axis=0).astype(np.float32)
            for item, p in zip(items, prepared, strict=True):
                story.add_terms(stats.weigh(c.article_terms(item, p[2])))
            story.weight = len(own)
        conn.execute(
            sa.update(stories)
            .where(stories.c.id == sid)
            .values(
                first_seen=story.first_seen,
                last_updated=story.last_updated,
                timed=story.timed,
                vector_sum=story.vector_sum.tobytes(),
                terms=story.terms,
                terms_sq=story.terms_sq,
                weight=story.weight,
                merged_into=None,
            )
        )
