"""The store on a real SQLite file and a real PostgreSQL server: open, pages,
rejections, articles, search."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from storytrace.records import Article, Dated, DroppedLine, Page, Rejection
from storytrace.store import Store, StoredArticle, StoreError, migrate


def make_page(body: str, url: str | None = None, **kw: object) -> Page:
    return Page(raw=body.encode(), source=url or "file.html", origin="file", url=url, **kw)  # type: ignore[arg-type]


def make_article(page: Page, title: str, *paragraphs: str, **kw: object) -> Article:
    return Article(page_hash=page.content_hash, title=title, paragraphs=list(paragraphs), **kw)  # type: ignore[arg-type]


# --- open and migrations ----------------------------------------------------------------


def test_open_migrates_empty_database_to_head(store_url: str) -> None:
    with Store.open(store_url) as store:
        assert migrate.current(store.engine) == migrate.head()
        tables = set(sa.inspect(store.engine).get_table_names())
    assert {"pages", "rejections", "articles", "dropped_lines", "site_profiles"} <= tables
    assert {"signatures", "bands", "copy_groups", "copy_members", "alembic_version"} <= tables


def test_second_open_is_a_no_op_and_keeps_data(store_url: str) -> None:
    with Store.open(store_url) as store:
        ref = store.add_page(make_page("<p>kept</p>", "https://a.example/x"))
    with Store.open(store_url) as store:
        assert migrate.current(store.engine) == migrate.head()
        assert store.page(ref.id) is not None
        with store.engine.connect() as conn:
            versions = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    assert versions == [(migrate.head(),)]


def test_up_to_date_open_runs_no_ddl(store_url: str) -> None:
    """On a store at head, opening only reads the version: no DDL, no writes."""
    Store.open(store_url).close()
    engine = sa.create_engine(store_url)
    seen: list[str] = []
    sa.event.listen(
        engine, "before_cursor_execute", lambda _c, _cur, stmt, *_: seen.append(stmt.upper())
    )
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    assert seen, "the version was not even read"
    writes = ("CREATE", "ALTER", "DROP", "INSERT", "UPDATE", "DELETE")
    assert not [s for s in seen if s.lstrip().startswith(writes)]


def test_postgres_url_without_driver_is_read_as_psycopg(pg_url: str) -> None:
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with Store.open(plain) as store:
        assert store.engine.dialect.driver == "psycopg"
        assert store.count_pages() == 0


def test_schema_matches_models(store_url: str) -> None:
    """The migrations build exactly the tables that models.py describes."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from storytrace.store.dialect import SEARCH_OBJECTS
    from storytrace.store.models import metadata

    def include(obj: object, name: str | None, *_: object) -> bool:
        return name not in SEARCH_OBJECTS and not (name or "").startswith("articles_fts")

    with Store.open(store_url) as store, store.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include}
        )
        assert compare_metadata(ctx, metadata) == []


def test_downgrade_to_base_and_up_again(store_url: str) -> None:
    with Store.open(store_url) as store:
        store.add_page(make_page("<p>x</p>"))
        migrate.downgrade(store.engine, "base")
        assert migrate.current(store.engine) is None
        assert "pages" not in sa.inspect(store.engine).get_table_names()
        migrate.upgrade(store.engine)
        assert migrate.current(store.engine) == migrate.head()
        assert store.count_pages() == 0


