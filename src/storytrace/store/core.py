"""The store: every record of the pipeline, persisted with SQLAlchemy Core.

One :class:`Store` per process (or per thread: an open :meth:`Store.transaction` is
thread-local). Every method runs in its own transaction unless called inside
``with store.transaction():``, which groups writes into one commit (what makes a
10,000-page ingest fast on SQLite).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from storytrace.records import (
    Article,
    CopyGroup,
    CopyMember,
    Dated,
    DroppedLine,
    Page,
    Rejection,
    utcnow,
)
from storytrace.store import dialect
from storytrace.store.models import (
    articles,
    bands,
    copy_groups,
    copy_members,
    dropped_lines,
    pages,
    rejections,
    signatures,
    site_profiles,
    to_utc,
)
from storytrace.store.rows import (
    PageRef,
    PageVersion,
    StoredArticle,
    StoredRejection,
    StoreError,
)

if TYPE_CHECKING:
    from storytrace.clean.site import SiteProfile

#: Rows per ``IN (...)`` list: under SQLite's and PostgreSQL's bound-parameter limits.
_CHUNK = 500

# The statements of the write path, built once: constructing and cache-keying a fresh
# Core statement per call cost more than executing it (see bench/bench_store.py).
_B = sa.bindparam
_PAGE_BY_HASH = sa.select(pages.c.id, pages.c.version_of).where(pages.c.content_hash == _B("h"))
_LATEST_AT_URL = sa.select(sa.func.max(pages.c.id)).where(pages.c.normalized_url == _B("u"))
_PAGE_URL = sa.select(pages.c.url).where(pages.c.id == _B("pid"))
_ARTICLE_OF_PAGE = sa.select(articles.c.id, articles.c.text).where(articles.c.page_id == _B("pid"))
_INSERT_ARTICLE = sa.insert(articles).returning(articles.c.id)
_UPDATE_ARTICLE = sa.update(articles).where(articles.c.id == _B("_id"))
_DELETE_DROPPED = sa.delete(dropped_lines).where(dropped_lines.c.article_id == _B("aid"))
_INSERT_DROPPED = sa.insert(dropped_lines)
_ARTICLE_IDS_IN = sa.select(articles.c.id).where(articles.c.id.in_(_B("ids", expanding=True)))
_SIGNATURE_OF = sa.select(signatures.c.signature).where(signatures.c.article_id == _B("aid"))
_DELETE_SIGNATURE = sa.delete(signatures).where(signatures.c.article_id == _B("aid"))
_DELETE_BANDS = sa.delete(bands).where(bands.c.article_id == _B("aid"))
_INSERT_BANDS = sa.insert(bands)
_BAND_MATCHES = (
    sa.select(bands.c.article_id).distinct().where(bands.c.band.in_(_B("keys", expanding=True)))
)
_BY_URL = (
    sa.select(articles.c.id).where(articles.c.normalized_url == _B("u")).order_by(articles.c.id)
)
_BY_FINGERPRINT = (
    sa.select(articles.c.id).where(articles.c.fingerprint == _B("fp")).order_by(articles.c.id)
)
_GROUP_OF = sa.select(copy_members.c.group_id).where(copy_members.c.article_id == _B("aid"))
_GROUP_HEAD = sa.select(copy_groups.c.earliest_article_id).where(copy_groups.c.id == _B("g"))
_SET_HEAD = (
    sa.update(copy_groups)
    .where(copy_groups.c.id == _B("g"))
    .values(earliest_article_id=_B("earliest"))
)
_INSERT_GROUP = sa.insert(copy_groups).returning(copy_groups.c.id)
_DELETE_GROUP = sa.delete(copy_groups).where(copy_groups.c.id == _B("g"))
_INSERT_MEMBER = sa.insert(copy_members)
_MOVE_MEMBERS = (
    sa.update(copy_members).where(copy_members.c.group_id == _B("old")).values(group_id=_B("new"))
)
_SET_RELATION = (
    sa.update(copy_members)
    .where(copy_members.c.article_id == _B("aid"))
    .values(relation=_B("r"), similarity=_B("s"))
)
_WHEN = (articles.c.id, articles.c.published_at, articles.c.stored_at, pages.c.fetched_at)
_WHEN_IN_GROUP = (
    sa.select(*_WHEN)
    .select_from(copy_members.join(articles).join(pages))
    .where(copy_members.c.group_id == _B("g"))
)
_WHEN_OF = (
    sa.select(*_WHEN)
    .select_from(articles.join(pages))
    .where(articles.c.id.in_(_B("ids", expanding=True)))
)


class _HasToBytes(Protocol):
    def tobytes(self) -> bytes: ...


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _normalize_url(url: str | None) -> str | None:
    """The URL key shared with dedup (version chains, URL copies)."""
    if not url:
        return None
    from storytrace.dedup import normalize_url

    try:
        return normalize_url(url) or None
    except Exception:  # a malformed URL is its own key rather than a failed batch
        return url.strip()


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _shown(url_or_path: str | Path) -> str:
    """The store's name for messages, without a password."""
    if isinstance(url_or_path, str) and "://" in url_or_path:
        try:
            return sa.engine.make_url(url_or_path).render_as_string(hide_password=True)
        except Exception:
            return url_or_path.split("://", 1)[0] + "://…"
    return str(url_or_path)


