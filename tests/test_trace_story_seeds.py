"""Acceptance: the two seed pages (../shared/seeds) traced as one story.

Both lead back to the story's original source, the agency page's chain passes through the
desk it names, and the story counts one independent origin, not two. The pages go through
the same cleaning and story tracing as any other page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storytrace.records import Page
from storytrace.trace.story import StoryTrace, member_of, trace_members

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def expected() -> dict:
    path = SEEDS / "expected.json"
    if not path.is_file():
        pytest.skip(f"seed pages not available: {path} is absent (../shared not mounted)")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def story(expected: dict) -> tuple[StoryTrace, dict[str, int]]:
    from storytrace.clean import clean

    items = []
    ids = {}
    for i, name in enumerate(expected["pages"], 1):
        article = clean(Page(raw=(SEEDS / name).read_bytes(), source=name, origin="file"))
        items.append((member_of(article, i), article))
        ids[name] = i
    return trace_members(items), ids


def test_both_pages_lead_back_to_the_original_source(expected: dict, story: tuple) -> None:
    result, ids = story
    origin = expected["story"]["original_source"]
    assert result.chains.original_source == origin
    for name in expected["pages"]:
        chain = result.chains.chains[ids[name]]
        assert chain.chain[0] == origin and chain.origins == [origin], (name, chain)
    # cited only: no page of the origin itself was ingested
    assert result.chains.nodes[origin].articles == []


def test_agency_chain_passes_through_its_desk(expected: dict, story: tuple) -> None:
    result, ids = story
    checked = 0
    for name, page in expected["pages"].items():
        if "citation_chain" in page:
            assert result.chains.chains[ids[name]].chain == page["citation_chain"]
            checked += 1
    assert checked


def test_one_independent_origin_not_two(expected: dict, story: tuple) -> None:
    result, ids = story
    assert result.origins.count == 1
    assert result.origins.origins[0].name == expected["story"]["original_source"]
    assert sorted(result.origins.origins[0].articles) == sorted(ids.values())
    assert result.origins.reasoning[-1].startswith("=> 1 independent origin")
