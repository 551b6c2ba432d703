"""A quotation is one statement: contents widened to whole quotations and carried on by
the quotations that follow their attribution (trace/quotes.py, used by the English model)."""

from __future__ import annotations

import pytest

from storytrace.trace.quotes import QuoteIndex, quotations_after, whole_quotations


def _span(text: str, piece: str) -> tuple[int, int]:
    s = text.index(piece)
    return (s, s + len(piece))


def test_content_inside_a_quotation_grows_to_the_whole_quotation() -> None:
    text = "“The dyke will hold. We have sandbags on every street,” the mayor said."
    index = QuoteIndex(text)
    cue = (_span(text, "said"),)
    # a tagger that took only the last sentence and left the closing mark out
    content = (_span(text, "We have sandbags on every street,"),)
    assert whole_quotations(content, cue, index) == (
        _span(text, "“The dyke will hold. We have sandbags on every street,”"),
    )
    # content outside quotes, or already whole, is left as it is
    whole = (_span(text, "“The dyke will hold. We have sandbags on every street,”"),)
    assert whole_quotations(whole, cue, index) == whole
    plain = "The mayor said the dyke would hold."
    assert whole_quotations(
        (_span(plain, "the dyke would hold"),), (_span(plain, "said"),), QuoteIndex(plain)
    ) == (_span(plain, "the dyke would hold"),)


def test_a_quotation_never_grows_over_its_own_cue() -> None:
    # the speaker quotes herself: the nested attribution's content stays inside
    text = "“I told them the dyke will hold,” the mayor said."
    index = QuoteIndex(text)
    inner = (_span(text, "the dyke will hold"),)
    assert whole_quotations(inner, (_span(text, "told"),), index) == inner
    outer = (_span(text, "I told them the dyke will hold,"),)
    assert whole_quotations(outer, (_span(text, "said"),), index) == (
        _span(text, "“I told them the dyke will hold,”"),
    )


@pytest.mark.parametrize(
    ("after", "carried"),
    [
        (" “We have sandbags on every street.”", True),
        ("\n\n“We have sandbags on every street.”", True),  # the next paragraph
        (" “We have sandbags,” the deputy mayor added.", False),  # its own attribution
        (" “We have sandbags on every street.” The river rose.", False),  # more follows
        (" The river rose.", False),  # no quotation
    ],
)
def test_quotations_after_the_attribution_carry_its_content(after: str, carried: bool) -> None:
    head = "“The dyke will hold,” the mayor said on Tuesday."
    text = head + after
    index = QuoteIndex(text)
    content = (_span(text, "“The dyke will hold,”"),)
    cue = _span(text, "said")
    cues = [cue] + ([_span(text, "added")] if "added" in text else [])
    frame_end = _span(text, "the mayor")[1]
    got = quotations_after(content, frame_end, text, index, cues)
    if carried:
        assert got == (*content, _span(text, "“We have sandbags on every street.”"))
    else:
        assert got == content


def test_the_english_model_reads_a_quotation_carried_into_the_next_paragraph() -> None:
    from storytrace.trace import extract_attributions

    text = (
        "Rain fell all week.\n\n“The dyke will hold,” the mayor of Fenwick said on Tuesday."
        "\n\n“We have sandbags on every street and pumps at the lock.”\n\nThe river peaked."
    )
    (att,) = [a for a in extract_attributions(text, language="en") if a.source]
    assert [text[s:e] for s, e in att.content] == [
        "“The dyke will hold,”",
        "“We have sandbags on every street and pumps at the lock.”",
    ]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("'We will appeal,' she said of the players' union.", ["'We will appeal,'"]),
        ("The mayor called it 'nonsense' and left.", ["'nonsense'"]),
        # apostrophes: a contraction, "rock 'n' roll", a decade, a plural possessive
        ("Don't play rock 'n' roll from the '90s at the players' party, he said.", []),
    ],
)
def test_straight_single_quotes_are_quotations_and_apostrophes_are_not(
    text: str, quoted: list[str]
) -> None:
    from storytrace.trace.quotes import quote_regions

    assert [text[s:e] for s, e in quote_regions(text)] == quoted


def test_a_quotation_in_straight_single_quotes_is_a_direct_quote() -> None:
    text = "'We will appeal against the ruling,' Mara Velt said on Monday. 'The pier stays open.'"
    from storytrace.trace import extract_attributions

    [att] = extract_attributions(text, language="en")
    assert att.quote_type == "direct"
    assert "The pier stays open" in att.text_of(text, "content")


def test_a_quotation_of_several_paragraphs_in_straight_single_quotes_carries_on() -> None:
    # written for this test: British style, each paragraph opens with a mark, only the last
    # closes, so the speaker's attribution covers all of them
    text = (
        "The harbour master told the Tarn Post: 'To say the pier is closed for good is"
        " rubbish.\n\n"
        "'I couldn't say anything else because that's the situation.\n\n"
        "'Nobody from Lindcorp has contacted me, and that wouldn't be allowed.'\n\n"
        "The council meets on Friday. Don't expect the '90s ferry back, the players' union"
        " said.\n\n'Tis the season."
    )
    from storytrace.trace import extract_attributions
    from storytrace.trace.quotes import quote_regions

    regions = [text[s:e] for s, e in quote_regions(text)]
    assert regions[:3] == [
        "'To say the pier is closed for good is rubbish.",
        "'I couldn't say anything else because that's the situation.",
        "'Nobody from Lindcorp has contacted me, and that wouldn't be allowed.'",
    ]
    assert len(regions) == 3  # the apostrophes of the last paragraphs open nothing
    told = next(a for a in extract_attributions(text, language="en") if a.cue_lemma == "tell")
    content = told.text_of(text, "content")
    assert "Nobody from Lindcorp" in content and "the situation" in content
