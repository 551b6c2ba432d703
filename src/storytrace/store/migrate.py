"""Run the Alembic migrations programmatically (what :meth:`Store.open` does)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from storytrace.store import dialect

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@cache
def _script() -> tuple[Config, ScriptDirectory]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config, ScriptDirectory.from_config(config)


def head() -> str | None:
    """The newest revision shipped with this code."""
    return _script()[1].get_current_head()


def current(engine: Engine) -> str | None:
    """The revision the database is at (None: empty)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target``; a cheap no-op when it is there already.

    The check is repeated under a lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an
    advisory lock) so that processes opening a new store at once migrate it once.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    config, script = _script()
    wanted = set(script.get_heads()) if target == "head" else {target}
    with engine.connect() as conn:
        if set(MigrationContext.configure(conn).get_current_heads()) == wanted:
            return
    with engine.connect() as conn:
        conn.info[dialect.WRITE_FLAG] = True
        try:
            with conn.begin():
                dialect.migration_lock(conn)
                if set(MigrationContext.configure(conn).get_current_heads()) == wanted:
                    return
                config.attributes["connection"] = conn
                try:
                    command.upgrade(config, target)
                finally:
                    config.attributes.pop("connection", None)
        finally:
            conn.info.pop(dialect.WRITE_FLAG, None)


def downgrade(engine: Engine, target: str) -> None:
    """Step the schema back (tests and hand repairs)."""
    from alembic import command

    config, _ = _script()
    with engine.connect() as conn:
        conn.info[dialect.WRITE_FLAG] = True
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                try:
                    command.downgrade(config, target)
                finally:
                    config.attributes.pop("connection", None)
        finally:
            conn.info.pop(dialect.WRITE_FLAG, None)


__all__ = ["current", "downgrade", "head", "upgrade"]
