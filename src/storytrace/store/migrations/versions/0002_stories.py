"""Stories: stories, memberships with reasons, aliases, and the online index's state.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts() -> sa.types.TypeEngine[Any]:
    # Same storage as models.UTCDateTime: timestamptz, or fixed-width ISO text on SQLite.
    return sa.DateTime(timezone=True).with_variant(sa.String(32), "sqlite")


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("encoder", sa.Text, nullable=False),
        sa.Column("headline", sa.Text),
        sa.Column("first_seen", _ts(), nullable=False),
        sa.Column("last_updated", _ts(), nullable=False),
        sa.Column("merged_into", sa.Integer),
        sa.Column("vector_sum", sa.LargeBinary, nullable=False),
        sa.Column("terms", sa.JSON, nullable=False),
        sa.Column("terms_sq", sa.Float, nullable=False),
        sa.Column("weight", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )
    op.create_index("ix_stories_encoder_last_updated", "stories", ["encoder", "last_updated"])
    op.create_table(
        "story_members",
        sa.Column("encoder", sa.String(200), nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("story_id", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("created", sa.Boolean, nullable=False),
        sa.Column("neighbours", sa.JSON, nullable=False),
        sa.Column("copy_of", sa.Integer),
        sa.Column("joined_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("encoder", "article_id", name="pk_story_members"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_story_members_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name="fk_story_members_story_id_stories",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_story_members_story_id", "story_members", ["story_id"])
    op.create_table(
        "story_aliases",
        sa.Column("old_id", sa.Integer, primary_key=True),
        sa.Column("new_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("at", _ts(), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("old_id", name="pk_story_aliases"),
    )
    op.create_index("ix_story_aliases_new_id", "story_aliases", ["new_id"])
    op.create_table(
        "story_state",
        sa.Column("encoder", sa.String(200), nullable=False),
        sa.Column("docs", sa.Integer, nullable=False),
        sa.Column("clock", _ts()),
        sa.PrimaryKeyConstraint("encoder", name="pk_story_state"),
    )
    op.create_table(
        "story_counts",
        sa.Column("encoder", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(1), nullable=False),
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("encoder", "kind", "key", name="pk_story_counts"),
    )


def downgrade() -> None:
    for table in ("story_counts", "story_state", "story_aliases", "story_members", "stories"):
        op.drop_table(table)
