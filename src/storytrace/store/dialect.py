"""Everything that differs between SQLite and PostgreSQL, and nothing else.

* connection set-up (SQLite pragmas; explicit ``BEGIN`` so DDL is transactional),
* full-text search: an FTS5 external-content table kept in step by triggers on SQLite,
  a generated ``tsvector`` column with a GIN index on PostgreSQL,
* upserts and the lock that serialises concurrent migrations.

Both search back-ends tokenize without stemming (FTS5 ``unicode61``, PostgreSQL
``simple``) because articles come in many languages; scores are "higher is better"
on both, but their scales differ (negated bm25 vs. ``ts_rank_cd``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

#: ``conn.info`` flag: the next transaction will write (SQLite takes the write lock up
#: front, so two writers wait on busy_timeout instead of failing on lock upgrade).
WRITE_FLAG = "storytrace_write"
BUSY_TIMEOUT_MS = 30_000

#: Weights of title and text in the ranking (SQLite bm25; PostgreSQL uses setweight A/B).
_TITLE_WEIGHT = 2.0
_TEXT_WEIGHT = 1.0
#: PostgreSQL refuses a tsvector over 1 MB; index the first half-million characters.
_PG_INDEXED_CHARS = 500_000

_WORD = re.compile(r"\w+", re.UNICODE)


def configure_engine(engine: Engine) -> None:
    """Attach per-connection settings for the engine's dialect."""
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # pysqlite's own implicit transactions skip DDL; we emit BEGIN ourselves.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        _wal(cur)
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get(WRITE_FLAG) else "BEGIN")


def _wal(cur: Any) -> None:
    """Switch the file to WAL. Two processes creating one new file at once can find it
    locked here whatever the busy timeout (SQLite does not wait for the lock a change of
    journal mode takes), so the switch is tried again for a while before giving up."""
    waited = 0.0
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except Exception as exc:  # sqlite3.OperationalError; the driver is not imported
            if "locked" not in str(exc) or waited >= BUSY_TIMEOUT_MS / 1000:
                raise
            time.sleep(0.05)
            waited += 0.05


def migration_lock(conn: Connection) -> None:
    """Serialise concurrent migrations (SQLite: BEGIN IMMEDIATE already did)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7152026001)")


# --- schema pieces used by the Alembic revisions -------------------------------------

_SQLITE_SEARCH_DDL = (
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
)

_PG_SEARCH_DDL = (
    f"""ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('simple'::regconfig, left(text, {_PG_INDEXED_CHARS})), 'B')
    ) STORED""",
    "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
)


def create_search(conn: Connection) -> None:
    """Create the full-text index over articles' title and text."""
    ddl = _SQLITE_SEARCH_DDL if conn.dialect.name == "sqlite" else _PG_SEARCH_DDL
    for stmt in ddl:
        conn.exec_driver_sql(stmt)


def drop_search(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for trigger in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
        conn.exec_driver_sql("DROP TABLE IF EXISTS articles_fts")
    else:
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_articles_search_vector")
        conn.exec_driver_sql("ALTER TABLE articles DROP COLUMN IF EXISTS search_vector")


#: Schema objects that only exist for search; schema comparisons leave them out.
SEARCH_OBJECTS = frozenset({"articles_fts", "search_vector", "ix_articles_search_vector"})


# --- queries --------------------------------------------------------------------------


def query_words(query: str) -> list[str]:
    """The words of a user query; punctuation and operators carry no meaning here."""
    return _WORD.findall(query)


def search_ids(
    conn: Connection, words: Sequence[str], *, any_word: bool, limit: int
) -> list[tuple[int, float]]:
    """(article id, score) best first; all words must match unless ``any_word``."""
    if not words:
        return []
    if conn.dialect.name == "sqlite":
        quoted = ['"' + w.replace('"', '""') + '"' for w in words]
        match = (" OR " if any_word else " AND ").join(quoted)
        rows = conn.execute(
            sa.text(
                "SELECT rowid, bm25(articles_fts, :tw, :xw) AS r FROM articles_fts "
                "WHERE articles_fts MATCH :q ORDER BY r, rowid LIMIT :n"
            ),
            {"q": match, "tw": _TITLE_WEIGHT, "xw": _TEXT_WEIGHT, "n": limit},
        )
        # bm25 is lower-is-better; negate it so every back-end ranks higher-is-better.
        return [(int(i), -float(r)) for i, r in rows]
    websearch = (" or " if any_word else " ").join(words)
    rows = conn.execute(
        sa.text(
            "SELECT a.id, ts_rank_cd(a.search_vector, q) AS r "
            "FROM articles a, websearch_to_tsquery('simple'::regconfig, :q) q "
            "WHERE a.search_vector @@ q ORDER BY r DESC, a.id LIMIT :n"
        ),
        {"q": websearch, "n": limit},
    )
    return [(int(i), float(r)) for i, r in rows]


@cache
def _insert(dialect_name: str, table: sa.Table) -> Any:
    if dialect_name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    return pg_insert(table)


# Statements are built once per shape and reused: building and cache-keying a fresh
# statement per row costs more than running it.


@cache
def _upsert_stmt(
    dialect_name: str, table: sa.Table, columns: tuple[str, ...], keys: tuple[str, ...]
) -> Any:
    stmt = _insert(dialect_name, table)
    update = {k: stmt.excluded[k] for k in columns if k not in keys}
    return stmt.on_conflict_do_update(index_elements=list(keys), set_=update)


@cache
def _insert_new_stmt(dialect_name: str, table: sa.Table) -> Any:
    return _insert(dialect_name, table).on_conflict_do_nothing().returning(table.c.id)


@cache
def _insert_ignore_stmt(dialect_name: str, table: sa.Table) -> Any:
    return _insert(dialect_name, table).on_conflict_do_nothing()


def upsert(conn: Connection, table: sa.Table, values: dict[str, Any], keys: Sequence[str]) -> None:
    """Insert ``values`` or, when a row with the same ``keys`` exists, update it."""
    stmt = _upsert_stmt(conn.dialect.name, table, tuple(sorted(values)), tuple(keys))
    conn.execute(stmt, values)


def insert_ignore(conn: Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows, skipping those whose primary key already exists."""
    if rows:
        conn.execute(_insert_ignore_stmt(conn.dialect.name, table), list(rows))


def insert_new(conn: Connection, table: sa.Table, values: dict[str, Any]) -> int | None:
    """Insert a row and return its id, or None when a unique key already holds it.

    ``ON CONFLICT DO NOTHING`` rather than catch-and-retry: on PostgreSQL a failed
    insert would abort the caller's whole batch transaction.
    """
    return conn.execute(_insert_new_stmt(conn.dialect.name, table), values).scalar()
