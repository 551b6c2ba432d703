"""Stories: per-language running sums of headline vectors (for online centring).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "story_means",
        sa.Column("encoder", sa.String(200), nullable=False),
        sa.Column("lang", sa.String(40), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("vector_sum", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("encoder", "lang", name="pk_story_means"),
    )


def downgrade() -> None:
    op.drop_table("story_means")
