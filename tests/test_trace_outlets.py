"""Outlet gazetteer: aliases, ambiguous short names, desks, domains, anaphors."""

from __future__ import annotations

from storytrace.trace.outlets import (
    by_domain,
    canonical,
    find_outlets,
    outlets,
    publisher,
    resolve_anaphor,
)


def test_aliases_normalise_to_one_outlet() -> None:
    for name in ("The New York Times", "New York Times", "NYT", "the New York Times", "the Times"):
        assert canonical(name) == "The New York Times", name
    assert canonical("AP") == "Associated Press"
    assert canonical("Reuters") == "Reuters"
    assert canonical("Lindenport Herald") is None


def test_ambiguous_family_name_follows_the_article() -> None:
    text = "The Los Angeles Times reported the fire. The Times said later that it had spread."
    found = find_outlets(text)
    assert [m.outlet for m in found] == ["Los Angeles Times", "Los Angeles Times"]
    assert found[1].confidence < found[0].confidence
    # Without a fuller name, "the Times" is the most common reading.
    assert [m.outlet for m in find_outlets("The Times said so.")] == ["The New York Times"]


def test_desk_words_extend_the_label_not_the_outlet() -> None:
    text = "citing the Reuters World Desk and the BBC Monitoring team"
    found = find_outlets(text)
    assert found[0].outlet == "Reuters"
    assert found[0].label == "Reuters World Desk"
    assert text[found[0].start : found[0].end] == "Reuters World Desk"


def test_common_words_are_not_outlets() -> None:
    text = "At the time, an independent review found the sun had set."
    assert find_outlets(text) == []
    # outlets named like common words or institutions are found only by a fuller name
    text = "Variety is the point. The Smithsonian Institution said so. Reason prevailed."
    assert find_outlets(text) == []
    found = find_outlets("Variety magazine and Rolling Stone reported that the tour was off.")
    assert [m.outlet for m in found] == ["Variety", "Rolling Stone"]


def test_outlets_named_after_a_place_need_more_than_a_lower_case_the() -> None:
    assert find_outlets("They will sail home across the Atlantic, he said.") == []
    assert find_outlets("Senators on the Hill said the bill was dead.") == []
    for text in (
        "The Atlantic reported that the port had closed.",
        "a story in the Atlantic magazine",
        "as the Hill reported on Monday",
        "the Atlantic's editor said",
    ):
        assert [m.outlet for m in find_outlets(text)] in (["The Atlantic"], ["The Hill"]), text


def test_a_company_that_shares_an_outlets_name_is_not_the_outlet() -> None:
    text = "The rise is a correction, said Mara Velt at RBC Capital Markets."
    assert find_outlets(text) == []
    assert [m.outlet for m in find_outlets("RBC reported that the rate was cut.")] == ["RBC"]
    assert [m.outlet for m in find_outlets("NBC News reported it first.")] == ["NBC News"]


def test_domains() -> None:
    assert by_domain("https://www.nytimes.com/2024/01/01/world/x.html") == "The New York Times"
    assert by_domain("edition.cnn.com") == "CNN"
    assert by_domain("https://example.org/a") is None
    assert by_domain("https://www.smithsonianmag.com/science/x") == "Smithsonian"
    assert by_domain("https://www.express.co.uk/news/1") == "Daily Express"


def test_a_page_that_names_itself_unlike_the_owner_of_its_site_is_the_owners() -> None:
    # a wire service's hosting site calls itself "Hosted": the wire published it
    assert publisher("Hosted", "hosted.ap.org") == "Associated Press"
    # a name sharing a word with the owner, a known outlet, or an unknown site stay
    assert publisher("CNN Business", "edition.cnn.com") == "CNN Business"
    assert publisher("Reuters", "hosted.ap.org") == "Reuters"
    assert publisher("Lumo Daily", "lumo.example") == "Lumo Daily"
    assert publisher(None, "cnn.com") == "cnn.com"
    assert publisher(None, None) is None


def test_anaphor_points_to_the_outlet_named_last() -> None:
    text = "Reuters reported the deal. Later the BBC confirmed it. The broadcaster said more."
    mentions = find_outlets(text)
    pos = text.index("The broadcaster")
    hit = resolve_anaphor("The broadcaster", pos, mentions)
    assert hit is not None and hit.outlet == "BBC"
    assert resolve_anaphor("The mayor", pos, mentions) is None
    # "news organization" is an outlet; "the organization" alone may be any body
    text = "CNBC reported that the talks had stalled. The news organization said more."
    mentions = find_outlets(text)
    pos = text.index("The news organization")
    hit = resolve_anaphor("The news organization", pos, mentions)
    assert hit is not None and hit.outlet == "CNBC"
    assert resolve_anaphor("The organization", pos, mentions) is None


def test_gazetteer_entries_are_unique_and_have_names() -> None:
    names = [o.name for o in outlets()]
    assert len(names) == len(set(names)) > 150
    assert all(o.name and o.kind for o in outlets())