def test_sqlite_pragmas(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert (conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 1000


def test_open_path_creates_parent_directories(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "s.db"
    with Store.open(target) as store:
        store.add_page(make_page("<p>x</p>"))
    assert target.is_file()


def test_open_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot open store"):
        Store.open("postgresql://nobody:secret@127.0.0.1:1/nothing")


def test_open_non_database_file_is_a_clear_error(tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("these are notes, not a database\n" * 100)
    with pytest.raises(StoreError, match=r"cannot open store .*notes\.txt"):
        Store.open(not_a_db)


def test_open_unknown_scheme_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot open store nosuchdb://"):
        Store.open("nosuchdb://user:secret@host/db")


def test_open_hides_password_in_error() -> None:
    with pytest.raises(StoreError) as info:
        Store.open("postgresql://nobody:secret@127.0.0.1:1/nothing")
    assert "secret" not in str(info.value)


# --- pages ------------------------------------------------------------------------------


def test_page_round_trip(store: Store) -> None:
    page = Page(
        raw="<html><body>é ü \x00 bytes</body></html>".encode() + bytes(range(256)),
        source="dump.warc.gz#rec-1",
        origin="warc",
        kind="html",
        url="https://news.example/story",
        fetched_at=datetime(2024, 5, 1, 12, 30, tzinfo=timezone(timedelta(hours=2))),
        headers=(("content-type", "text/html; charset=utf-8"), ("x-a", "1"), ("x-a", "2")),
        encoding="utf-8",
        hints=(("title", "A title"), ("published", "2024-05-01")),
    )
    ref = store.add_page(page)
    assert ref.created and ref.version_of is None
    back = store.page(ref.id)
    assert back == page
    assert back is not None and back.fetched_at is not None
    assert back.fetched_at.utcoffset() == timedelta(0)
    assert store.page(ref.id + 1000) is None
    assert store.page_id(page.content_hash) == ref.id


def test_naive_fetched_at_is_read_as_utc(store: Store) -> None:
    ref = store.add_page(make_page("<p>n</p>", fetched_at=datetime(2024, 1, 1, 8, 0)))
    back = store.page(ref.id)
    assert back is not None
    assert back.fetched_at == datetime(2024, 1, 1, 8, 0, tzinfo=UTC)


def test_re_adding_same_bytes_is_a_no_op(store: Store) -> None:
    first = store.add_page(make_page("<p>same</p>", "https://a.example/1"))
    again = store.add_page(make_page("<p>same</p>", "https://other.example/2"))
    assert again.id == first.id and not again.created
    assert store.count_pages() == 1


def test_version_chain_at_one_url(store: Store) -> None:
    v1 = store.add_page(make_page("<p>v1</p>", "https://site.example/story?utm_source=x"))
    other = store.add_page(make_page("<p>elsewhere</p>", "https://site.example/other"))
    v2 = store.add_page(make_page("<p>v2</p>", "https://site.example/story"))
    v3 = store.add_page(make_page("<p>v3</p>", "https://site.example/story"))
    assert v1.version_of is None and other.version_of is None
    assert v2.version_of == v1.id and v3.version_of == v2.id
    # re-adding an old version changes nothing
    assert store.add_page(make_page("<p>v1</p>", "https://site.example/story")) == (
        type(v1)(v1.id, False, None)
    )
    chain = store.page_versions("https://site.example/story")
    assert [v.id for v in chain] == [v1.id, v2.id, v3.id]
    assert [v.version_of for v in chain] == [None, v1.id, v2.id]
    assert chain[0].content_hash == make_page("<p>v1</p>").content_hash
    assert chain[1].size == len(b"<p>v2</p>")
    assert store.page_versions("https://site.example/none") == []


def test_version_chains(store: Store) -> None:
    a1 = store.add_page(make_page("<p>a1</p>", "https://site.example/a?utm_source=x"))
    store.add_page(make_page("<p>single</p>", "https://site.example/single"))
    b1 = store.add_page(make_page("<p>b1</p>", "https://site.example/b"))
    a2 = store.add_page(make_page("<p>a2</p>", "https://site.example/a"))
    store.add_page(make_page("<p>no url</p>"))
    b2 = store.add_page(make_page("<p>b2</p>", "https://site.example/b"))
    a3 = store.add_page(make_page("<p>a3</p>", "https://site.example/a"))
    assert store.version_chains() == [
        ("https://site.example/a?utm_source=x", [a1.id, a2.id, a3.id]),
        ("https://site.example/b", [b1.id, b2.id]),
    ]
    assert len(store.version_chains(min_versions=3)) == 1
    assert len(store.version_chains(min_versions=1)) == 3


def test_pages_without_url_have_no_chain(store: Store) -> None:
    a = store.add_page(make_page("<p>a</p>"))
    b = store.add_page(make_page("<p>b</p>"))
    assert a.version_of is None and b.version_of is None
    assert store.page_ids() == [a.id, b.id]
    assert store.page_ids(after=a.id) == [b.id]
    assert store.page_ids(limit=1) == [a.id]


def test_transaction_groups_and_rolls_back(store: Store) -> None:
    with store.transaction():
        for i in range(50):
            store.add_page(make_page(f"<p>{i}</p>"))
        assert store.count_pages() == 50  # reads inside see the batch
    assert store.count_pages() == 50
    with pytest.raises(RuntimeError), store.batch():
        store.add_page(make_page("<p>lost</p>"))
        raise RuntimeError("boom")
    assert store.count_pages() == 50
    assert store.page_id(make_page("<p>lost</p>").content_hash) is None


# --- rejections -------------------------------------------------------------------------


def test_rejection_bytes_round_trip(store: Store) -> None:
    raw = bytes(range(256)) * 100
    at = datetime(2024, 2, 3, 4, 5, 6, 789000, tzinfo=UTC)
    first = store.add_rejection(Rejection("bad.bin", "not text: binary data", raw, at))
    second = store.add_rejection(Rejection("empty.html", "empty file"))
    stored = store.rejections()
    assert [r.id for r in stored] == [first, second]
    assert stored[0].source == "bad.bin" and stored[0].reason == "not text: binary data"
    assert stored[0].size == len(raw) and stored[0].at == at
    assert stored[0].content_hash == Rejection("x", "y", raw).content_hash
    assert stored[0].line() == "rejected bad.bin: not text: binary data"
    assert store.rejection_raw(first) == raw
    assert store.rejection_raw(second) == b""
    assert store.count_rejections() == 2
    with pytest.raises(StoreError, match="rejection 999"):
        store.rejection_raw(999)


# --- articles ---------------------------------------------------------------------------


def test_article_round_trip(store: Store) -> None:
    page = make_page("<p>a</p>", "https://news.example/a")
    ref = store.add_page(page)
    art = make_article(
        page,
        "Council approves budget",
        "First paragraph.",
        "Second paragraph.",
        url="https://news.example/a",
        canonical_url="https://news.example/a-canonical",
        byline="By Jane Roe",
        author="Jane Roe",
        outlet="News Example",
        section="Politics",
        published=Dated(datetime(2024, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=-5))), "meta"),
        updated=Dated(date(2024, 3, 2), "htmldate"),
        language="en",
        language_score=0.97,
        site="news.example",
        dropped=[DroppedLine(0, "Menu", "navigation"), DroppedLine(7, "Share this", "boiler")],
    )
    article_id = store.save_article(ref.id, art, fingerprint="fp-1")
    back = store.article(article_id)
    assert isinstance(back, StoredArticle)
    assert back.id == article_id and back.page_id == ref.id and back.fingerprint == "fp-1"
    assert back.copy_group_id is None
    for name in (
        "page_hash", "title", "paragraphs", "url", "canonical_url", "byline", "author",
        "outlet", "section", "language", "language_score", "site", "dropped",
    ):  # fmt: skip
        assert getattr(back, name) == getattr(art, name), name
    # a date stays a date; a datetime keeps its printed offset
    assert back.published == art.published
    assert back.published is not None and isinstance(back.published.value, datetime)
    assert back.published.value.utcoffset() == timedelta(hours=-5)
    assert back.updated == Dated(date(2024, 3, 2), "htmldate")
    assert type(back.updated.value) is date
    assert back.text == "First paragraph.\n\nSecond paragraph."
    assert store.article_for_page(ref.id) == back
    assert store.article(article_id + 100) is None


def test_save_article_for_missing_page_is_a_clear_error(store: Store) -> None:
    page = make_page("<p>x</p>")
    with pytest.raises(StoreError, match="page 42 is not stored"):
        store.save_article(42, make_article(page, "t", "p"))
    assert store.count_articles() == 0


def test_resave_replaces_the_article(store: Store) -> None:
    page = make_page("<p>a</p>")
    ref = store.add_page(page)
    first = store.save_article(
        ref.id, make_article(page, "Old", "old text", dropped=[DroppedLine(1, "x", "r")])
    )
    again = store.save_article(ref.id, make_article(page, "New", "new text"))
    assert again == first
    assert store.count_articles() == 1
    back = store.article(first)
    assert back is not None and back.title == "New" and back.dropped == []
    assert [a.title for a, _ in store.search("new")] == ["New"]
    assert store.search("old") == []


def test_articles_listing_and_filters(store: Store) -> None:
    for i in range(6):
        page = make_page(f"<p>{i}</p>")
        ref = store.add_page(page)
        store.save_article(
            ref.id,
            make_article(
                page,
                f"t{i}",
                f"body {i}",
                site="a.example" if i % 2 else "b.example",
                language="en" if i < 3 else "fr",
                dropped=[DroppedLine(i, f"line {i}", "why")],
            ),
        )
    assert store.count_articles() == 6
    assert [a.title for a in store.articles()] == [f"t{i}" for i in range(6)]
    assert [a.title for a in store.articles(limit=2, offset=1)] == ["t1", "t2"]
    assert [a.title for a in store.articles(site="a.example")] == ["t1", "t3", "t5"]
    assert [a.title for a in store.articles(language="fr", site="b.example")] == ["t4"]
    assert [a.dropped[0].text for a in store.articles()] == [f"line {i}" for i in range(6)]
    ids = [a.id for a in store.articles()]
    assert [a.id for a in store.articles_by_ids([ids[3], ids[0], 999])] == [ids[3], ids[0]]


# --- search -----------------------------------------------------------------------------


def _add(store: Store, title: str, *paragraphs: str) -> int:
    page = make_page(title + "|".join(paragraphs))
    return store.save_article(store.add_page(page).id, make_article(page, title, *paragraphs))


def test_search_ranks_better_matches_first(store: Store) -> None:
    weak = _add(store, "Weather report", "Rain later. The harbour is calm.")
    strong = _add(
        store, "Harbour fire", "A fire broke out at the harbour.", "The harbour fire burned."
    )
    _add(store, "Sports", "Nothing relevant here.")
    hits = store.search("harbour fire")
    assert [a.id for a, _ in hits] == [strong]  # every word must match when some article has all
    hits = store.search("harbour")
    assert [a.id for a, _ in hits] == [strong, weak]
    assert hits[0][1] > hits[1][1]


def test_search_title_outweighs_text(store: Store) -> None:
    in_text = _add(store, "Local news", "The mayor spoke about bridges and roads today.")
    in_title = _add(store, "Bridges", "The mayor spoke about roads and schools today.")
    assert [a.id for a, _ in store.search("bridges")] == [in_title, in_text]


def test_search_falls_back_to_any_word_and_ignores_operators(store: Store) -> None:
    one = _add(store, "Storm", "A storm hit the coast.")
    two = _add(store, "Flood", "The river flooded the valley.")
    assert {a.id for a, _ in store.search('storm valley "OR" -( NEAR')} == {one, two}
    assert store.search("") == []
    assert store.search("!!! ???") == []
    assert store.search("zebra") == []


def test_search_matches_accented_words_and_limit(store: Store) -> None:
    ids = [_add(store, f"Élection {i}", "Résultats de l'élection municipale.") for i in range(5)]
    hits = store.search("élection", limit=3)
    assert len(hits) == 3 and {a.id for a, _ in hits} <= set(ids)


def test_large_page_and_article(store: Store) -> None:
    """Raw bytes of several MB and a very long article (over PostgreSQL's tsvector
    limit if indexed whole) are stored, read back and searchable."""
    import random
    import string

    rng = random.Random(7)
    words = ["".join(rng.choice(string.ascii_lowercase) for _ in range(9)) for _ in range(80_000)]
    text = " ".join(words)
    raw = text.encode() + bytes(range(256)) * 12_000
    page = Page(raw=raw, source="big.txt", origin="file", kind="text")
    ref = store.add_page(page)
    article_id = store.save_article(ref.id, make_article(page, "Big", text))
    back = store.page(ref.id)
    assert back is not None and back.raw == raw
    stored = store.article(article_id)
    assert stored is not None and stored.text == text
    assert [a.id for a, _ in store.search(words[10])] == [article_id]


def test_strings_no_back_end_accepts_are_made_storable(store: Store) -> None:
    """NUL characters (refused by PostgreSQL) and lone surrogates (refused by every
    driver) become U+FFFD instead of failing the batch; raw bytes stay exact."""
    raw = b"body \x00 with nul"
    page = Page(
        raw=raw,
        source="dump.jsonl:3\x00",
        origin="jsonl",
        hints=(("title", "bad \udcff title"), ("outlet", "nul\x00")),
    )
    ref = store.add_page(page)
    back = store.page(ref.id)
    assert back is not None and back.raw == raw
    assert back.source == "dump.jsonl:3\ufffd"
    assert back.hints == (("title", "bad \ufffd title"), ("outlet", "nul\ufffd"))
    article = make_article(page, "T\x00", "para \udcff one", "two\x00")
    article_id = store.save_article(ref.id, article)
    stored = store.article(article_id)
    assert stored is not None
    assert stored.title == "T\ufffd" and stored.paragraphs == ["para \ufffd one", "two\ufffd"]
    assert [a.id for a, _ in store.search("para")] == [article_id]
    rej = store.add_rejection(Rejection("x\x00.bin", "bad \udcff", b"\x00\xff"))
    assert store.rejection_raw(rej) == b"\x00\xff"
    assert store.rejections()[0].reason == "bad \ufffd"


def test_a_savepoint_undoes_one_step_and_the_transaction_goes_on(store: Store) -> None:
    kept = Page(raw=b"kept page", source="test:kept", origin="text", kind="text")
    undone = Page(raw=b"undone page", source="test:undone", origin="text", kind="text")
    with store.transaction():
        store.add_page(kept)
        with pytest.raises(RuntimeError), store.savepoint():
            store.add_page(undone)
            raise RuntimeError("a later step failed")
        store.add_rejection(Rejection("test:after", "written after the failed step", b"x"))
    assert store.add_page(kept).created is False  # committed
    assert store.add_page(undone).created is True  # rolled back to the savepoint
    assert [r.source for r in store.rejections()] == ["test:after"]
