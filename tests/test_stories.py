"""Story representation and online clustering, with the real USE encoder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from storytrace.stories.cluster import (
    ActiveIndex,
    Assignment,
    ClusterConfig,
    Clusterer,
    StoryItem,
)
from storytrace.stories.encoders import EncoderError, get_encoder, normalize_rows
from storytrace.stories.features import (
    NameLexicon,
    TermStats,
    TitleCleaner,
    body_names,
    fold,
    lead,
    terms,
)

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)


def test_fold_strips_accents_and_transliterates() -> None:
    assert fold("Dončić Élan") == "doncic elan"
    assert fold("Москва") == "moskva"


def test_terms_cut_words_and_keep_numbers() -> None:
    assert terms("Les Olympiques de 2024 à Paris") == ["les", "olympi", "2024", "paris"]
    # the same name in Cyrillic and Latin letters gives the same term
    assert terms("Такато")[0] == terms("Takato")[0]


def test_title_cleaner_drops_recurring_segments_only() -> None:
    cleaner = TitleCleaner(repeats=2)
    for headline in ("Harbour reopens after storm - Daily Tide", "Mayor resigns - Daily Tide"):
        cleaner.clean(headline)
    assert cleaner.clean("Bridge closed for repairs - Daily Tide") == "Bridge closed for repairs"
    # a segment seen for the first time stays; the longest segment always stays
    assert cleaner.clean("Rain expected on Sunday - Weekend") == "Rain expected on Sunday - Weekend"
    assert cleaner.clean("Daily Tide") == "Daily Tide"


def test_title_cleaner_drops_the_outlet_name() -> None:
    cleaner = TitleCleaner()
    assert cleaner.clean("Floods hit the valley | Valley Post", outlet="Valley Post") == (
        "Floods hit the valley"
    )


def test_name_lexicon_marks_names_and_scores_not_title_case_words() -> None:
    lex = NameLexicon()
    assert lex.learn("officials say the team was held at the airport") >= {"team", "airpor"}
    # title case: words seen in lower case are not names; the first word never is
    assert lex.terms("Team Held At Airport Over Food") == ["@over", "@food"]
    lex.learn("food and more")
    assert lex.terms("Team Held At Airport Over Food") == ["@over"]
    assert lex.terms("Okafor scores as Lagos beat Accra 3-1") == [
        "@lagos",
        "@accra",
        "#3-1",
    ]
    # the same name in another script meets its Latin spelling
    assert lex.terms("Победа Такато") == ["@takato"]


def test_name_terms_are_part_of_an_articles_terms() -> None:
    item = StoryItem("a", "Rivers flood as Okafor visits Lagos")
    with_names = Clusterer(ClusterConfig(), encoder=get_encoder())
    without = Clusterer(ClusterConfig(name_terms=False), encoder=get_encoder())
    plain = terms(item.title)
    assert without.article_terms(item, item.title) == plain
    assert with_names.article_terms(item, item.title) == [*plain, "@okafor", "@lagos"]


def test_lead_cuts_at_a_paragraph() -> None:
    text = "First paragraph here.\n\nSecond one is longer than the budget allows."
    assert lead(text, 30) == "First paragraph here."
    assert lead("short", 30) == "short"


def test_term_stats_weights_rare_terms_higher() -> None:
    stats = TermStats()
    for _ in range(5):
        stats.observe(["common"])
    stats.observe(["common", "rare"])
    w = stats.weigh(["common", "rare"])
    assert w["rare"] > w.get("common", 0.0)
    assert sum(x * x for x in w.values()) == pytest.approx(1.0)


def test_use_encoder_unit_rows_and_empty_text() -> None:
    enc = get_encoder("use")
    out = enc.encode(["A storm hits the coast", "", "Un orage frappe la côte"])
    assert out.shape == (3, enc.dim) and out.dtype == np.float32
    assert np.linalg.norm(out[0]) == pytest.approx(1.0, abs=1e-5)
    assert not out[1].any()
    # a translation is closer than an unrelated sentence
    other = enc.encode(["The central bank raised interest rates"])[0]
    assert out[0] @ out[2] > out[0] @ other


def test_unknown_encoder_is_a_clear_error() -> None:
    with pytest.raises(EncoderError, match="unknown encoder 'nope'"):
        get_encoder("nope")


def test_normalize_rows_keeps_zero_rows() -> None:
    out = normalize_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert np.allclose(out, [[0.6, 0.8], [0.0, 0.0]])


def _item(key: str, title: str, hours: float, **kw: object) -> StoryItem:
    return StoryItem(key=key, title=title, published=T0 + timedelta(hours=hours), **kw)  # type: ignore[arg-type]


def test_same_event_joins_and_other_event_does_not() -> None:
    c = Clusterer()
    a = c.add([_item("a", "Magnitude 6.8 earthquake strikes northern Chile", 0)])[0]
    b = c.add([_item("b", "Strong 6.8 earthquake shakes northern Chile", 1)])[0]
    x = c.add([_item("x", "Norway's parliament approves fisheries budget", 2)])[0]
    assert a.created and not b.created and b.story == a.story
    assert x.created and x.story != a.story
    # the reason an article joined: its nearest stories with scores, best first
    assert b.neighbours[0][0] == a.story and b.neighbours[0][1] == pytest.approx(b.score)


def test_cross_language_article_joins() -> None:
    c = Clusterer()
    first = c.add([_item("a", "Magnitude 6.8 earthquake strikes northern Chile", 0, lang="en")])
    es = c.add([_item("b", "Terremoto de magnitud 6,8 sacude el norte de Chile", 1, lang="es")])
    assert es[0].story == first[0].story
    assert c.stories[first[0].story].languages == {"en", "es"}


def test_cross_language_bonus_lifts_stories_in_other_languages_only() -> None:
    scores = []
    for bonus in (0.0, 0.08):
        # A join threshold no score reaches: every article starts a story, and the third
        # one's neighbours show the scores of the first two.
        c = Clusterer(ClusterConfig(cross_language_bonus=bonus, title_join=2.0))
        en, es, probe = c.add(
            [
                _item("a", "Magnitude 6.8 earthquake strikes northern Chile", 0, lang="en"),
                _item("b", "Terremoto de magnitud 6,8 sacude el norte de Chile", 1, lang="es"),
                _item("c", "Chile quake: 6.8 tremor hits the north", 2, lang="en"),
            ]
        )
        assert probe.created
        scores.append({sid: sc for sid, sc in probe.neighbours})
        ids = (en.story, es.story)
    assert scores[1][ids[0]] == pytest.approx(scores[0][ids[0]])
    assert scores[1][ids[1]] == pytest.approx(scores[0][ids[1]] + 0.08)


def test_copy_joins_its_original_and_counts_once() -> None:
    c = Clusterer()
    a = c.add([_item("a", "Volcano erupts on remote island, flights cancelled", 0)])[0]
    copy = c.add([_item("a-copy", "Totally different words here", 1, copy_of="a")])[0]
    assert copy.story == a.story and copy.copy_of == "a"
    story = c.stories[a.story]
    assert story.members == ["a", "a-copy"] and story.weight == 1


def test_quiet_story_leaves_the_index() -> None:
    c = Clusterer(ClusterConfig(window_hours=24))
    a = c.add([_item("a", "Magnitude 6.8 earthquake strikes northern Chile", 0)])[0]
    later = c.add([_item("b", "Magnitude 6.8 earthquake strikes northern Chile", 24 * 10)])[0]
    assert later.created and later.story != a.story
    assert a.story not in c.active and len(c.index) == 1


def test_merge_is_recorded_and_old_id_resolves() -> None:
    # A join threshold above the merge threshold: the two stories start apart, and
    # are merged once one of them grows toward the other.
    c = Clusterer(ClusterConfig(title_join=0.85, merge=0.4))
    first = c.add([_item("a", "Magnitude 6.8 earthquake strikes northern Chile", 0)])[0]
    second = c.add([_item("b", "Chile earthquake: magnitude 6.8 quake hits the north", 1)])[0]
    assert second.created and second.story != first.story
    c.add([_item("c", "Magnitude 6.8 earthquake strikes northern Chile", 2)])
    assert c.merges, "the grown story should absorb its twin"
    merge = c.merges[0]
    assert {merge.kept, merge.absorbed} == {first.story, second.story}
    assert merge.kept == min(first.story, second.story)
    assert c.resolve(merge.absorbed) == merge.kept
    assert set(c.partition().values()) == {merge.kept}


def test_index_grows_and_reuses_slots() -> None:
    from storytrace.stories.cluster import Story

    idx = ActiveIndex(dim=2, capacity=1)
    stats = TermStats()
    stories = [Story(i, T0, T0, np.array([1.0, float(i)], dtype=np.float32)) for i in range(3)]
    for s in stories:
        idx.put(s, stats)
    assert len(idx) == 3
    idx.remove(stories[1])
    assert len(idx) == 2 and set(idx.vector_scores(np.array([1.0, 0.0]))) == {0, 2}
    idx.put(Story(9, T0, T0, np.array([0.0, 1.0], dtype=np.float32)), stats)
    assert len(idx.owner) == 4 and len(idx) == 3


def test_headline_centring_is_online_and_waits_for_enough_headlines() -> None:
    c = Clusterer(ClusterConfig(title_centring_after=3))
    rng = np.random.default_rng(0)
    raw = normalize_rows(rng.normal(size=(4, c.encoder.dim)) + 2.0)
    # the first three pass unchanged (too few to trust their mean) but are counted
    for row in raw[:3]:
        assert np.array_equal(c.centre(row, "en"), row)
    out = c.centre(raw[3], "en")
    expected = raw[3] - raw[:3].mean(axis=0)
    assert np.allclose(out, expected / np.linalg.norm(expected), atol=1e-5)
    # languages keep their own mean; a look without learning changes nothing
    assert np.array_equal(c.centre(raw[0], "fr", learn=False), raw[0])
    assert c.means["en"][0] == 4 and "fr" not in c.means
    # an empty headline (zero vector) stays zero and is not counted
    assert not c.centre(np.zeros(c.encoder.dim, dtype=np.float32), "en").any()
    assert c.means["en"][0] == 4
    # centring took the shared direction away: the rows no longer look alike
    assert float(out @ raw[2]) < float(raw[3] @ raw[2])


def test_body_names_are_recurring_capitalised_words_not_calendar_or_addresses() -> None:
    text = (
        "Police in Harwick said on Tuesday that a man had been arrested.\n\n"
        "The arrest came after Harwick police searched a flat in Dunmore Street. "
        "On Tuesday evening officers from Dunmore station joined them. "
        "Photos: https://www.example.org/harwick-street-photos\n"
        "Street lights were out, a neighbour said; the street was closed."
    )
    assert body_names(text) == {"^harwic", "^dunmor"}


_STABBING = (
    "A man was stabbed to death on a commuter train in {city} late on Tuesday, police"
    " said. Officers in {city} said the victim, {victim}, was attacked after an argument"
    " with another passenger. {victim} was taken to {hospital} but died of his wounds."
    " Police in {city} arrested a suspect at {station} station. {hospital} confirmed the"
    " death. Trains through {station} were halted for two hours while officers searched"
    " the carriage, and {city} transport officials said services resumed at midnight."
)


def _stabbing(key: str, hours: float, **names: str) -> StoryItem:
    body = _STABBING.format(**names)
    return _item(key, f"Man stabbed to death on train in {names['city']}", hours, text=body)


def test_articles_sharing_no_name_with_a_story_do_not_join_it() -> None:
    harwick = {
        "city": "Harwick",
        "victim": "Tomas Brell",
        "hospital": "Ashdown Infirmary",
        "station": "Quarry Lane",
    }
    lorvale = {
        "city": "Lorvale",
        "victim": "Anders Kolb",
        "hospital": "Cobb Memorial",
        "station": "Fenmoor",
    }
    # without the veto the two stabbings are one story: same wording, same day
    off = Clusterer(ClusterConfig(name_veto=0))
    a, b = off.add([_stabbing("a", 0, **harwick), _stabbing("b", 3, **lorvale)])
    assert b.story == a.story
    on = Clusterer()
    a, b, c = on.add(
        [_stabbing("a", 0, **harwick), _stabbing("b", 3, **lorvale), _stabbing("c", 4, **harwick)]
    )
    assert b.story != a.story
    assert c.story == a.story  # the same stabbing told again still joins


def test_lead_results_are_tallies_in_a_fixed_order() -> None:
    from storytrace.stories.features import lead_results

    assert lead_results("The Corrow Hawks beat the Kessling Owls 92-101 on Tuesday.") == {"%101-92"}
    assert lead_results("Velt won 6-2, 6-3 against Korr.") == {"%6-2", "%6-3"}
    # seasons, records of three parts, amounts and shares are no results
    assert lead_results("The 2023-24 season, a 4-2-1 record, $40-50 million, 10-15%") == set()
    # only the lead counts
    assert lead_results("x" * 500 + " won 3-1") == set()


_GAME = (
    "{winner} beat {loser} {score} on Tuesday night at the Lindenport Arena. Mika Lind"
    " scored 24 points and the home crowd of 12,000 saw a late run settle the game. Lind"
    " said the team had worked hard all week. The league's next round is on Friday, when"
    " the Lindenport side travel to Corrow. Tickets for the Corrow game went on sale on"
    " Monday, and Lindenport fans are expected in numbers."
)


def _game(key: str, hours: float, winner: str, loser: str, score: str) -> StoryItem:
    body = _GAME.format(winner=winner, loser=loser, score=score)
    return _item(key, f"{winner} beat {loser} in league game", hours, text=body)


def test_reports_of_two_games_with_other_results_do_not_join() -> None:
    # without the veto two games of one evening, told in one frame, are one story
    off = Clusterer(ClusterConfig(result_veto=False))
    a, b = off.add(
        [
            _game("a", 0, "Lindenport", "Kessling", "101-92"),
            _game("b", 1, "Lindenport", "Corrow", "88-80"),
        ]
    )
    assert b.story == a.story
    on = Clusterer()
    a, b, c = on.add(
        [
            _game("a", 0, "Lindenport", "Kessling", "101-92"),
            _game("b", 1, "Lindenport", "Corrow", "88-80"),
            _game("c", 2, "Lindenport", "Kessling", "101-92"),
        ]
    )
    assert b.story != a.story
    assert c.story == a.story  # the same game told again still joins
    assert a.story in {sid for sid, _ in b.vetoed}  # and the reason is kept


def test_a_result_in_the_headline_counts_as_one_in_the_lead() -> None:
    # the second report keeps its score for the headline: its lead names no result
    body = _GAME.format(winner="Lindenport", loser="Corrow", score="easily")
    later = StoryItem(
        key="b",
        title="Lindenport top Corrow 88-80 in league game",
        text=body,
        published=T0 + timedelta(hours=1),
    )
    a, b = Clusterer().add([_game("a", 0, "Lindenport", "Kessling", "101-92"), later])
    assert b.story != a.story and a.story in {sid for sid, _ in b.vetoed}


_CURRENCY = (
    "The Lindmark rose against the dollar on Monday as traders bet on lower interest rates."
    " Dealers in Lindenport said the Lindmark ended the day at 39.28 per dollar, its best"
    " close in a month, helped by inflows into local shares and hopes of a rate cut next"
    " week. Analysts expect the central bank to cut rates by a quarter point."
)
_STOCKS = (
    "Stock indexes closed sharply higher on Monday as traders bet on lower interest rates."
    " Shares of Kessling Motors led the gains, and Kessling Motors said its sales beat"
    " forecasts, helping the broad index to its best close in a month on hopes of a rate cut"
    " next week. Analysts expect the central bank to cut rates by a quarter point."
)


def _kept_out(off: ClusterConfig, first: StoryItem, second: StoryItem) -> tuple[Clusterer, int]:
    """``second`` joins ``first`` at a weak score under ``off``, and the default clusterer
    keeps it out and records why; the default clusterer and the first story come back."""
    a, b = Clusterer(off).add([first, second])
    assert b.story == a.story and b.score < ClusterConfig().name_veto_below
    on = Clusterer()
    a, b = on.add([first, second])
    assert b.story != a.story
    assert a.story in {sid for sid, _ in b.vetoed}  # the reason is kept
    return on, a.story


def test_a_weak_match_with_no_name_in_common_does_not_join() -> None:
    # one or two names each: too few for the name veto, yet nothing in common
    currency = _item("a", "Lindmark gains against the dollar", 0, text=_CURRENCY)
    stocks = _item("b", "Stocks close higher on rate hopes", 2, text=_STOCKS)
    on, story = _kept_out(ClusterConfig(name_veto_below=0), currency, stocks)
    again = _item("c", "Lindmark ends at best close in a month", 3, text=_CURRENCY)
    assert on.add([again])[0].story == story  # a report naming the Lindmark still joins


_READY = (
    "Quarterback Tomas Brek says the Corrow Hawks are ready for the Lindleague playoffs."
    " Brek has thrown for 4,000 yards this season, and the Hawks open the playoffs at home on"
    " Sunday against the Kessling Owls. The Owls beat the Hawks in November, but Brek said the"
    " team had learned from that game. A win would send the Hawks to the Lindleague semifinal"
    " for the first time in six years."
)
_HIRE = (
    "The Lumo Foxes hired a new offensive coordinator on Tuesday before their Lindleague playoff"
    " game. Ivo Saren, who ran the offense of the Lindenport Bears for three seasons, joins the"
    " Foxes on a two-year contract. The Foxes said Saren would call plays on Sunday, when the"
    " Foxes meet the Bears in the first round of the playoffs. Saren said he was ready for the"
    " Lindleague playoffs and the team would be too."
)
_INJURY = (
    "The Corrow Hawks listed quarterback Tomas Brek as questionable for Sunday's playoff game"
    " after he hurt his ankle in practice. On Wednesday Brek limped off the field, and coach"
    " Aron Lind said scans showed no break. The ankle will be tested on Friday, coach Lind"
    " said, and the Hawks have a second plan for the Kessling Owls, though the Owls have won"
    " both games between the teams this season."
)


def test_a_weak_match_of_many_names_needs_two_in_common() -> None:
    # one league in common is not one story: a team's playoff hopes and another team's hire
    ready = _item("a", "Brek says Hawks are ready for the playoffs", 0, text=_READY)
    hire = _item("b", "Foxes hire Saren to run the offense before the playoffs", 3, text=_HIRE)
    _kept_out(ClusterConfig(two_names_from=0), ready, hire)
    # the same team and player, another angle of the same week, two names shared: it joins
    # even where every match counts as weak
    strict = Clusterer(ClusterConfig(name_veto_below=0.99))
    a, c = strict.add([ready, _item("c", "Hawks list Brek as questionable", 5, text=_INJURY)])
    assert c.story == a.story and c.score < 0.99


def test_a_lone_misdated_article_does_not_move_the_clock() -> None:
    c = Clusterer()
    quake = "Magnitude 6.8 earthquake strikes northern Chile"
    first = c.add(
        [_item(str(h), quake if h == 0 else f"Ferry timetable changes {h}", h) for h in range(4)]
    )
    # a page whose date was misread as five years on; the clock is the third latest date
    c.add([_item("future", "Lindenport council approves harbour budget", 5 * 365 * 24)])
    assert c.clock == T0 + timedelta(hours=2)
    # an undated report of the quake is placed at the clock, so it meets the quake story
    undated = c.add([StoryItem(key="u", title="Strong 6.8 earthquake shakes northern Chile")])[0]
    assert undated.story == first[0].story
    # dates that agree do move it (the misdated one is still among the latest three)
    for i in range(3):
        c.add([_item(f"later{i}", f"Kessling festival opens day {i}", 30 * 24 + i)])
    assert c.clock == T0 + timedelta(hours=30 * 24 + 1)


def test_before_any_date_an_undated_article_does_not_set_the_clock() -> None:
    c = Clusterer()
    c.add([StoryItem(key="u", title="Lindenport council approves harbour budget")])
    assert c.clock is None
    c.add([_item("a", "Magnitude 6.8 earthquake strikes northern Chile", 0)])
    assert c.clock == T0


_BRIDGE = (
    "Lindenport opened its new harbour bridge on Saturday after four years of building. "
    "Mayor Mara Velt cut the ribbon as ferries sounded their horns below the span. "
    "The Lindenport harbour bridge carries two tram lines and a cycle path across the bay."
)
_FLOOD = (
    "The river Kessel burst its banks in Kessling overnight and flooded the old town. "
    "Firefighters moved two hundred residents of Kessling to the sports hall by boat. "
    "Kessling's mayor Aron Lind said the Kessel flood was the worst since 1954."
)


def _bodied(key: str, hours: float | None, title: str, text: str) -> StoryItem:
    when = None if hours is None else T0 + timedelta(hours=hours)
    return StoryItem(key=key, title=title, text=text, published=when, lang="en")


def test_an_undated_report_is_not_far_in_time_from_its_story() -> None:
    c = Clusterer()
    c.add([_bodied(f"b{i}", i, f"Lindenport harbour bridge opens {i}", _BRIDGE) for i in range(3)])
    # an undated flood report arrives while the clock is with the bridge; its dated
    # versions come three weeks on: the undated one was never three weeks away from them
    undated = c.add([_bodied("u", None, "Kessel floods Kessling old town", _FLOOD)])[0]
    assert undated.created
    assert not c.stories[undated.story].timed
    later = c.add(
        [
            _bodied("f1", 21 * 24, "Kessling old town under water", _FLOOD),
            _bodied("f2", 21 * 24 + 2, "Kessling flood: residents moved by boat", _FLOOD),
        ]
    )
    assert {a.story for a in later} == {undated.story}
    flood = c.stories[undated.story]
    # the story's time is its first dated member's, not where the undated one was placed
    assert flood.timed and flood.first_seen == T0 + timedelta(hours=21 * 24)
    # placed at the clock with the old decay, the flood report stays apart from its story
    old = Clusterer(ClusterConfig(undated_cost=None))
    old.add(
        [_bodied(f"b{i}", i, f"Lindenport harbour bridge opens {i}", _BRIDGE) for i in range(3)]
    )
    alone = old.add([_bodied("u", None, "Kessel floods Kessling old town", _FLOOD)])[0]
    f1 = old.add([_bodied("f1", 21 * 24, "Kessling old town under water", _FLOOD)])[0]
    assert f1.story != alone.story


def _bridge_then_undated(config: ClusterConfig) -> tuple[Clusterer, int, datetime, Assignment]:
    c = Clusterer(config)
    bridge = c.add(
        [_bodied(f"b{i}", i, f"Lindenport harbour bridge opens {i}", _BRIDGE) for i in range(3)]
    )
    last = c.stories[bridge[0].story].last_updated
    # the clock moves on four days with other news; the bridge story is still active
    c.add(
        [
            _bodied(f"x{h}", h, f"Kessling festival day {h}", "Kessling festival opened. " * 3)
            for h in (96, 97, 98)
        ]
    )
    assert c.clock is not None and c.clock > last + timedelta(days=3)
    u = c.add([_bodied("u", None, "Lindenport harbour bridge opens", _BRIDGE)])[0]
    return c, bridge[0].story, last, u


def test_an_undated_report_joins_at_a_flat_cost_and_moves_no_time() -> None:
    c, story, last, u = _bridge_then_undated(ClusterConfig())
    assert u.story == story
    assert c.stories[story].last_updated == last  # an undated article says nothing of when
    # the cost of not knowing the time is flat: not the four days to the clock
    v = _bridge_then_undated(ClusterConfig(undated_cost=0.0))[3]
    assert u.score == pytest.approx(v.score - 0.1)
    at_clock = _bridge_then_undated(ClusterConfig(undated_cost=None))[3]
    assert at_clock.score < u.score - 0.05


_BUDGET = (
    "Lindenport's city council voted 7-4 on Monday against the budget of mayor Mara Velt, the"
    " first defeat of a mayor's budget in the city in twenty years. Councillors objected to a"
    " rise in the property tax. Velt said she would bring a new budget within a month, and the"
    " city can spend at last year's levels until then."
)
_TRAM = (
    "Kessling will extend its tram line to the harbour by 2028, the transport office said on"
    " Monday. The 6-km line will cost 400 million and carry 30,000 riders a day, the office"
    " said. Building starts in the spring; shops along Quay Road asked for help while the"
    " street is closed."
)
_VOTERS = (
    "Voters in the region face a busy spring. In Lindenport, the council's vote against the"
    " mayor's budget and its property tax could decide her second term. In Kessling, the tram"
    " line to the harbour, its 400 million cost and the closing of Quay Road have split shop"
    " owners and tram riders, and the transport office wants the tram built by 2028. Both"
    " cities vote in May."
)


def test_a_weak_match_as_close_to_another_story_starts_its_own() -> None:
    # a piece about what two stories of one region have in common belongs to neither
    budget = _item("a", "Lindenport council votes down Velt's budget", 0, text=_BUDGET, lang="en")
    tram = _item("b", "Kessling tram line to reach the harbour by 2028", 5, text=_TRAM, lang="en")
    voters = _item("c", "Five questions for the region's voters", 8, text=_VOTERS, lang="en")
    a, b, c = Clusterer(ClusterConfig(ambiguous_margin=0)).add([budget, tram, voters])
    assert b.story != a.story
    assert c.story in (a.story, b.story)  # without the rule it joins one of them, weakly
    assert c.score < ClusterConfig().ambiguous_under
    on = Clusterer()
    a, b, c = on.add([budget, tram, voters])
    assert c.created and c.story not in (a.story, b.story)
    assert {sid for sid, _ in c.between} == {a.story, b.story}
    assert abs(c.between[0][1] - c.between[1][1]) < ClusterConfig().ambiguous_margin
    # a report of one of them still joins it
    again = _item("d", "Kessling tram works close Quay Road", 9, text=_TRAM, lang="en")
    assert on.add([again])[0].story == b.story
