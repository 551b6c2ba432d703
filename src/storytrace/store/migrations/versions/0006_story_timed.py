"""Stories: whether a story has a time of its own (not while every member is undated).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NULL for the stories of an older store: they were placed with a time, as before.
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("timed", sa.Boolean))


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("timed")