def _to_url(url_or_path: str | Path) -> str:
    if isinstance(url_or_path, str) and "://" in url_or_path:
        for prefix in ("postgresql://", "postgres://"):
            if url_or_path.startswith(prefix):
                return "postgresql+psycopg://" + url_or_path[len(prefix) :]
        return url_or_path
    path = Path(url_or_path).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _dated_columns(dated: Dated | None, prefix: str) -> dict[str, Any]:
    """A date as printed (ISO text + origin) and as a UTC instant for ordering."""
    if dated is None:
        return {prefix: None, f"{prefix}_origin": None, f"{prefix}_at": None}
    value = dated.value
    if isinstance(value, datetime):
        instant = to_utc(value)
    else:  # a bare date counts as midnight UTC
        instant = datetime(value.year, value.month, value.day, tzinfo=UTC)
    return {prefix: value.isoformat(), f"{prefix}_origin": dated.origin, f"{prefix}_at": instant}


def _dated(text: str | None, origin: str | None) -> Dated | None:
    if text is None:
        return None
    value: datetime | date = (
        datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    )
    return Dated(value, origin or "")


def _sig_bytes(signature: bytes | bytearray | memoryview | _HasToBytes) -> bytes:
    if isinstance(signature, bytes | bytearray | memoryview):
        return bytes(signature)
    return signature.tobytes()


