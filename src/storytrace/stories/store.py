"""Stories in the store: the online clusterer's state persisted, so that each new process
continues where the last one stopped.

:class:`StoryIndex` wraps a :class:`~storytrace.stories.cluster.Clusterer` over a
:class:`~storytrace.store.Store`. On first use it loads what the clusterer needs: the
learnt counts (term document frequencies, headline segments), the stream's clock, and the
*active* stories only (those updated inside the time window), with their centroids and
term bags. Loading is bounded by the news rate, not by the size of the store. Every
placement is written in the caller's transaction: the story row, the membership with its
reason (nearest stories and scores), merges as aliases (old ids keep resolving), and the
count deltas.

One writer at a time per store and encoder: the index lives in the writing process.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from storytrace.store.models import copy_members
from storytrace.stories.cluster import Assignment, ClusterConfig, Clusterer, Story, StoryItem
from storytrace.stories.encoders import EncoderError
from storytrace.stories.features import TitleCleaner, fold, lowercase_words
from storytrace.stories.tables import (
    stories,
    story_aliases,
    story_counts,
    story_means,
    story_members,
    story_state,
)

log = logging.getLogger("storytrace.stories")

if TYPE_CHECKING:
    from storytrace.records import Article
    from storytrace.store import Store
    from storytrace.stories.encoders import Encoder

#: Placements between two sweeps of the quiet stories out of memory.
_TRIM_EVERY = 256
#: Longest key kept in ``story_counts`` (terms are short; odd headline segments are cut).
_KEY_CHARS = 400


def _insert(conn: Connection, table: sa.Table) -> Any:
    # ON CONFLICT exists on both back-ends with the same shape.
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    return pg_insert(table)


def as_datetime(value: datetime | date | None) -> datetime | None:
    """An aware datetime (a bare date counts as midnight UTC, like the store's order)."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), tzinfo=UTC)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class StoryIndex:
    """The online clusterer of one store and encoder, resumed from and saved to it."""

    def __init__(
        self,
        store: Store,
        config: ClusterConfig | None = None,
        encoder: Encoder | None = None,
    ) -> None:
        self.store = store
        self.clusterer = Clusterer(config, encoder)
        self.encoder = self.clusterer.encoder.name
        self._loaded = False
        self._placed = 0
        self.trim_every = _TRIM_EVERY

    @property
    def config(self) -> ClusterConfig:
        return self.clusterer.config

    # --- resume --------------------------------------------------------------------

    def load(self, conn: Connection) -> None:
        """Read the counts, the clock and the active stories (once per process)."""
        if self._loaded:
            return
        c = self.clusterer
        enc = self.encoder
        state = conn.execute(
            sa.select(story_state.c.docs, story_state.c.clock, story_state.c.recent).where(
                story_state.c.encoder == enc
            )
        ).first()
        if state is not None:
            c.stats.docs = state.docs
            c.clock = state.clock
            c.recent.extend(float(t) for t in state.recent or ())
        for kind, key, n in conn.execute(
            sa.select(story_counts.c.kind, story_counts.c.key, story_counts.c.n).where(
                story_counts.c.encoder == enc
            )
        ):
            if kind == "t":
                c.stats.df[key] = n
            elif kind == "l":
                c.names.lower[key] = n
            elif kind == "b":
                c.body_lower[key] = n
            else:
                c.titles.seen[key] = n
        for lang, n, blob in conn.execute(
            sa.select(story_means.c.lang, story_means.c.n, story_means.c.vector_sum).where(
                story_means.c.encoder == enc
            )
        ):
            c.means[lang] = (n, np.frombuffer(blob, dtype=np.float64).copy())
        top = conn.execute(sa.select(sa.func.max(stories.c.id))).scalar()
        c._next_id = (top or 0) + 1
        if c.clock is not None:
            for story in self._stories_around(conn, c.clock, after=False):
                c.active[story.id] = story
                c.index.put(story, c.stats)
        self._loaded = True

    def _stories_around(self, conn: Connection, at: datetime, *, after: bool) -> list[Story]:
        """Unmerged stories updated within the window before ``at`` (and after it, when
        ``after``) that this process does not hold yet; they are filed by day."""
        c = self.clusterer
        window = c.config.window_hours * 3600
        query = sa.select(stories).where(
            stories.c.encoder == self.encoder,
            stories.c.merged_into.is_(None),
            stories.c.last_updated >= _shifted(at, -window),
        )
        if after:
            query = query.where(stories.c.last_updated <= _shifted(at, window))
        out = []
        for row in conn.execute(query):
            if row.id in c.stories:
                continue
            story = Story(
                id=row.id,
                first_seen=row.first_seen,
                last_updated=row.last_updated,
                timed=row.timed is not False,
                vector_sum=np.frombuffer(row.vector_sum, dtype=np.float32).copy(),
                terms=dict(row.terms),
                terms_sq=row.terms_sq,
                weight=row.weight,
            )
            c.stories[story.id] = story
            c.remember(story)
            out.append(story)
        return out

    # --- placing ---------------------------------------------------------------------

    def add(
        self,
        article_id: int,
        *,
        title: str | None,
        text: str,
        language: str | None,
        published: datetime | date | None,
        outlet: str | None,
        copy_of: int | None = None,
    ) -> Assignment:
        """Place one stored article and persist where it went and why. A copy (``copy_of``
        names its original, or it is looked up in the copy groups) joins the original's
        story and does not count towards its centroid."""
        with self.store.transaction() as conn:
            self.load(conn)
            placed = conn.execute(
                sa.select(story_members).where(
                    story_members.c.encoder == self.encoder,
                    story_members.c.article_id == article_id,
                )
            ).first()
            if placed is not None:
                # Re-cleaned: it keeps its story (``stories recluster`` moves articles).
                story_id = resolve(conn, placed.story_id)
                return Assignment(article_id, story_id, placed.score, False, (), placed.copy_of)
            at = as_datetime(published) or self.clusterer.clock or datetime.now(UTC)
            clock = self.clusterer.clock
            if clock is not None and at < _shifted(clock, -self.config.window_hours * 3600):
                # A late arrival: make the stories of its time known to the clusterer,
                # which recalls them into its index.
                self._stories_around(conn, at, after=True)
            if copy_of is None:
                copy_of = self._original(conn, article_id)
            if copy_of is not None:
                joined = self._join_copy(conn, article_id, copy_of, language, at)
                if joined is not None:
                    return joined
            item = StoryItem(
                key=article_id,
                title=title or "",
                text=text,
                lang=language,
                # undated stays undated: the clusterer places it (and keeps its
                # placement out of the clock); ``at`` is only when it was filed
                published=as_datetime(published),
                outlet=outlet,
            )
            # Another writer may have created stories since: never reuse their ids.
            top = conn.execute(sa.select(sa.func.max(stories.c.id))).scalar() or 0
            self.clusterer._next_id = max(self.clusterer._next_id, top + 1)
            segments = self._segments(item.title)
            prepared = self.clusterer.texts(item)
            vector = self.clusterer.encode([prepared])[0]
            words = set(self.clusterer.article_terms(item, prepared[2]))
            lowered = lowercase_words(item.title) if self.config.name_terms else set()
            body_lowered = self.clusterer.body_lowercase(item, prepared[2])
            result = self.clusterer.assign(item, vector, prepared[2], body_lowered)
            self._save(conn, result, words, segments, at, title, lowered, body_lowered)
            self._trim(article_id, result.story)
            return result

    def _trim(self, article_id: int, story_id: int) -> None:
        """Keep memory bounded by the active window: the store holds the rest (members,
        and quiet stories, which a late arrival reads back)."""
        c = self.clusterer
        c.story_of.pop(article_id, None)
        story = c.stories.get(story_id)
        if story is not None:
            story.members.clear()
        self._placed += 1
        if self._placed % self.trim_every == 0:
            for sid in [sid for sid in c.stories if sid not in c.active]:
                del c.stories[sid]
                c.forget(sid)

    def _segments(self, title: str) -> set[str]:
        # The title cleaner learns only from headlines of several segments.
        parts = TitleCleaner.segments(title)
        return {fold(p) for p in parts} if len(parts) > 1 else set()

    def _original(self, conn: Connection, article_id: int) -> int | None:
        """The earliest other member of the article's copy group that has a story."""
        group = sa.select(copy_members.c.group_id).where(copy_members.c.article_id == article_id)
        query = (
            sa.select(copy_members.c.article_id)
            .join(
                story_members,
                sa.and_(
                    story_members.c.article_id == copy_members.c.article_id,
                    story_members.c.encoder == self.encoder,
                ),
            )
            .where(
                copy_members.c.group_id == group.scalar_subquery(),
                copy_members.c.article_id != article_id,
            )
            .order_by(copy_members.c.article_id)
            .limit(1)
        )
        found = conn.execute(query).scalar()
        return int(found) if found is not None else None

    def _join_copy(
        self, conn: Connection, article_id: int, original: int, language: str | None, at: datetime
    ) -> Assignment | None:
        row = conn.execute(
            sa.select(story_members.c.story_id).where(
                story_members.c.encoder == self.encoder, story_members.c.article_id == original
            )
        ).first()
        if row is None:
            return None
        story_id = resolve(conn, row.story_id)
        c = self.clusterer
        story = c.stories.get(story_id)
        if story is not None:
            # A copy keeps its story alive (it is news again) but adds nothing to its
            # centroid or term bag.
            story.last_updated = max(story.last_updated, at)
            if language:
                story.languages.add(language)
            c.remember(story)
            if story_id in c.active:
                c.index.put(story, c.stats)
        conn.execute(
            sa.update(stories)
            .where(stories.c.id == story_id, stories.c.last_updated < at)
            .values(last_updated=at)
        )
        conn.execute(
            sa.insert(story_members).values(
                encoder=self.encoder,
                article_id=article_id,
                story_id=story_id,
                score=1.0,
                created=False,
                neighbours=[],
                copy_of=original,
                joined_at=at,
            )
        )
        return Assignment(article_id, story_id, 1.0, False, (), original)

    def _save(
        self,
        conn: Connection,
        result: Assignment,
        words: set[str],
        segments: set[str],
        at: datetime,
        title: str | None = None,
        lowered: Iterable[str] = (),
        body_lowered: Iterable[str] = (),
    ) -> None:
        c = self.clusterer
        enc = self.encoder
        self._count(conn, [("t", words), ("s", segments), ("l", lowered), ("b", body_lowered)])
        stmt = _insert(conn, story_state)
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["encoder"],
                set_={
                    "docs": stmt.excluded.docs,
                    "clock": stmt.excluded.clock,
                    "recent": stmt.excluded.recent,
                },
            ),
            {"encoder": enc, "docs": c.stats.docs, "clock": c.clock, "recent": list(c.recent)},
        )
        for lang in sorted(c.means_changed):
            n, total = c.means[lang]
            mean_stmt = _insert(conn, story_means)
            conn.execute(
                mean_stmt.on_conflict_do_update(
                    index_elements=["encoder", "lang"],
                    set_={"n": mean_stmt.excluded.n, "vector_sum": mean_stmt.excluded.vector_sum},
                ),
                {"encoder": enc, "lang": lang, "n": n, "vector_sum": total.tobytes()},
            )
        c.means_changed.clear()
        for merge in result.merges:
            reason = (
                f"story {merge.absorbed} matched story {merge.kept} "
                f"(centroid and terms, score {merge.score:.3f})"
            )
            conn.execute(
                sa.insert(story_aliases).values(
                    old_id=merge.absorbed,
                    new_id=merge.kept,
                    kind="merge",
                    score=merge.score,
                    at=merge.at,
                    reason=reason,
                )
            )
            conn.execute(
                sa.update(stories)
                .where(stories.c.id == merge.absorbed)
                .values(merged_into=merge.kept)
            )
            conn.execute(
                sa.update(story_members)
                .where(story_members.c.story_id == merge.absorbed)
                .values(story_id=merge.kept)
            )
        for sid in {result.story, *(m.kept for m in result.merges)}:
            story = c.stories.get(sid)
            if story is not None:
                # The first title names a new story until readers see the most
                # representative one (computed from all members, see views.headline).
                self._write_story(conn, story, title if result.created else None)
        conn.execute(
            sa.insert(story_members).values(
                encoder=enc,
                article_id=result.key,
                story_id=result.story,
                score=result.score,
                created=result.created,
                neighbours=neighbour_rows(result),
                copy_of=None,
                joined_at=at,
            )
        )

    def _write_story(self, conn: Connection, story: Story, headline: str | None = None) -> None:
        values: dict[str, Any] = {
            "id": story.id,
            "encoder": self.encoder,
            "first_seen": story.first_seen,
            "last_updated": story.last_updated,
            "timed": story.timed,
            "vector_sum": np.asarray(story.vector_sum, dtype=np.float32).tobytes(),
            "terms": story.terms,
            "terms_sq": story.terms_sq,
            "weight": story.weight,
        }
        if headline:
            values["headline"] = headline
        stmt = _insert(conn, stories)
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["id"],
                set_={k: stmt.excluded[k] for k in values if k not in ("id", "encoder")},
            ),
            values,
        )

    def _count(self, conn: Connection, counts: Iterable[tuple[str, Iterable[str]]]) -> None:
        """Add one to each (kind, key) count, in one statement (an article brings hundreds)."""
        rows = [
            {"encoder": self.encoder, "kind": kind, "key": k, "n": 1}
            for kind, keys in counts
            for k in sorted({k[:_KEY_CHARS] for k in keys})
        ]
        if not rows:
            return
        stmt = _insert(conn, story_counts)
        stmt = stmt.on_conflict_do_update(
            index_elements=["encoder", "kind", "key"],
            set_={"n": story_counts.c.n + stmt.excluded.n},
        )
        conn.execute(stmt, rows)


