"""Initial schema: pages, rejections, articles (+ full-text search), dropped lines,
site profiles, signatures and LSH bands, copy groups.

Revision ID: 0001
Revises:
Create Date: 2025-11-23
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from storytrace.store import dialect

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts() -> sa.types.TypeEngine[Any]:
    # Same storage as models.UTCDateTime: timestamptz, or fixed-width ISO text on SQLite.
    return sa.DateTime(timezone=True).with_variant(sa.String(32), "sqlite")


def upgrade() -> None:
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("normalized_url", sa.Text),
        sa.Column("fetched_at", _ts()),
        sa.Column("headers", sa.JSON, nullable=False),
        sa.Column("encoding", sa.Text),
        sa.Column("hints", sa.JSON, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.Column("version_of", sa.Integer),
        sa.Column("stored_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pages"),
        sa.UniqueConstraint("content_hash", name="uq_pages_content_hash"),
        sa.ForeignKeyConstraint(["version_of"], ["pages.id"], name="fk_pages_version_of_pages"),
    )
    op.create_index("ix_pages_normalized_url", "pages", ["normalized_url"])
    op.create_index("ix_pages_version_of", "pages", ["version_of"])

    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", _ts(), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rejections"),
    )
    op.create_index("ix_rejections_content_hash", "rejections", ["content_hash"])

    op.create_table(
        "copy_groups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("earliest_article_id", sa.Integer),
        sa.Column("created_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_copy_groups"),
    )

    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("page_id", sa.Integer, nullable=False),
        sa.Column("page_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("paragraphs", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("canonical_url", sa.Text),
        sa.Column("normalized_url", sa.Text),
        sa.Column("byline", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("section", sa.Text),
        sa.Column("published", sa.Text),
        sa.Column("published_origin", sa.Text),
        sa.Column("published_at", _ts()),
        sa.Column("updated", sa.Text),
        sa.Column("updated_origin", sa.Text),
        sa.Column("updated_at", _ts()),
        sa.Column("language", sa.Text),
        sa.Column("language_score", sa.Float),
        sa.Column("site", sa.Text),
        sa.Column("fingerprint", sa.Text),
        sa.Column("stored_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("page_id", name="uq_articles_page_id"),
        sa.ForeignKeyConstraint(
            ["page_id"], ["pages.id"], name="fk_articles_page_id_pages", ondelete="CASCADE"
        ),
    )
    for column in ("normalized_url", "published_at", "language", "site", "fingerprint"):
        op.create_index(f"ix_articles_{column}", "articles", [column])

    op.create_table(
        "dropped_lines",
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("line_index", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("article_id", "seq", name="pk_dropped_lines"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_dropped_lines_article_id_articles",
            ondelete="CASCADE",
        ),
    )

    op.create_table(
        "site_profiles",
        sa.Column("site", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("site", name="pk_site_profiles"),
    )

    op.create_table(
        "signatures",
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_signatures"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_signatures_article_id_articles",
            ondelete="CASCADE",
        ),
    )

    op.create_table(
        "bands",
        sa.Column("band", sa.LargeBinary(64), nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("band", "article_id", name="pk_bands"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_bands_article_id_articles", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_bands_article_id", "bands", ["article_id"])

    op.create_table(
        "copy_members",
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("group_id", sa.Integer, nullable=False),
        sa.Column("relation", sa.Text, nullable=False),
        sa.Column("similarity", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_copy_members"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_copy_members_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["copy_groups.id"],
            name="fk_copy_members_group_id_copy_groups",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_copy_members_group_id", "copy_members", ["group_id"])

    dialect.create_search(op.get_bind())


def downgrade() -> None:
    dialect.drop_search(op.get_bind())
    for table in (
        "copy_members",
        "bands",
        "signatures",
        "site_profiles",
        "dropped_lines",
        "articles",
        "copy_groups",
        "rejections",
        "pages",
    ):
        op.drop_table(table)
