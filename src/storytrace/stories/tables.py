"""Tables of the stories stage, on the store's ``metadata`` (migration 0002 creates them).

A story belongs to one encoder: vectors of different encoders never share an index, so
two encoders over one store keep two sets of stories side by side.
"""

from __future__ import annotations

import sqlalchemy as sa

from storytrace.store.models import SafeText, UTCDateTime, metadata

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("encoder", SafeText, nullable=False),
    sa.Column("headline", SafeText),
    sa.Column("first_seen", UTCDateTime(), nullable=False),
    sa.Column("last_updated", UTCDateTime(), nullable=False),
    #: False while every member is an undated article with a body: the times above are
    #: then only where it was placed (NULL, from stores before migration 0006: timed).
    sa.Column("timed", sa.Boolean),
    #: Set when the story was merged into another (its id then resolves through aliases).
    sa.Column("merged_into", sa.Integer),
    # Resume state of the online index: the sum of member vectors (float32 bytes), the
    # term bag (JSON) with its squared norm, and how many members count (copies do not).
    sa.Column("vector_sum", sa.LargeBinary, nullable=False),
    sa.Column("terms", sa.JSON, nullable=False),
    sa.Column("terms_sq", sa.Float, nullable=False),
    sa.Column("weight", sa.Integer, nullable=False),
    sa.Index("ix_stories_encoder_last_updated", "encoder", "last_updated"),
)

story_members = sa.Table(
    "story_members",
    metadata,
    sa.Column("encoder", sa.String(200), primary_key=True),
    sa.Column(
        "article_id",
        sa.Integer,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "story_id",
        sa.Integer,
        sa.ForeignKey("stories.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    #: Score against the story it joined (0 when it started the story, 1 for a copy).
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("created", sa.Boolean, nullable=False),
    #: The nearest stories when it arrived: [[story id, score], ...], best first.
    sa.Column("neighbours", sa.JSON, nullable=False),
    #: The article this one is a copy of (it joined that article's story).
    sa.Column("copy_of", sa.Integer),
    sa.Column("joined_at", UTCDateTime(), nullable=False),
)

story_aliases = sa.Table(
    "story_aliases",
    metadata,
    sa.Column("old_id", sa.Integer, primary_key=True),
    sa.Column("new_id", sa.Integer, nullable=False, index=True),
    #: "merge" (two stories found to be one) or "split" (a recluster moved articles).
    sa.Column("kind", SafeText, nullable=False),
    sa.Column("score", sa.Float),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("reason", SafeText, nullable=False),
)

story_state = sa.Table(
    "story_state",
    metadata,
    sa.Column("encoder", sa.String(200), primary_key=True),
    #: Articles whose terms were counted (the idf denominator) and the stream's clock.
    sa.Column("docs", sa.Integer, nullable=False),
    sa.Column("clock", UTCDateTime()),
    #: The last publication times seen, POSIX seconds (migration 0005): the clock is read
    #: from them (:meth:`~storytrace.stories.cluster.Clusterer.tick`).
    sa.Column("recent", sa.JSON),
)

#: Counts the online representation learns: document frequency of terms (kind "t"), how
#: often a headline segment was seen (kind "s", for title boilerplate), words seen in lower
#: case in headlines (kind "l", for name terms) and in bodies (kind "b", for weak names).
story_counts = sa.Table(
    "story_counts",
    metadata,
    sa.Column("encoder", sa.String(200), primary_key=True),
    sa.Column("kind", sa.String(1), primary_key=True),
    sa.Column("key", sa.String(400), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)

#: Per language, the count and float64 sum of the headline vectors seen (migration 0004):
#: the running mean that :meth:`Clusterer.centre` takes off each new headline.
story_means = sa.Table(
    "story_means",
    metadata,
    sa.Column("encoder", sa.String(200), primary_key=True),
    sa.Column("lang", sa.String(40), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Column("vector_sum", sa.LargeBinary, nullable=False),
)
