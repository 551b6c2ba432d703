"""Line rules: what a single line gives away by itself, and what it must not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.clean import rules


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Back to top", "back to top"),
        ("Nach oben", "back to top"),
        ("ADVERTISEMENT", "advertisement"),
        ("Publicité", "advertisement"),
        ("Share this article", "share buttons"),
        ("Facebook Twitter Email Print", "social"),
        ("• Facebook | Twitter | LinkedIn", "social"),
        ("Printer friendly version", "share buttons"),
        ("[ - ] Text [ + ]", "share buttons"),
        ("Skip to main content", "navigation"),
        ("New User ? Sign In", "navigation"),
        ("Submit comment: Submit comment", "comment form"),
        ("Recommend Don't Recommend", "share buttons"),
        ("Blog This", "share buttons"),
        ("Page 2 of 5", "navigation"),
        ("You may also like", "related links"),
        ("See also: Lighthouse keeper retires", "related links"),
        ("Читайте также", "related links"),
        ("Most popular stories", "related links"),
        ("Top 10 most read stories", "related links"),
        ("Leave a Reply", "comment form"),
        ("Your email address will not be published. Required fields are marked *", "comment form"),
        ("Votre adresse e-mail ne sera pas publiée.", "comment form"),
        ("12 + 7 =", "captcha"),
        ("five + three = ?", "captcha"),
        ("We use cookies to give you the best experience on our site.", "cookie banner"),
        ("Diese Webseite verwendet Cookies.", "cookie banner"),
        ("Privacy & Cookies Policy", "cookie banner"),
        ("Subscribe to our daily newsletter", "newsletter"),
        ("Follow us on Instagram", "social"),
        ("© 2031 Lindqvist Gazette. All rights reserved.", "copyright"),
        ("Todos los derechos reservados.", "copyright"),
        ("This material may not be published, broadcast, rewritten or redistributed.", "copyright"),
        ("Tags: harbour, ferry, council", "tags"),
    ],
)
def test_boilerplate_lines(line: str, reason: str) -> None:
    assert rules.line_reason(rules.normalize_line(line)) == reason


@pytest.mark.parametrize(
    "line",
    [
        "The council said the website uses cookies only for logins, a claim critics disputed.",
        "Her Facebook post about the pier was shared thousands of times before she deleted it.",
        "Residents left more than 300 comments during the consultation, most of them in favour.",
        "The mayor holds the copyright to the harbour photographs, the archive confirmed.",
        "Pier vote passes",
        "Share prices rose",
        "Back to the drawing board for the ferry company",
        "Related to the mayor, the contractor won the bid",
        "New users sign in to the ferry app in their thousands",
    ],
)
def test_article_lines_are_not_boilerplate(line: str) -> None:
    assert rules.line_reason(line) is None


@pytest.mark.parametrize(
    ("line", "marker"),
    [
        ("Comments", True),
        ("12 Comments", True),
        ("Reader comments (4)", True),
        ("Comments are closed.", True),
        ("5 Responses to “Pier vote”", True),
        ("Posted by: Pier fan | May 7, 2031 9:12 AM", True),
        ("Comments on the pier were mixed, the council said.", False),
        ("Responses to last week's question: should the pier be rebuilt?", False),
    ],
)
def test_comment_markers(line: str, marker: bool) -> None:
    assert rules.comment_marker(line) is marker


def test_every_phrase_rule_is_reachable_through_its_triggers() -> None:
    # built at import: a rule without a trigger word raises; here, each trigger's group
    # compiles and is tried for lines that hold the trigger
    assert rules._USED_TRIGGERS
    for trigger in rules._USED_TRIGGERS:
        pattern, reasons = rules._PHRASE_BY_TRIGGER[trigger]
        assert reasons and pattern.pattern


@pytest.mark.parametrize(
    ("line", "is_list"),
    [
        ("News | Sport | Weather | Travel | Culture", True),
        ("Home • Local • Opinion • Letters • Obituaries", True),
        ("| Pos | Rower | Club | Time |", False),  # a table row
        ("Lindqvist 12 | Moorby 9 | Aldwick 7 | Tarn 3", False),  # a row of figures
        ("The vote was close | the mayor said | it could go either way", False),
    ],
)
def test_link_lists(line: str, is_list: bool) -> None:
    assert (rules.line_reason(line) == "navigation") is is_list


# --- the fast paths give what the plain rules give ------------------------------------------

_WORDS = [
    "Share", "this", "article", "Tags:", "news", "12", "comments", "we", "use", "cookies",
    "to", "The", "council", "voted", "»", "|", "Follow", "us", "on", "Twitter", "©", "2031",
    "All", "rights", "reserved.", "Read", "more", "page", "2", "of", "5", "Комментарии",
    "publiée", "Reply", ":", "...", "text", "size", "A+", "Top", "stories", "said", "Home",
]  # fmt: skip


def _slow_phrase_reason(core: str) -> str | None:
    """What phrase_reason answered before its trigger words were searched in one pass."""
    low = core.casefold()
    for trigger in rules._USED_TRIGGERS:
        if trigger in low:
            found, first = None, len(core) + 1
            for reason, pattern, _ in rules._PHRASE_RULES[trigger]:
                m = pattern.search(core)
                if m is not None and m.start() < first:
                    found, first = reason, m.start()
            if found is not None:
                return found
    return None


def _slow_whole_line_reason(core: str) -> str | None:
    """Every whole-line rule of the line's first character, in one pattern."""
    found = rules._LITERALS.get(core.casefold().rstrip(rules._LITERAL_TRAIL))
    if found is not None:
        return found
    compiled = rules._WHOLE_BY_FIRST.get(core[:1].casefold(), rules._WHOLE_ANY)
    return None if compiled is None else rules._matched(compiled, core, whole=True)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40).map(" ".join))
def test_fast_rule_paths_agree_with_the_plain_rules(line: str) -> None:
    assert rules.phrase_reason(line) == _slow_phrase_reason(line)
    assert rules.whole_line_reason(line) == _slow_whole_line_reason(line)
    folded = line.casefold()
    assert rules.comment_marker.__wrapped__(line) == (
        any(w in folded for w in rules._COMMENT_WORDS)
        and rules._COMMENT_MARK.match(rules.strip_bullet(line).strip("[] ")) is not None
    )


@pytest.mark.parametrize(
    "line",
    [
        "Tags: harbour, pier, council, ferry, Lindqvist, budget, fishermen, seabed survey",
        "12 comments",
        "Share this article on Facebook, Twitter, LinkedIn and by email with your friends",
        "The council voted on Tuesday to rebuild the old ferry pier, ending a long dispute.",
        "© 2031 Lindqvist Gazette and its licensors, all rights reserved worldwide today.",
    ],
)
def test_long_lines_meet_the_same_whole_line_rules(line: str) -> None:
    assert rules.whole_line_reason(line) == _slow_whole_line_reason(line)