class Store:
    """Pages, rejections, articles, site profiles, signatures and copy groups."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._local = threading.local()

    # --- opening ----------------------------------------------------------------------

    @classmethod
    def open(cls, url_or_path: str | Path) -> Store:
        """Open (creating if needed) a store and bring its schema up to date.

        A path is a SQLite file; otherwise a SQLAlchemy URL (``sqlite:///...``,
        ``postgresql+psycopg://...``; ``postgresql://`` is read as psycopg).
        """
        shown = _shown(url_or_path)
        try:
            url = _to_url(url_or_path)
            engine = sa.create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
        except Exception as exc:
            reason = _first_line(exc).replace(str(url_or_path), shown)
            raise StoreError(f"cannot open store {shown}: {reason}") from exc
        dialect.configure_engine(engine)
        try:
            from storytrace.store.migrate import upgrade

            upgrade(engine)
        except Exception as exc:
            engine.dispose()
            raise StoreError(f"cannot open store {shown}: {_first_line(exc)}") from exc
        return cls(engine)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def url(self) -> str:
        """The store's URL, password hidden (for messages)."""
        return self._engine.url.render_as_string(hide_password=True)

    # --- transactions -----------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """Group the calls made inside into one transaction (committed on success).

        Nested uses join the outer transaction. On SQLite the write lock is taken up
        front, so concurrent writers wait (busy timeout) rather than fail.
        """
        current: Connection | None = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        with self._engine.connect() as conn:
            conn.info[dialect.WRITE_FLAG] = True
            try:
                with conn.begin():
                    self._local.conn = conn
                    yield conn
            finally:
                self._local.conn = None
                conn.info.pop(dialect.WRITE_FLAG, None)

    batch = transaction

    @contextmanager
    def savepoint(self) -> Iterator[Connection]:
        """Inside :meth:`transaction`: a step whose writes are undone alone if it raises,
        while the transaction goes on (SQL SAVEPOINT)."""
        current: Connection | None = getattr(self._local, "conn", None)
        if current is None:
            with self.transaction() as conn:
                yield conn
            return
        with current.begin_nested():
            yield current

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        current: Connection | None = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        with self._engine.connect() as conn:
            yield conn

    # --- pages --------------------------------------------------------------------------

    def add_page(self, page: Page) -> PageRef:
        """Store raw bytes once. Same bytes again: ``created=False``. New bytes at a known
        normalized URL: a new page whose ``version_of`` is the latest one there."""
        norm = _normalize_url(page.url)
        with self.transaction() as c:
            found = c.execute(_PAGE_BY_HASH, {"h": page.content_hash}).first()
            if found is not None:
                return PageRef(found.id, False, found.version_of)
            previous = None
            if norm is not None:
                previous = c.execute(_LATEST_AT_URL, {"u": norm}).scalar()
            new_id = dialect.insert_new(
                c,
                pages,
                {
                    "content_hash": page.content_hash,
                    "source": page.source,
                    "origin": page.origin,
                    "kind": page.kind,
                    "url": page.url,
                    "normalized_url": norm,
                    "fetched_at": page.fetched_at,
                    "headers": [list(h) for h in page.headers],
                    "encoding": page.encoding,
                    "hints": [list(h) for h in page.hints],
                    "size": len(page.raw),
                    "raw": page.raw,
                    "version_of": previous,
                    "stored_at": utcnow(),
                },
            )
            if new_id is None:  # another writer stored the same bytes meanwhile
                found = c.execute(_PAGE_BY_HASH, {"h": page.content_hash}).one()
                return PageRef(found.id, False, found.version_of)
            return PageRef(new_id, True, previous)

    def page(self, page_id: int) -> Page | None:
        with self._read() as c:
            row = c.execute(sa.select(pages).where(pages.c.id == page_id)).first()
        if row is None:
            return None
        return Page(
            raw=bytes(row.raw),
            source=row.source,
            origin=row.origin,
            kind=row.kind,
            url=row.url,
            fetched_at=row.fetched_at,
            headers=tuple((k, v) for k, v in row.headers),
            encoding=row.encoding,
            hints=tuple((k, v) for k, v in row.hints),
            content_hash=row.content_hash,
        )

    def page_id(self, content_hash: str) -> int | None:
        """The id of the page holding these bytes, if stored."""
        with self._read() as c:
            return c.execute(
                sa.select(pages.c.id).where(pages.c.content_hash == content_hash)
            ).scalar()

    def page_ids(self, *, after: int = 0, limit: int | None = None) -> list[int]:
        """Page ids in storage order (page through with ``after``)."""
        query = sa.select(pages.c.id).where(pages.c.id > after).order_by(pages.c.id)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as c:
            return list(c.execute(query).scalars())

    def count_pages(self) -> int:
        with self._read() as c:
            return int(c.execute(sa.select(sa.func.count()).select_from(pages)).scalar_one())

    def page_versions(self, url: str) -> list[PageVersion]:
        """Every stored page at this URL (normalized), oldest first."""
        norm = _normalize_url(url)
        if norm is None:
            return []
        cols = (pages.c.id, pages.c.version_of, pages.c.content_hash, pages.c.url)
        query = (
            sa.select(*cols, pages.c.fetched_at, pages.c.stored_at, pages.c.size)
            .where(pages.c.normalized_url == norm)
            .order_by(pages.c.id)
        )
        with self._read() as c:
            return [PageVersion(*row) for row in c.execute(query)]

    def version_chains(self, *, min_versions: int = 2) -> list[tuple[str, list[int]]]:
        """URLs stored in several versions: (URL of the first version, page ids oldest
        first), in order of each chain's first page."""
        counted = (
            sa.select(pages.c.normalized_url)
            .where(pages.c.normalized_url.is_not(None))
            .group_by(pages.c.normalized_url)
            .having(sa.func.count() >= min_versions)
            .subquery()
        )
        query = (
            sa.select(pages.c.normalized_url, pages.c.id, pages.c.url)
            .join(counted, counted.c.normalized_url == pages.c.normalized_url)
            .order_by(pages.c.id)
        )
        chains: dict[str, tuple[str, list[int]]] = {}
        with self._read() as c:
            for key, page_id, url in c.execute(query):
                chains.setdefault(key, (url or key, []))[1].append(page_id)
        return list(chains.values())

    # --- rejections ---------------------------------------------------------------------

    def add_rejection(self, rej: Rejection) -> int:
        """Keep a rejected input with its bytes; returns its id."""
        with self.transaction() as c:
            return int(
                c.execute(
                    sa.insert(rejections)
                    .values(
                        source=rej.source,
                        reason=rej.reason,
                        at=rej.at,
                        size=len(rej.raw),
                        content_hash=rej.content_hash,
                        raw=rej.raw,
                    )
                    .returning(rejections.c.id)
                ).scalar_one()
            )

    def rejections(self) -> list[StoredRejection]:
        cols = (rejections.c.id, rejections.c.source, rejections.c.reason, rejections.c.at)
        query = sa.select(*cols, rejections.c.size, rejections.c.content_hash)
        with self._read() as c:
            return [StoredRejection(*row) for row in c.execute(query.order_by(rejections.c.id))]

    def count_rejections(self) -> int:
        with self._read() as c:
            return int(c.execute(sa.select(sa.func.count()).select_from(rejections)).scalar_one())

    def rejection_raw(self, rej_id: int) -> bytes:
        with self._read() as c:
            raw = c.execute(sa.select(rejections.c.raw).where(rejections.c.id == rej_id)).scalar()
        if raw is None:
            raise StoreError(f"rejection {rej_id} is not stored")
        return bytes(raw)

    # --- articles -----------------------------------------------------------------------

    def save_article(
        self, page_id: int, article: Article, *, fingerprint: str | None = None
    ) -> int:
        """Store the article cleaned from a page; saving again replaces it (same id).

        When the text changed, what was derived from the old text goes: signature,
        bands and copy-group membership (dedup decides again).
        """
        with self.transaction() as c:
            page_url = c.execute(_PAGE_URL, {"pid": page_id}).first()
            if page_url is None:
                raise StoreError(f"cannot save article: page {page_id} is not stored")
            text = article.text
            values: dict[str, Any] = {
                "page_id": page_id,
                "page_hash": article.page_hash,
                "title": article.title,
                "paragraphs": list(article.paragraphs),
                "text": text,
                "url": article.url,
                "canonical_url": article.canonical_url,
                # The article's identity for URL copies: what the page says it is.
                "normalized_url": _normalize_url(
                    article.canonical_url or article.url or page_url[0]
                ),
                "byline": article.byline,
                "author": article.author,
                "outlet": article.outlet,
                "section": article.section,
                "language": article.language,
                "language_score": article.language_score,
                "site": article.site,
                **_dated_columns(article.published, "published"),
                **_dated_columns(article.updated, "updated"),
            }
            old = c.execute(_ARTICLE_OF_PAGE, {"pid": page_id}).first()
            if old is None:
                values["fingerprint"] = fingerprint
                values["stored_at"] = utcnow()
                article_id = int(c.execute(_INSERT_ARTICLE, values).scalar_one())
            else:
                article_id = old.id
                if old.text != text:
                    values["fingerprint"] = fingerprint
                    self._forget_derived(c, article_id)
                elif fingerprint is not None:
                    values["fingerprint"] = fingerprint
                c.execute(_UPDATE_ARTICLE, {**values, "_id": article_id})
                c.execute(_DELETE_DROPPED, {"aid": article_id})
            if article.dropped:
                c.execute(
                    _INSERT_DROPPED,
                    [
                        {
                            "article_id": article_id,
                            "seq": seq,
                            "line_index": d.index,
                            "text": d.text,
                            "reason": d.reason,
                        }
                        for seq, d in enumerate(article.dropped)
                    ],
                )
            return article_id

    def _forget_derived(self, c: Connection, article_id: int) -> None:
        c.execute(_DELETE_SIGNATURE, {"aid": article_id})
        c.execute(_DELETE_BANDS, {"aid": article_id})
        group = self._group_of(c, article_id)
        if group is not None:
            c.execute(sa.delete(copy_members).where(copy_members.c.article_id == article_id))
            self._settle_group(c, group)

    def article(self, article_id: int) -> StoredArticle | None:
        found = self._load_articles(articles.c.id == article_id)
        return found[0] if found else None

    def article_for_page(self, page_id: int) -> StoredArticle | None:
        found = self._load_articles(articles.c.page_id == page_id)
        return found[0] if found else None

    def articles(
        self,
        *,
        limit: int | None = None,
        offset: int = 0,
        site: str | None = None,
        language: str | None = None,
    ) -> list[StoredArticle]:
        """Articles in storage order, optionally of one site and/or language."""
        conditions = []
        if site is not None:
            conditions.append(articles.c.site == site)
        if language is not None:
            conditions.append(articles.c.language == language)
        return self._load_articles(*conditions, limit=limit, offset=offset)

    def articles_by_ids(self, ids: Sequence[int]) -> list[StoredArticle]:
        """The stored articles among ``ids``, in the order given."""
        by_id: dict[int, StoredArticle] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            for art in self._load_articles(articles.c.id.in_(chunk)):
                by_id[art.id] = art
        return [by_id[i] for i in ids if i in by_id]

    def count_articles(self) -> int:
        with self._read() as c:
            return int(c.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one())

    def _load_articles(
        self, *conditions: Any, limit: int | None = None, offset: int = 0
    ) -> list[StoredArticle]:
        query = (
            sa.select(articles, copy_members.c.group_id)
            .select_from(articles.outerjoin(copy_members))
            .where(*conditions)
            .order_by(articles.c.id)
        )
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        with self._read() as c:
            rows = c.execute(query).all()
            dropped: dict[int, list[DroppedLine]] = {row.id: [] for row in rows}
            for chunk in _chunks(list(dropped)):
                lines = c.execute(
                    sa.select(dropped_lines)
                    .where(dropped_lines.c.article_id.in_(chunk))
                    .order_by(dropped_lines.c.article_id, dropped_lines.c.seq)
                )
                for line in lines:
                    dropped[line.article_id].append(
                        DroppedLine(line.line_index, line.text, line.reason)
                    )
        return [
            StoredArticle(
                page_hash=row.page_hash,
                title=row.title,
                paragraphs=list(row.paragraphs),
                url=row.url,
                canonical_url=row.canonical_url,
                byline=row.byline,
                author=row.author,
                outlet=row.outlet,
                section=row.section,
                published=_dated(row.published, row.published_origin),
                updated=_dated(row.updated, row.updated_origin),
                language=row.language,
                language_score=row.language_score,
                site=row.site,
                dropped=dropped[row.id],
                id=row.id,
                page_id=row.page_id,
                stored_at=row.stored_at,
                copy_group_id=row.group_id,
                fingerprint=row.fingerprint,
            )
            for row in rows
        ]

    def search(self, query: str, *, limit: int = 20) -> list[tuple[StoredArticle, float]]:
        """Full-text search over title and text, best first (higher score is better).

        Articles holding every word rank first; when none does, any word matches.
        """
        words = dialect.query_words(query)
        with self._read() as c:
            hits = dialect.search_ids(c, words, any_word=False, limit=limit)
            if not hits:
                hits = dialect.search_ids(c, words, any_word=True, limit=limit)
        found = {a.id: a for a in self.articles_by_ids([i for i, _ in hits])}
        return [(found[i], score) for i, score in hits if i in found]

    # --- site profiles ------------------------------------------------------------------

    def site_profile(self, site: str) -> SiteProfile:
        """The stored repetition profile of a site, or an empty one."""
        from storytrace.clean.site import SiteProfile

        with self._read() as c:
            data = c.execute(
                sa.select(site_profiles.c.data).where(site_profiles.c.site == site)
            ).scalar()
        if data is None:
            return SiteProfile(site)
        return SiteProfile.from_dict(data)

    def save_site_profile(self, profile: SiteProfile) -> None:
        with self.transaction() as c:
            dialect.upsert(
                c,
                site_profiles,
                {"site": profile.site, "data": profile.to_dict(), "updated_at": utcnow()},
                ["site"],
            )

    # --- copies -------------------------------------------------------------------------

    def articles_by_normalized_url(self, url: str) -> list[int]:
        """Ids of articles at this URL (normalized here too, so raw URLs work)."""
        norm = _normalize_url(url)
        if norm is None:
            return []
        with self._read() as c:
            return list(c.execute(_BY_URL, {"u": norm}).scalars())

    articles_by_url = articles_by_normalized_url

    def articles_by_fingerprint(self, fingerprint: str) -> list[int]:
        with self._read() as c:
            return list(c.execute(_BY_FINGERPRINT, {"fp": fingerprint}).scalars())

    def set_fingerprint(self, article_id: int, fingerprint: str | None) -> None:
        with self.transaction() as c:
            done = c.execute(
                sa.update(articles)
                .where(articles.c.id == article_id)
                .values(fingerprint=fingerprint)
            )
            if done.rowcount == 0:
                raise StoreError(f"article {article_id} is not stored")

    def add_signature(
        self,
        article_id: int,
        signature: bytes | bytearray | memoryview | _HasToBytes,
        bands: Iterable[bytes] = (),
    ) -> None:
        """Store an article's MinHash signature (bytes, or a numpy array) and its LSH
        band keys, replacing earlier ones."""
        with self.transaction() as c:
            self._require_articles(c, [article_id])
            dialect.upsert(
                c,
                signatures,
                {"article_id": article_id, "signature": _sig_bytes(signature)},
                ["article_id"],
            )
            self._replace_bands(c, article_id, bands)

    def add_bands(self, article_id: int, band_keys: Iterable[bytes]) -> None:
        """Replace an article's LSH band keys."""
        with self.transaction() as c:
            self._require_articles(c, [article_id])
            self._replace_bands(c, article_id, band_keys)

    def _replace_bands(self, c: Connection, article_id: int, band_keys: Iterable[bytes]) -> None:
        c.execute(_DELETE_BANDS, {"aid": article_id})
        keys = list(dict.fromkeys(bytes(b) for b in band_keys))
        if keys:
            c.execute(_INSERT_BANDS, [{"band": k, "article_id": article_id} for k in keys])

    def signature(self, article_id: int) -> bytes | None:
        with self._read() as c:
            sig = c.execute(_SIGNATURE_OF, {"aid": article_id}).scalar()
        return None if sig is None else bytes(sig)

    def band_candidates(self, band_keys: Iterable[bytes]) -> set[int]:
        """Articles sharing at least one band key (an index lookup per key)."""
        keys = list(dict.fromkeys(bytes(b) for b in band_keys))
        found: set[int] = set()
        with self._read() as c:
            for chunk in _chunks(keys):
                found.update(c.execute(_BAND_MATCHES, {"keys": list(chunk)}).scalars())
        return found

    def join_copy_group(
        self, article_id: int, other: int | None, relation: str, similarity: float
    ) -> int:
        """Put an article in ``other``'s copy group (``other=None``: a group of its own).

        ``relation`` and ``similarity`` say how it matched. When ``other`` has no group
        yet, one is made with ``other`` as its first member (relation ``"self"``); when
        the two articles already sit in different groups, the groups merge. Returns the
        group id; the group's earliest member is recomputed.
        """
        with self.transaction() as c:
            ids = [article_id] if other is None else [article_id, other]
            self._require_articles(c, ids)
            own = self._group_of(c, article_id)
            if other is None or other == article_id:
                if own is not None:
                    return own
                group = self._new_group(c, article_id)
                self._add_member(c, group, article_id, relation, similarity)
                return group
            target = self._group_of(c, other)
            if target is None and own is None:
                target = self._new_group(c, other)
                self._add_member(c, target, other, "self", 1.0)
                self._add_member(c, target, article_id, relation, similarity)
                self._settle_group(c, target, among=[article_id])
            elif target is None:
                assert own is not None
                # The match is symmetric: other joins the article's group.
                self._add_member(c, own, other, relation, similarity)
                self._settle_group(c, own, among=[other])
                return own
            elif own is None:
                self._add_member(c, target, article_id, relation, similarity)
                self._settle_group(c, target, among=[article_id])
            else:
                if own != target:  # merge the article's group into other's
                    own_earliest = c.execute(_GROUP_HEAD, {"g": own}).scalar()
                    c.execute(_MOVE_MEMBERS, {"old": own, "new": target})
                    c.execute(_DELETE_GROUP, {"g": own})
                    among = [own_earliest] if own_earliest is not None else None
                    self._settle_group(c, target, among=among)
                c.execute(_SET_RELATION, {"aid": article_id, "r": relation, "s": similarity})
            return target

    def copy_group_of(self, article_id: int) -> CopyGroup | None:
        with self._read() as c:
            group = self._group_of(c, article_id)
            if group is None:
                return None
            return self._load_groups(c, [group])[0]

    def copy_groups(self, *, min_size: int = 2) -> list[CopyGroup]:
        """Copy groups with at least ``min_size`` members, oldest group first."""
        with self._read() as c:
            ids = list(
                c.execute(
                    sa.select(copy_members.c.group_id)
                    .group_by(copy_members.c.group_id)
                    .having(sa.func.count() >= min_size)
                    .order_by(copy_members.c.group_id)
                ).scalars()
            )
            found: list[CopyGroup] = []
            for chunk in _chunks(ids):
                found.extend(self._load_groups(c, chunk))
            return found

    def clear_copy_groups(self) -> None:
        """Forget every copy group (before rebuilding them all); signatures, bands and
        fingerprints stay."""
        with self.transaction() as c:
            c.execute(sa.delete(copy_members))
            c.execute(sa.delete(copy_groups))

    # --- copy-group helpers ---------------------------------------------------------------

    def _require_articles(self, c: Connection, ids: Sequence[int]) -> None:
        known = set(c.execute(_ARTICLE_IDS_IN, {"ids": list(ids)}).scalars())
        missing = [i for i in ids if i not in known]
        if missing:
            raise StoreError(f"article {missing[0]} is not stored")

    @staticmethod
    def _group_of(c: Connection, article_id: int) -> int | None:
        return c.execute(_GROUP_OF, {"aid": article_id}).scalar()

    @staticmethod
    def _new_group(c: Connection, earliest: int) -> int:
        params = {"earliest_article_id": earliest, "created_at": utcnow()}
        return int(c.execute(_INSERT_GROUP, params).scalar_one())

    @staticmethod
    def _add_member(c: Connection, group: int, article_id: int, relation: str, sim: float) -> None:
        params = {"article_id": article_id, "group_id": group, "relation": relation}
        c.execute(_INSERT_MEMBER, {**params, "similarity": sim})

    @staticmethod
    def _settle_group(c: Connection, group: int, among: Sequence[int] | None = None) -> None:
        """Mark the group's earliest member, or drop the group when it has none left.

        ``among``: the only members that may have changed the answer (those just
        added), compared with the current earliest; None recomputes over all members.
        Earliest by publication date; an article without one counts from when its page
        was fetched (or stored): it existed by then, so that is a sound upper bound.
        """
        if among is None:
            rows = c.execute(_WHEN_IN_GROUP, {"g": group}).all()
        else:
            current = c.execute(_GROUP_HEAD, {"g": group}).scalar()
            ids = [*among, *([current] if current is not None else [])]
            rows = c.execute(_WHEN_OF, {"ids": ids}).all()
        if not rows:
            c.execute(_DELETE_GROUP, {"g": group})
            return

        def when(row: Any) -> tuple[datetime, int]:
            if row.published_at is not None:
                return row.published_at, row.id
            seen = row.stored_at
            if row.fetched_at is not None and row.fetched_at < seen:
                seen = row.fetched_at
            return seen, row.id

        c.execute(_SET_HEAD, {"g": group, "earliest": min(rows, key=when).id})

    @staticmethod
    def _load_groups(c: Connection, group_ids: Sequence[int]) -> list[CopyGroup]:
        heads = {
            row.id: row.earliest_article_id
            for row in c.execute(sa.select(copy_groups).where(copy_groups.c.id.in_(group_ids)))
        }
        members: dict[int, list[CopyMember]] = {g: [] for g in heads}
        rows = c.execute(
            sa.select(copy_members)
            .where(copy_members.c.group_id.in_(group_ids))
            .order_by(copy_members.c.group_id, copy_members.c.article_id)
        )
        for row in rows:
            members[row.group_id].append(CopyMember(row.article_id, row.relation, row.similarity))
        return [CopyGroup(g, heads[g], tuple(members[g])) for g in group_ids if g in heads]
