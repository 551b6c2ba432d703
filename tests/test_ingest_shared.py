"""ingest of the shared evaluation JSONL files (the common dataset shapes): every record
with content becomes a page of the format the record states, with its metadata as hints.

Reads ../shared/data (beside the repository); skipped when it is absent.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storytrace.ingest import iter_inputs
from storytrace.records import Page, Rejection

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FILES = [
    "cleaning/cleanportaleval-text.jsonl.gz",
    "cleaning/l3s-gn1-text.jsonl.gz",
    "cleaning/scrapinghub-html.jsonl.gz",
    "stories/pac.jsonl",
    "stories/basil.jsonl",
]

pytestmark = pytest.mark.shared


def records(path: Path) -> list[dict[str, object]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.mark.parametrize("name", FILES)
def test_shared_jsonl_becomes_pages(name: str) -> None:
    path = SHARED / "data" / name
    if not path.exists():
        pytest.skip(f"shared evaluation data not found at {path}")
    expected = records(path)
    items = list(iter_inputs([str(path)]))
    assert not [i for i in items if isinstance(i, Rejection)]
    pages = [i for i in items if isinstance(i, Page)]
    assert len(pages) == len(expected)
    for page, record in zip(pages, expected, strict=True):
        content = record.get("input") or record.get("text")
        assert page.raw == str(content).encode("utf-8")
        if "format" in record:
            assert page.kind == record["format"]
        assert page.hint("id") == str(record["id"])
        assert page.url == record.get("url")
        # Scoring labels are never carried into the pages.
        assert page.hint("gold") is None and page.hint("story") is None
