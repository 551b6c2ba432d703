"""The store: SQLite by default, PostgreSQL for servers (SQLAlchemy 2 + Alembic).

All SQLite-only SQL lives in :mod:`storytrace.store.dialect`; the schema in
:mod:`storytrace.store.models` and ``migrations/``.
"""

from storytrace.store.core import Store
from storytrace.store.rows import PageRef, PageVersion, StoredArticle, StoredRejection, StoreError

__all__ = ["PageRef", "PageVersion", "Store", "StoreError", "StoredArticle", "StoredRejection"]