def resolve(conn: Connection, story_id: int) -> int:
    """The current id of a story: follows aliases left by merges (old ids keep working)."""
    seen = {story_id}
    while True:
        new = conn.execute(
            sa.select(story_aliases.c.new_id).where(story_aliases.c.old_id == story_id)
        ).scalar()
        if new is None or new in seen:
            return story_id
        seen.add(new)
        story_id = int(new)


_INDEXES: weakref.WeakKeyDictionary[Store, StoryIndex] = weakref.WeakKeyDictionary()


def story_index(store: Store, config: ClusterConfig | None = None) -> StoryIndex:
    """The story index of ``store`` in this process (created, and resumed, on first use)."""
    index = _INDEXES.get(store)
    if index is None or (config is not None and index.config != config):
        index = StoryIndex(store, config)
        _INDEXES[store] = index
    return index


#: Marks a neighbour the article did not join for sharing no name with it.
NO_SHARED_NAME = "no shared name"
#: Marks the two neighbours an article scored too weakly and evenly to choose between.
BETWEEN = "between two stories"


def neighbour_rows(result: Assignment, resolve: Any = None) -> list[list[Any]]:
    """The stored form of an assignment's neighbours: [story id, score], then the stories
    it was kept out of as [story id, score, :data:`NO_SHARED_NAME`] and the two it fell
    between as [story id, score, :data:`BETWEEN`]. ``resolve`` maps a story id to the one
    to store (re-clustering)."""
    ids = resolve or (lambda s: s)
    return (
        [[ids(sid), round(score, 4)] for sid, score in result.neighbours]
        + [[ids(sid), round(score, 4), NO_SHARED_NAME] for sid, score in result.vetoed]
        + [[ids(sid), round(score, 4), BETWEEN] for sid, score in result.between]
    )


