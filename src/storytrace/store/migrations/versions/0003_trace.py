"""Trace: per-article trace results cached by extractor.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts() -> sa.types.TypeEngine[Any]:
    # Same storage as models.UTCDateTime: timestamptz, or fixed-width ISO text on SQLite.
    return sa.DateTime(timezone=True).with_variant(sa.String(32), "sqlite")


def upgrade() -> None:
    op.create_table(
        "article_traces",
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("extractor", sa.String(200), nullable=False),
        sa.Column("text_hash", sa.String(40), nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("traced_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "extractor", name="pk_article_traces"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_article_traces_article_id_articles",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("article_traces")
