"""Cleaning acceptance on our own example pages: every page of examples/MANIFEST.json is
ingested through the real pipeline into a SQLite file and checked against what the
manifest says a careful reader takes from it."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from storytrace.pipeline import Pipeline
from storytrace.store import Store, StoredArticle

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MANIFEST = json.loads((EXAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))
PAGES = [p for p in MANIFEST["pages"] if not p["file"].startswith("updates/")]


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, StoredArticle]:
    db = tmp_path_factory.mktemp("examples") / "examples.db"
    store = Store.open(db)
    inputs = sorted({str(EXAMPLES / p["file"]) for p in PAGES})
    report = Pipeline(store).ingest(inputs)
    assert not report.rejected, report.rejected
    by_key: dict[str, StoredArticle] = {}
    for article in store.articles(limit=None):
        page = store.page(article.page_id)
        assert page is not None
        for entry in PAGES:
            if entry.get("record"):  # a WARC record or a feed entry: known by its URL
                match = page.url == entry["record"]
            else:
                match = page.source.endswith(entry["file"])
            if match:
                by_key[entry["id"]] = article
    store.close()
    return by_key


@pytest.mark.parametrize("entry", PAGES, ids=[p["id"] for p in PAGES])
def test_example_page_is_cleaned_as_a_reader_would(
    entry: dict[str, Any], stored: dict[str, StoredArticle]
) -> None:
    article = stored.get(entry["id"])
    assert article is not None, f"{entry['id']} was not stored as an article"
    expected = entry["expected"]
    assert article.title == expected["title"]
    assert article.author == expected["author"]
    if expected.get("section"):
        assert article.section == expected["section"]
    if expected.get("outlet"):
        assert article.outlet == expected["outlet"]
    if expected.get("published_date"):
        assert article.published is not None
        assert article.published.iso()[:10] == expected["published_date"]
    assert article.language == entry["language"]
    text = norm(article.text)
    body = entry["body"]
    assert norm(article.paragraphs[0]).startswith(norm(body["first"]))
    assert norm(article.paragraphs[-1]).endswith(norm(body["last"]))
    assert len(article.paragraphs) == body["paragraphs"]
    kept = [s for s in entry["must_drop"] if norm(s) in text]
    assert not kept, f"boilerplate left in the text: {kept}"