def place_unplaced(store: Store, *, config: ClusterConfig | None = None) -> int:
    """Place, in time order, the stored articles that have no story yet (stored before
    stories existed, or while the encoder could not load). Returns how many."""
    from storytrace.store.models import articles

    index = story_index(store, config)
    when = sa.func.coalesce(articles.c.published_at, articles.c.stored_at)
    placed = sa.select(story_members.c.article_id).where(story_members.c.encoder == index.encoder)
    query = (
        sa.select(
            articles.c.id,
            articles.c.title,
            articles.c.text,
            articles.c.language,
            articles.c.outlet,
            articles.c.site,
            articles.c.published_at,
        )
        .where(articles.c.id.not_in(placed))
        .order_by(when, articles.c.id)
    )
    with store.engine.connect() as conn:
        todo = list(conn.execute(query))
    for start in range(0, len(todo), 256):
        with store.transaction():
            for r in todo[start : start + 256]:
                index.add(
                    r.id,
                    title=r.title,
                    text=r.text or "",
                    language=r.language,
                    published=r.published_at,
                    outlet=r.outlet or r.site,
                )
    return len(todo)


def forget_index(store: Store) -> None:
    """Drop this process's index of ``store`` (after a batch rewrote its stories)."""
    _INDEXES.pop(store, None)


def assign_article(store: Store, article_id: int, article: Article) -> Assignment | None:
    """Place a freshly stored article in a story (the pipeline's call after copies).

    An encoder that cannot load leaves the article without a story (one log line naming
    it) rather than failing the batch."""
    try:
        return story_index(store).add(
            article_id,
            title=article.title,
            text=article.text,
            language=article.language,
            published=article.published.value if article.published else None,
            outlet=article.outlet or article.site,
        )
    except EncoderError as exc:
        log.warning("article %d (%s): no story: %s", article_id, article.url or "no url", exc)
        return None


def _shifted(at: datetime, seconds: float) -> datetime:
    """``at`` moved by ``seconds`` in UTC, held inside the calendar: a time near year 1
    or 9999 (a placeholder date that got through) must not stop the ingest."""
    try:
        return datetime.fromtimestamp(at.timestamp() + seconds, UTC)
    except (OverflowError, ValueError, OSError):
        return datetime.min.replace(tzinfo=UTC) if seconds < 0 else datetime.max.replace(tzinfo=UTC)
