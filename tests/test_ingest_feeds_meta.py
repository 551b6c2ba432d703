"""Feed metadata: the outlet and section a feed's title and categories carry."""

from __future__ import annotations

import pytest

from storytrace.ingest.feeds import outlet_and_section


@pytest.mark.parametrize(
    ("title", "categories", "link", "expected"),
    [
        ("Daily Ledger – Politics", ["Politics", "Elections"], None, ("Daily Ledger", "Politics")),
        ("Sport | Daily Ledger", ["Sport"], None, ("Daily Ledger", "Sport")),
        ("Le Phare - Culture", [], "https://lephare.example/culture/", ("Le Phare", "Culture")),
        ("Daily Ledger", ["Business"], None, ("Daily Ledger", "Business")),
        # a colon in an outlet's own name is not a section when nothing says so
        ("Ledger: the town's paper", ["Local"], None, ("Ledger: the town's paper", "Local")),
        (None, [], None, (None, None)),
    ],
)
def test_outlet_and_section(
    title: str | None, categories: list[str], link: str | None, expected: tuple[str, str]
) -> None:
    assert outlet_and_section(title, categories, link) == expected
