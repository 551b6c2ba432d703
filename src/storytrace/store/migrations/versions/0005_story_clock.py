"""Stories: the last publication times seen, from which the stream's clock is read.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A list of POSIX seconds; a store from before this revision starts it empty (its
    # clock is kept, and the next dated articles fill the list).
    with op.batch_alter_table("story_state") as batch:
        batch.add_column(sa.Column("recent", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("story_state") as batch:
        batch.drop_column("recent")
