"""Metadata read from dump lines: dates, bylines, breadcrumbs, publisher, sections."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from storytrace.clean import meta, rules


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("Posted January 1, 2030 16:10:00", datetime(2030, 1, 1, 16, 10)),
        ("5 April 2029 Last updated at 13:25 GMT", date(2029, 4, 5)),
        ("December 19, 2031, 9:39 AM", datetime(2031, 12, 19, 9, 39)),
        ("Jan. 3, 2030 at 4:05 p.m.", datetime(2030, 1, 3, 16, 5)),
        ("2030-02-28", date(2030, 2, 28)),
        ("Publié le 12 mars 2030", date(2030, 3, 12)),
        ("Veröffentlicht am 3. Dezember 2029", date(2029, 12, 3)),
        ("Publicado el 7 de julio de 2030", date(2030, 7, 7)),
        ("Опубликовано 14 апреля 2030", date(2030, 4, 14)),
        ("25.12.2030", date(2030, 12, 25)),
        ("Monday, 31/01/2030", date(2030, 1, 31)),
    ],
)
def test_date_lines(line: str, value: date) -> None:
    assert meta.date_line(line) == value


@pytest.mark.parametrize(
    "line",
    [
        "On December 14, 2030, the council met to decide about the pier and its future.",
        "The 2030 budget was approved.",
        "February 30, 2030",  # no such day
        "Room 2030",
    ],
)
def test_not_date_lines(line: str) -> None:
    assert meta.date_line(line) is None


def test_date_marker_splits_the_line() -> None:
    found = meta.date_marker(" date 2031-05-06 Home » Pier")
    assert found is not None
    assert found[0] == date(2031, 5, 6)
    assert found[1] == "Home » Pier"
    assert meta.date_marker("dated letters from 2031") is None


@pytest.mark.parametrize(
    ("line", "crumbs"),
    [
        ("Home » World » Pier vote passes", ["Home", "World", "Pier vote passes"]),
        ("Home > Local", ["Home", "Local"]),
        ("You are here: Home / Sport / Rowing", ["Home", "Sport", "Rowing"]),
        ("Accueil › Monde › Europe", ["Accueil", "Monde", "Europe"]),
        ("News » Local » Harbour", ["News", "Local", "Harbour"]),
    ],
)
def test_breadcrumbs(line: str, crumbs: list[str]) -> None:
    assert rules.breadcrumb_parts(line) == crumbs


@pytest.mark.parametrize(
    "line",
    ["Profits rose > 5% this year", "and/or", "The ratio 3/4 of votes was reached by noon."],
)
def test_not_breadcrumbs(line: str) -> None:
    assert rules.breadcrumb_parts(line) is None


def test_publisher_line() -> None:
    assert meta.publisher_line("publisher Lindqvist Gazette") == "Lindqvist Gazette"
    assert meta.publisher_line("Published by: Harbour Press") == "Harbour Press"
    assert meta.publisher_line("The publisher said the book was late.") is None
    # "Editorial" names the publisher in Spanish only with a colon; bare, it heads a menu
    assert meta.publisher_line("Editorial: Ediciones del Puerto") == "Ediciones del Puerto"
    assert meta.publisher_line("Editorial Cartoons") is None


@pytest.mark.parametrize(
    ("who", "person"),
    [
        ("Jane Roe and John Doe", "Jane Roe and John Doe"),
        ("JANE ROE, Associated Press Writer", "Jane Roe"),  # print style, not spelling
        ("Marta Ilves, Senior Correspondent", "Marta Ilves"),
        ("admin", None),
        ("Staff Reporter", None),
        ("The Newsroom", None),
        ("j.roe@example.org", None),
        ("guest", None),
    ],
)
def test_person_names(who: str, person: str | None) -> None:
    assert meta.person_name(who) == person


def test_outlet_name_is_not_a_person() -> None:
    assert meta.person_name("Harbour Press", outlet="Harbour Press") is None
    assert (
        meta.person_name("Harbour Press") == "Harbour Press"
    )  # without the outlet: looks like a name


def test_sentences_starting_with_by_or_de_are_not_bylines() -> None:
    assert meta.byline_line("By the end of the day, the pier was finished.") is None
    assert meta.byline_line("De nombreux habitants sont venus voir le nouveau quai.") is None
    bl = meta.byline_line("Par Claire Dubois")
    assert bl is not None and meta.person_name(bl.who) == "Claire Dubois"


def test_a_label_that_starts_with_a_byline_word_is_no_byline() -> None:
    # a page's font-size switch; "Text" without a colon must be followed by a name
    assert meta.byline_line("text size: A | A | A") is None
    for line in ("Text: Mara Velt", "Text Mara Velt", "Reporter Aron Lind"):
        bl = meta.byline_line(line)
        assert bl is not None and meta.person_name(bl.who) in ("Mara Velt", "Aron Lind")


def test_a_news_agencys_name_alone_is_a_credit_not_a_person() -> None:
    for line in ("Press Trust of India", "THE CANADIAN PRESS", "Agence France-Presse", "IANS"):
        bl = meta.byline_line(line)
        assert bl is not None, line
        assert meta.person_name(bl.who) is None, line
    assert meta.byline_line("Press Trust of India reported that the port closed.") is None


def test_section_line() -> None:
    assert meta.section_line("World") == "World"
    assert meta.section_line("Business & Economy") == "Business & Economy"
    assert meta.section_line("The pier was finished on time.") is None


def test_credit_gate_lets_through_every_letter_a_credit_can_begin_with() -> None:
    """byline_line tries the credit regex only on lines whose first letter is in
    _CREDIT_INITIALS (or not ASCII): every ASCII character the regex can start with is."""
    import re

    from storytrace.clean import meta

    for code in range(128):
        char = chr(code)
        if meta._CREDIT.match(char) or any(
            re.fullmatch(f"(?i){re.escape(char)}", initial) for initial in "sawncfetr"
        ):
            assert char.lower() in meta._CREDIT_INITIALS, char
    for line in ["Staff and agencies", "  REUTERS", "ſtaff reporters", "The Associated Press"]:
        got = meta.byline_line(line)
        assert got is not None and got.who == line.strip()
    assert meta.byline_line("Station staff") is None


@pytest.mark.parametrize(
    "line",
    ["Since 1st March, 2019", "Print date: Saturday, January 12, 2030", "Founded 12 May 1998"],
)
def test_dates_that_are_not_the_day_of_publication(line: str) -> None:
    assert meta.date_line(line) is None


@pytest.mark.parametrize(
    ("text", "url", "day_first"),
    [
        ("Filed 15/01/2030 07:25", None, True),  # only day-first reads it
        ("Updated 01/15/2030", None, False),
        ("08/01/2030 and 1/8/2030", None, None),  # nothing says
        ("Posted 08/01/2030", "https://pier.example.co.uk/news/1", True),
        ("Posted 08/01/2030", "https://pier.example.com/news/1", None),
        ("Posted 08/01/2030", "https://pier.example.com/2030/01/08/pier", True),
        ("Tuesday, January 8, 2030 | First published 08/01/2030", None, True),
        ("Tuesday, August 1, 2030 | First published 08/01/2030", None, False),
    ],
)
def test_day_first_page(text: str, url: str | None, day_first: bool | None) -> None:
    assert meta.day_first_page(text, url) is day_first


def test_ambiguous_numeric_dates_follow_the_page_then_the_weekday() -> None:
    assert meta.date_line("08/01/2030") == date(2030, 8, 1)  # US order by default
    assert meta.date_line("08/01/2030", day_first=True) == date(2030, 1, 8)
    # 8 January 2030 is a Tuesday, 1 August 2030 a Thursday: the weekday decides
    assert meta.date_line("Tuesday | 08/01/2030") == date(2030, 1, 8)
    assert meta.date_line("Thursday | 08/01/2030", day_first=True) == date(2030, 8, 1)
    assert meta.date_line("15/01/2030", day_first=False) == date(2030, 1, 15)
    both = (date(2030, 1, 8), date(2030, 8, 1))
    assert meta.readings("08/01/2030 11:13") == both
    assert meta.readings("08.01.2030") == both
    assert meta.readings("Tuesday 08/01/2030") is None  # the weekday chose
    assert meta.readings("15/01/2030") is None
    assert meta.readings("January 8, 2030") is None


@pytest.mark.parametrize(
    ("url", "value"),
    [
        ("https://pier.example.org/2030/01/08/pier-vote", date(2030, 1, 8)),
        ("https://pier.example.org/news/2030-1-8-pier", date(2030, 1, 8)),
        ("https://pier.example.org/s/20300108/pier", date(2030, 1, 8)),
        ("https://pier.example.org/s/203037.php", None),
        # written together after another separator, or with a time of day
        ("https://pier.example.org/news_20300108-pier.htm", date(2030, 1, 8)),
        ("https://pier.example.org/n.asp?Src=X&Date=20300108&Num=106463", date(2030, 1, 8)),
        ("https://pier.example.org/story/20300108085406tsop.nb/top.html", date(2030, 1, 8)),
        ("https://pier.example.org/a/SB119623852051906427.html", None),
        ("https://pier.example.org/id=203001081", None),
        ("https://pier.example.org/2030/02/30/pier", None),
        ("https://pier.example.org/news/pier", None),
        (None, None),
    ],
)
def test_url_date(url: str | None, value: date | None) -> None:
    assert meta.url_date(url) == value


def test_dated_bylines_and_labelled_lines() -> None:
    found = meta.dated_byline("Jan 14 2030 by Ann Lee, The Lindqvist Courier")
    assert found is not None and found[0] == date(2030, 1, 14)
    assert "Ann Lee" in found[1].who
    assert meta.dated_byline("Jan 14 2030 the council met") is None
    line = "Posted in Harbour, Ferries by Ann Lee on January 7th, 2030 | Permalink"
    assert meta.labelled_date(line, meta._first_word(line)) == date(2030, 1, 7)
    sentence = "By January 7, 2030 the pier had been rebuilt."
    assert meta.labelled_date(sentence, meta._first_word(sentence)) is None


def test_a_site_keeps_its_date_order_across_pages() -> None:
    # "10/01/2032" alone reads in US order (1 October); a page of the same site that printed
    # "29/12/2031" says the site writes the day first: 10 January
    from storytrace.clean.site import SiteProfile
    from storytrace.clean.text import clean_text

    body = [
        "Ivo Saren missed the cut at the Lindenport Open on Thursday after a second round of"
        " 76 left him four shots outside the mark.",
        "The Corrow golfer, who won the event two years ago, said the wind on the back nine had"
        " made club selection a guessing game.",
        "Saren will now travel to Kessling for next week's tournament, where he finished third"
        " last season.",
    ]
    earlier = ["Saren misses the cut in Lindenport", "29/12/2031", *body]
    page = ["Lind leads after opening round", "10/01/2032", *body]
    alone = clean_text(page).published
    assert alone is not None and alone.value == date(2032, 10, 1)
    profile = SiteProfile("golf.example")
    profile.observe(earlier)
    profile.observe(page)
    assert profile.day_first() is True
    dated = clean_text(page, profile=profile).published
    assert dated is not None and dated.value == date(2032, 1, 10)
    # the order is kept with the profile; a profile stored before it knows none
    assert SiteProfile.from_dict(profile.to_dict()).day_first() is True
    assert SiteProfile.from_dict({"site": "golf.example", "pages": 2}).day_first() is None
    # the page's own dates still come first
    assert meta.day_first_page("Updated 01/15/2032", site=True) is False
