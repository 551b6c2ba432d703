"""Properties of the text-level cleaner on arbitrary input: it never crashes, and every
line of the page is accounted for (kept as title/paragraph, or dropped with a reason)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.clean import CleanError, clean, clean_text
from storytrace.records import Page

_line = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "Home » World » Pier vote",
            "By Jane Roe",
            "date 2030-01-02",
            "Comments (3)",
            "Posted January 9, 2030",
            "publisher Gazette",
            "3 + 4 =",
            "The council voted on Tuesday to rebuild the pier, ending a long dispute that "
            "had divided the town for almost a decade and cost the mayor two elections.",
        ]
    ),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_line, max_size=40))
def test_every_line_is_kept_or_dropped_with_a_reason(lines: list[str]) -> None:
    result = clean_text(lines)
    dropped_text = [d.text for d in result.dropped]
    assert all(d.reason for d in result.dropped)
    kept = list(result.paragraphs) + ([result.title] if result.title_index is not None else [])
    for raw in lines:  # a sequence is taken as the page's lines, whitespace collapsed
        norm = " ".join(raw.split())
        if not norm:
            continue
        # the date marker shares its line with what follows it: either part may remain
        assert norm in kept or any(norm in d or d in norm for d in dropped_text), norm


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "latin-1", "no-such-codec"]))
def test_clean_never_fails_but_with_clean_error(raw: bytes, encoding: str | None) -> None:
    page = Page(raw=raw, source="fuzz.txt", origin="file", kind="text", encoding=encoding)
    try:
        article = clean(page)
    except CleanError as exc:
        assert "fuzz.txt" in str(exc)
    else:
        assert article.paragraphs
