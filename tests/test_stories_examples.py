"""The bundled examples, ingested through the pipeline, group into the manifest's stories:
three stories, the French and German versions with their English ones."""

from __future__ import annotations

import json
from pathlib import Path

from storytrace.pipeline import Pipeline
from storytrace.store import Store
from storytrace.stories import views

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _manifest_story(manifest: dict[str, object], url: str | None, source: str) -> str:
    pages = manifest["pages"]
    assert isinstance(pages, list)
    for p in pages:
        if url is not None and p["url"] == url:
            return str(p["story"])
    for p in pages:
        if p["record"] is None and source.endswith(p["file"]):
            return str(p["story"])
    raise AssertionError(f"no manifest page for {source} ({url})")


def test_examples_cluster_into_the_manifest_stories(tmp_path: Path) -> None:
    manifest = json.loads((EXAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))
    with Store.open(tmp_path / "ex.db") as store:
        order = [str(EXAMPLES / name) for name in manifest["ingest_order"]]
        Pipeline(store).ingest(order[:-1])
        Pipeline(store).ingest(order[-1:])  # the re-crawl, in a later run
        predicted = views.partition(store)
        gold: dict[int, str] = {}
        for article_id in predicted:
            article = store.article(article_id)
            assert article is not None
            page = store.page(article.page_id)
            assert page is not None
            gold[article_id] = _manifest_story(manifest, page.url, page.source)
        stories = views.list_stories(store)

    assert len(predicted) == len(manifest["pages"])
    groups: dict[int, set[str]] = {}
    for article_id, story_id in predicted.items():
        groups.setdefault(story_id, set()).add(gold[article_id])
    # each predicted story holds one gold story, and each gold story is one predicted story
    assert all(len(g) == 1 for g in groups.values()), groups
    assert len(groups) == len({s["story"] for s in manifest["pages"]}) == 3
    langs = sorted(s.languages for s in stories)
    assert langs == [("de", "en"), ("de", "en", "fr"), ("en", "fr")]
