"""Alembic environment for the store.

``Store.open`` passes its own connection (already inside a transaction) through
``config.attributes["connection"]``; run by hand, the URL comes from ``-x url=...``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from storytrace.store.dialect import SEARCH_OBJECTS, configure_engine
from storytrace.store.models import metadata


def _include(obj: object, name: str | None, *_: object) -> bool:
    # Search tables/columns are created by dialect.py, not described in models.
    return name not in SEARCH_OBJECTS and not (name or "").startswith("articles_fts")


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=_include,
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("give the database: alembic -x url=sqlite:///path.db ...")
    return url


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    given = context.config.attributes.get("connection")
    if given is not None:
        _run(given)
    else:
        engine = sa.create_engine(_url())
        configure_engine(engine)
        with engine.begin() as conn:
            _run(conn)
        engine.dispose()
