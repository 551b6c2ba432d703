"""Story-level tracing from plain records: chains, original source, independent origins.

Everything here is invented (outlets, places); no encoder and no parser are needed: the
per-article citation edges are given as records.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from storytrace.trace.chains import (
    Evidence,
    LocalOutlets,
    Member,
    build_chains,
    byline_outlets,
    earlier,
)
from storytrace.trace.independence import fewest_origins, independent_origins
from storytrace.trace.records import CitationEdge


def _t(hour: int, day: int = 3) -> datetime:
    return datetime(2025, 4, day, hour, 0, tzinfo=UTC)


def test_local_outlets_resolve_short_forms_and_acronyms() -> None:
    local = LocalOutlets(["The Fenwick Sentinel", "Oster Press Agency", "L'Aube de Varenne"])
    assert local.resolve("the Sentinel") == "The Fenwick Sentinel"
    assert local.resolve("Fenwick Sentinel") == "The Fenwick Sentinel"
    assert local.resolve("OPA") == "Oster Press Agency"
    assert local.resolve("L’Aube") == "L'Aube de Varenne"
    assert local.resolve("the Varenne") is None  # not a head noun: no short form
    text = "As the Sentinel wrote, the dock closed (OPA). Selon L'Aube, rien ne bouge."
    assert [n for _, _, n in local.find(text)] == [
        "The Fenwick Sentinel",
        "Oster Press Agency",
        "L'Aube de Varenne",
    ]


def test_a_short_form_two_outlets_share_is_not_used() -> None:
    local = LocalOutlets(["The Fenwick Herald", "The Dunmore Herald"])
    assert local.resolve("the Herald") is None
    assert local.find("the Herald said so") == []


def test_byline_credits_an_agency_not_a_role() -> None:
    assert byline_outlets("By Ada Brill, Oster Press Agency") == ["Oster Press Agency"]
    assert byline_outlets("By Ada Brill, Senior Reporter") == []
    assert byline_outlets("Staff and agencies") == []
    assert byline_outlets("Par Ada Brill (The Fenwick Sentinel), traduit") == [
        "The Fenwick Sentinel"
    ]


def test_a_byline_without_commas_credits_the_agency_not_the_writer() -> None:
    # the wire's own byline format: name, agency and role in one run of capitals
    assert byline_outlets("By ADA BRILL Associated Press Writer") == ["Associated Press"]
    assert byline_outlets("By ADA BRILL, AP Sports Writer") == ["Associated Press"]
    assert byline_outlets("By Ada Brill, Oster Press Agency Staff Writer") == ["Oster Press Agency"]
    # the outlet's own staff is its own reporting, and "Times" alone names no one outlet
    assert byline_outlets("By Ada Brill, Times Staff Writer") == []


def test_a_desk_is_not_an_outlet() -> None:
    # a desk or beat named with "News" credits the page's own newsroom, no other outlet
    assert byline_outlets("Author : Sports News Editor") == []
    assert byline_outlets("By Business News Desk") == []
    assert byline_outlets("By Ada Brill, World News Staff") == []
    assert byline_outlets("By Ada Brill, Lindenport News") == ["Lindenport News"]


def test_a_mention_cites_only_in_a_reporting_frame() -> None:
    members = [Member(1, "Coastline Daily", _t(9)), Member(2, "Fenwick Herald", _t(10))]
    texts = {
        "A Coastline Daily photographer was hurt at the dock.": False,
        "The dock closed, the Coastline Daily reported.": True,
        "According to the Coastline Daily, the dock closed.": True,
        "Laut der Zeitung „Coastline Daily“ ist der Hafen zu.": True,
        "Le port est fermé, selon le Coastline Daily.": True,
        "Der Hafen ist zu, wie Coastline Daily berichtete.": True,
    }
    for text, cited in texts.items():
        story = build_chains(members, [Evidence(2, text)])
        assert bool(story.chains[2].edges) is cited, text
    # a credit in parentheses, as wire tags are written
    story = build_chains(members, [Evidence(2, "The dock closed at noon. (Coastline Daily)")])
    assert [e.via for e in story.chains[2].edges] == ["wire"]
    # an attribution whose source ends with the outlet cites it
    text = "Dockers interviewed for Coastline Daily complained."
    assert not build_chains(members, [Evidence(2, text)]).chains[2].edges
    story = build_chains(members, [Evidence(2, text, sources=[(0, 39)])])
    assert [e.via for e in story.chains[2].edges] == ["mention"]
    # ... but not one where the outlet only modifies the head ("a Coastline Daily host")
    text = "A Coastline Daily host complained."
    assert not build_chains(members, [Evidence(2, text, sources=[(0, 22)])]).chains[2].edges


def test_a_bare_date_orders_only_against_other_days() -> None:
    assert earlier(date(2025, 4, 3), _t(9)) is None
    assert earlier(date(2025, 4, 2), _t(9)) is True
    assert earlier(_t(10), _t(9)) is False
    assert earlier(None, _t(9)) is None


def _story() -> tuple[list[Member], list[Evidence]]:
    members = [
        Member(1, "The Fenwick Sentinel", _t(7)),
        Member(2, "Coastline Daily", _t(9)),
        Member(3, "Harrow Post", _t(10), same_as=2, same_how="copy"),
        Member(4, None, date(2025, 4, 3)),
        Member(5, "Ridge Weekly", _t(12)),
        Member(6, "The Fenwick Sentinel", _t(15), same_as=1, same_how="version"),
    ]
    evidence = [
        Evidence(1, "The dock closed overnight, the harbour master said."),
        Evidence(
            2,
            "The dock closed overnight, the Sentinel reported.",
            (
                CitationEdge(
                    "Coastline Daily", "Sentinel", None, "Sentinel", "attribution", (32, 40), 0
                ),
            ),
        ),
        Evidence(3, "The dock closed overnight."),  # a copy with the credit cut
        Evidence(4, "Coastline Daily said the dock had closed overnight."),
        Evidence(5, "Our reporter saw the dock close overnight."),
        Evidence(6, "The dock closed overnight, the harbour master said on Thursday."),
    ]
    return members, evidence


def test_chains_lead_back_to_the_origin_and_copies_collapse() -> None:
    members, evidence = _story()
    story = build_chains(members, evidence)
    assert story.original_source == "The Fenwick Sentinel"
    chains = story.chains
    assert chains[1].chain == ["The Fenwick Sentinel"]
    assert chains[2].chain == ["The Fenwick Sentinel", "Coastline Daily"]
    # the copy credits no one itself: it derives from its group's head
    assert chains[3].chain == ["The Fenwick Sentinel", "Coastline Daily", "Harrow Post"]
    assert chains[3].origins == ["The Fenwick Sentinel"]
    assert chains[4].chain == ["The Fenwick Sentinel", "Coastline Daily", "#4 (outlet unknown)"]
    assert chains[5].origins == ["Ridge Weekly"]
    assert chains[6].same_as == 1 and chains[6].origins == ["The Fenwick Sentinel"]
    vias = {(e.article_id, e.cited, e.via) for e in story.edges}
    assert (2, "The Fenwick Sentinel", "attribution") in vias
    assert (4, "Coastline Daily", "mention") in vias
    assert (3, "Coastline Daily", "copy") in vias
    tree = story.tree()
    assert [t["name"] for t in tree] == ["The Fenwick Sentinel", "Ridge Weekly"]
    assert [c["name"] for c in tree[0]["children"]] == ["Coastline Daily"]
    assert {c["name"] for c in tree[0]["children"][0]["children"]} == {
        "Harrow Post",
        "#4 (outlet unknown)",
    }


def test_independent_origins_count_roots_not_articles() -> None:
    members, evidence = _story()
    story = build_chains(members, evidence)
    everyone = independent_origins(story)
    assert everyone.count == 2
    assert [o.name for o in everyone.origins] == ["The Fenwick Sentinel", "Ridge Weekly"]
    assert everyone.origins[0].articles == (1, 2, 3, 4, 6)
    assert everyone.reasoning[-1].startswith("=> 2 independent origins")
    # a claim carried only by re-reports of one outlet: one origin, not three
    claim = independent_origins(story, {2, 3, 4})
    assert claim.count == 1
    assert any("copy of #2" in line for line in claim.reasoning)
    unknown = independent_origins(story, {1, 99})
    assert unknown.count == 1
    assert "#99 is not an article of this story: ignored" in unknown.reasoning


def test_fewest_origins_account_for_every_carrier() -> None:
    assert fewest_origins([("A",), ("B",)]) == ["A", "B"]
    # a carrier with two origins shares one of them with another carrier
    assert fewest_origins([("A", "B"), ("B",)]) == ["B"]
    assert fewest_origins([("A", "B", "C")]) == ["A"]
    assert fewest_origins([("A", "B"), ("C",), ("B", "C")]) == ["B", "C"]
    assert fewest_origins([]) == []
    # beyond the exact search, the greedy cover still accounts for everyone
    many = [(f"O{i}", f"O{i + 1}") for i in range(0, 30, 2)]
    assert len(fewest_origins(many)) == 15


def test_a_round_up_citing_several_outlets_vouches_for_one_per_statement() -> None:
    members = [
        Member(1, "Harrow Post", _t(9)),
        Member(2, "Coastline Daily", _t(10)),
        Member(3, "Ridge Weekly", _t(11)),
    ]

    def cites(citing: str, cited: str) -> CitationEdge:
        return CitationEdge(citing, cited, None, cited, "attribution")

    evidence = [
        Evidence(1, "The dock closed on Monday, the harbour board said."),
        Evidence(
            2,
            "The dock closed on Monday, Harrow Post reported. Fenwick Sentinel and"
            " Dunmore Herald reported that the board had warned of it.",
            (
                cites("Coastline Daily", "Harrow Post"),
                cites("Coastline Daily", "Fenwick Sentinel"),
                cites("Coastline Daily", "Dunmore Herald"),
            ),
        ),
        Evidence(
            3,
            "The dock closed on Monday, Fenwick Sentinel reported.",
            (cites("Ridge Weekly", "Fenwick Sentinel"),),
        ),
    ]
    story = build_chains(members, evidence)
    assert set(story.chains[2].origins) == {"Harrow Post", "Fenwick Sentinel", "Dunmore Herald"}
    # the story rests on every outlet the round-up drew on
    assert independent_origins(story).count == 3
    # a statement the round-up carries alone: one origin, whichever it came from
    alone = independent_origins(story, {2})
    assert alone.count == 1
    assert "lean" in alone.reasoning[-2]
    # carried by the round-up and by a re-report of the Sentinel: the Sentinel may
    # account for both
    both = independent_origins(story, {2, 3})
    assert [o.name for o in both.origins] == ["Fenwick Sentinel"]
    assert both.origins[0].articles == (2, 3)


def test_a_tie_for_the_original_source_is_said_and_a_bare_date_is_not_ordered() -> None:
    def cites(citing: str, cited: str) -> CitationEdge:
        return CitationEdge(citing, cited, None, cited, "attribution")

    members = [Member(1, "Harrow Post", date(2025, 4, 3)), Member(2, "Ridge Weekly", _t(15))]
    evidence = [
        Evidence(
            1,
            "The dock closed, Fenwick Sentinel reported.",
            (cites("Harrow Post", "Fenwick Sentinel"),),
        ),
        Evidence(
            2,
            "The dock closed, Dunmore Herald reported.",
            (cites("Ridge Weekly", "Dunmore Herald"),),
        ),
    ]
    story = build_chains(members, evidence)
    assert story.original_source in ("Fenwick Sentinel", "Dunmore Herald")
    note = next(line for line in story.reasoning if "tie" in line)
    assert note.startswith("2 sources tie at 1 article each")
    assert "within that day is not known" in note


def test_an_origin_never_ingested_is_a_node_without_articles() -> None:
    members = [Member(1, "Coastline Daily", _t(9)), Member(2, "Harrow Post", _t(10))]
    evidence = [
        Evidence(1, "KESTON, April 3 (OPA) – The dock closed."),
        Evidence(2, "Keston (OPA) – The dock closed, as Oster Press Agency said."),
    ]
    story = build_chains(
        [*members[:1], Member(2, "Harrow Post", _t(10), byline="By Ada Brill, Oster Press Agency")],
        evidence,
    )
    assert story.original_source == "Oster Press Agency"
    assert story.nodes["Oster Press Agency"].articles == []
    count = independent_origins(story)
    assert count.count == 1 and not count.origins[0].ingested
    assert {(e.article_id, e.via) for e in story.edges} >= {(1, "dateline"), (2, "byline")}


def test_one_agency_credited_in_two_spellings_is_one_origin() -> None:
    members = [
        Member(1, "Coastline Daily", _t(9), byline="THE ASSOCIATED PRESS"),
        Member(2, "Harrow Post", _t(10), byline="By ADA BRILL Associated Press Writer"),
    ]
    evidence = [
        Evidence(1, "The dock closed overnight, the harbour master said."),
        Evidence(2, "The harbour master said the dock had closed overnight."),
    ]
    story = build_chains(members, evidence)
    assert story.original_source == "Associated Press"
    count = independent_origins(story)
    assert count.count == 1 and [o.name for o in count.origins] == ["Associated Press"]


def test_an_outlet_known_by_its_site_is_named_by_the_gazetteer() -> None:
    # a page whose outlet is only its host: its own wire tag cites no outlet never ingested
    members = [Member(1, "cnn.com", _t(9)), Member(2, "Harrow Post", _t(10))]
    evidence = [
        Evidence(1, "(CNN) -- The dock closed overnight, CNN said."),
        Evidence(2, "The dock closed overnight, CNN reported."),
    ]
    story = build_chains(members, evidence)
    assert "CNN" in story.nodes and story.nodes["CNN"].articles == [1]
    assert "cnn.com" not in story.nodes
    assert story.chains[1].origins == ["CNN"] and story.chains[2].origins == ["CNN"]
    assert independent_origins(story).count == 1


def test_a_dateline_naming_the_pages_own_site_is_no_citation() -> None:
    members = [Member(1, "lindenportnewsnow.com", _t(9))]
    story = build_chains(
        members, [Evidence(1, "LINDENPORT (LindenportNewsNow) - The dock closed.")]
    )
    assert not story.edges
    assert story.chains[1].origins == ["lindenportnewsnow.com"]
    # another site's tag still is
    members = [Member(1, "harrowpost.com", _t(9))]
    story = build_chains(
        members, [Evidence(1, "LINDENPORT (LindenportNewsNow) - The dock closed.")]
    )
    assert [e.via for e in story.edges] == ["dateline"]


def test_reuse_follows_the_credit_where_the_clock_says_otherwise() -> None:
    # the Post's rewrite credits the Daily but carries an earlier time (another zone's
    # clock); the passages both share do not make the Daily a copy of the Post
    members = [Member(1, "Coastline Daily", _t(11)), Member(2, "Harrow Post", _t(9))]
    evidence = [
        Evidence(1, "The dock closed overnight.", reuse=(2, 0.84, "rewrite")),
        Evidence(2, "The dock closed overnight, Coastline Daily reported."),
    ]
    story = build_chains(members, evidence)
    assert story.chains[2].origins == ["Coastline Daily"]
    assert story.chains[1].origins == ["Coastline Daily"]
    assert not [e for e in story.edges if e.via == "reuse"]
    assert independent_origins(story).count == 1


def test_mutual_citations_end_and_a_dense_graph_stays_fast() -> None:
    members = [Member(1, "Alpha Times", _t(9)), Member(2, "Beta Post", _t(9))]
    evidence = [
        Evidence(1, "The dock closed, Beta Post reported."),
        Evidence(2, "The dock closed, Alpha Times reported."),
    ]
    story = build_chains(members, evidence)
    assert story.chains[1].chain == ["Beta Post", "Alpha Times"]
    assert story.chains[2].chain == ["Alpha Times", "Beta Post"]
    assert independent_origins(story).count == 2
    assert {t["name"] for t in story.tree()} <= {"Alpha Times", "Beta Post"}
    # 40 outlets, each citing every other: simple-path enumeration would never end
    names = [f"Outlet{i:02d} Herald" for i in range(40)]
    members = [Member(i, n, _t(9)) for i, n in enumerate(names)]
    text = " ".join(f"{n} reported it." for n in names)
    story = build_chains(members, [Evidence(i, text) for i in range(40)])
    assert len(story.edges) == 40 * 39
    tree = story.tree()  # drawn too: the reduction must not walk every path
    assert sum(1 for _ in tree) >= 1
    assert all(len(c.chain) >= 2 for c in story.chains.values())


def test_the_tree_draws_an_article_under_the_intermediary_it_cites() -> None:
    members = [
        Member(1, "The Fenwick Sentinel", _t(7)),
        Member(2, "Coastline Daily", _t(9)),
        Member(3, "Harrow Post", _t(11)),
    ]
    evidence = [
        Evidence(1, "The dock closed overnight, the harbour master said."),
        Evidence(2, "The dock closed overnight, The Fenwick Sentinel reported."),
        Evidence(
            3, "The Fenwick Sentinel reported the closure. Coastline Daily said the dock was shut."
        ),
    ]
    story = build_chains(members, evidence)
    cited = {(e.article_id, e.cited) for e in story.edges}
    assert {(3, "The Fenwick Sentinel"), (3, "Coastline Daily")} <= cited
    (root,) = story.tree()
    assert root["name"] == "The Fenwick Sentinel"
    # the Harrow Post cites the Sentinel directly too, but is drawn under Coastline Daily
    (coastline,) = root["children"]
    assert coastline["name"] == "Coastline Daily"
    (harrow,) = coastline["children"]
    assert harrow["name"] == "Harrow Post" and harrow["also"] == ["The Fenwick Sentinel"]
    # in a cycle, every edge stays drawable: both outlets appear
    cycle = build_chains(
        [Member(1, "Alpha Times", _t(9)), Member(2, "Beta Post", _t(9))],
        [
            Evidence(1, "The dock closed, Beta Post reported."),
            Evidence(2, "The dock closed, Alpha Times reported."),
        ],
    )
    names = {t["name"] for t in cycle.tree()}
    names |= {c["name"] for t in cycle.tree() for c in t["children"]}
    assert names == {"Alpha Times", "Beta Post"}


def test_a_passage_printed_word_for_word_counts_with_the_article_it_came_from() -> None:
    from storytrace.trace.reuse import PassageMatch, ReuseLink
    from storytrace.trace.story import _statements

    copied = (
        "Late in the second half the Corrow keeper was sent off for a foul on the edge of the"
        " area. The Hawks scored from the free kick that followed and held on for the win."
    )
    paragraphs = {
        1: ["The Hawks beat Corrow 2-1 on Saturday to stay top of the Lindleague.", copied],
        2: ["Corrow lost 2-1 at home to the Hawks on Saturday, who stay top.", copied],
    }
    members = [Member(1, "Coastline Daily", _t(9)), Member(2, "Harrow Post", _t(11))]
    chains = build_chains(members, [Evidence(1, " ".join(paragraphs[1])), Evidence(2, "")])
    link = ReuseLink(
        1,
        2,
        (PassageMatch(0, 0, 0.9), PassageMatch(1, 1, 1.0)),
        1.0,
        0.95,
        0.4,
        False,
        "shared facts",
        False,
    )
    statements = _statements([link], chains, paragraphs, lambda a, b: a < b)
    count = {s.text[:10]: s.origins.count for s in statements}
    # the lead is told in each outlet's words: two origins; the copied paragraph: one
    assert count == {"The Hawks ": 2, "Late in th": 1}, count
    why = next(s for s in statements if s.text == copied).origins.reasoning
    assert any("#2's passage prints #1's words" in line for line in why), why
