"""Stories persisted in the store, on SQLite and PostgreSQL, with the real USE encoder:
a new process resumes the online index, copies join their original, merged ids resolve,
late arrivals meet the stories of their own time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

import numpy as np
import pytest
import sqlalchemy as sa

from storytrace.records import Article, Dated, Page
from storytrace.store import Store
from storytrace.stories import views
from storytrace.stories.cluster import Assignment, ClusterConfig
from storytrace.stories.store import StoryIndex
from storytrace.stories.tables import stories, story_aliases, story_counts, story_means

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)

QUAKE = "Magnitude 6.8 earthquake strikes northern Chile"
QUAKE_2 = "Strong 6.8 earthquake shakes northern Chile, buildings damaged"
QUAKE_ES = "Terremoto de magnitud 6,8 sacude el norte de Chile"
BUDGET = "Norway's parliament approves fisheries budget"
BUDGET_2 = "Norwegian parliament passes fisheries budget after long debate"


def _article(
    store: Store,
    title: str,
    hours: float,
    *,
    lang: str = "en",
    outlet: str = "Daily Tide",
    body: str | None = None,
    dated: bool = True,
) -> tuple[int, Article]:
    raw = f"{title}\n{outlet}\n{hours}".encode()
    page = Page(raw=raw, source=f"test:{title}:{outlet}:{hours}", origin="text", kind="text")
    ref = store.add_page(page)
    article = Article(
        page_hash=page.content_hash,
        title=title,
        paragraphs=[body or title],
        language=lang,
        outlet=outlet,
        published=Dated(T0 + timedelta(hours=hours), "test") if dated else None,
    )
    return store.save_article(ref.id, article), article


def _place(
    index: StoryIndex, article_id: int, article: Article, copy_of: int | None = None
) -> Assignment:
    assert article.published is not None
    return index.add(
        article_id,
        title=article.title,
        text="",
        language=article.language,
        published=article.published.value,
        outlet=article.outlet,
        copy_of=copy_of,
    )


def test_a_new_process_continues_where_the_last_stopped(store: Store) -> None:
    first = StoryIndex(store)
    a_id, a = _article(store, QUAKE, 0)
    b_id, b = _article(store, BUDGET, 1, outlet="Fjord Post")
    qa = _place(first, a_id, a)
    qb = _place(first, b_id, b)
    assert qa.created and qb.created and qa.story != qb.story

    later = StoryIndex(store)  # what a new process builds: only what the store holds
    c_id, c = _article(store, QUAKE_2, 5, outlet="Andes Wire")
    d_id, d = _article(store, BUDGET_2, 6)
    qc = _place(later, c_id, c)
    qd = _place(later, d_id, d)
    assert later.clusterer.stats.docs == 4
    assert (qc.story, qd.story) == (qa.story, qb.story)
    assert not qc.created and qc.neighbours[0] == (qa.story, pytest.approx(qc.score))
    # the ids of new stories do not collide with the stored ones
    e_id, e = _article(store, "Volcano erupts on remote island, flights cancelled", 7)
    qe = _place(later, e_id, e)
    assert qe.created and qe.story not in (qa.story, qb.story)
    assert views.partition(store) == {
        a_id: qa.story,
        b_id: qb.story,
        c_id: qa.story,
        d_id: qb.story,
        e_id: qe.story,
    }
    with store.engine.connect() as conn:
        n = conn.execute(sa.select(story_counts.c.n).where(story_counts.c.key == "chile")).scalar()
        means = dict(conn.execute(sa.select(story_means.c.lang, story_means.c.n)).all())
    assert n == 2
    # the running headline means (for centring) are resumed and kept counting
    assert means == {"en": 5}
    assert StoryIndex(store).clusterer.means == {}  # read lazily, on first use
    again = StoryIndex(store)
    with store.transaction() as conn:
        again.load(conn)
    assert again.clusterer.means["en"][0] == 5
    assert np.allclose(again.clusterer.means["en"][1], later.clusterer.means["en"][1])
    # so is what tells names from common words, and names are counted as terms
    assert again.clusterer.names.lower == later.clusterer.names.lower
    assert again.clusterer.names.lower["earthq"] == 2
    assert again.clusterer.stats.df["@chile"] == 2


def test_story_record_collapses_copies_and_says_why(store: Store) -> None:
    index = StoryIndex(store)
    a_id, a = _article(store, QUAKE, 0, outlet="Andes Wire")
    copy_id, copy = _article(store, QUAKE, 2, outlet="Daily Tide")
    es_id, es = _article(store, QUAKE_ES, 3, lang="es", outlet="Diario Sur")
    first = _place(index, a_id, a)
    joined = _place(index, copy_id, copy, copy_of=a_id)
    es_joined = _place(index, es_id, es)
    assert joined.story == first.story and joined.copy_of == a_id
    assert es_joined.story == first.story

    record = views.story(store, first.story)
    assert record is not None
    assert [x.article_id for x in record.articles] == [a_id, copy_id, es_id]
    assert record.languages == ("en", "es")
    assert record.outlets == ("Andes Wire", "Daily Tide", "Diario Sur")
    # the Daily Tide only re-ran the wire's text: two outlets wrote their own version
    assert record.independent_outlets == 2
    assert record.first_seen == T0 and record.last_updated == T0 + timedelta(hours=3)
    assert record.timeline == (("2024-03-01", 3),)
    assert record.articles[1].reason() == f"copy of article {a_id}"
    assert record.articles[2].reason().startswith("joined at")
    assert record.headline == QUAKE
    listed = views.list_stories(store)
    assert [(s.id, len(s.articles)) for s in listed] == [(first.story, 3)]


def test_merged_story_ids_keep_resolving(store: Store) -> None:
    # Joining is harder than merging: the twins start apart and merge once one grows.
    index = StoryIndex(store, ClusterConfig(title_join=0.85, merge=0.4))
    ids = [_article(store, t, h) for t, h in ((QUAKE, 0), (QUAKE_2, 1), (QUAKE, 2))]
    results = [_place(index, i, a) for i, a in ids]
    assert results[0].story != results[1].story
    assert results[2].merges, "the grown story should absorb its twin"
    merge = results[2].merges[0]
    record = views.story(store, merge.absorbed)
    assert record is not None and record.id == merge.kept
    assert record.aliases == (merge.absorbed,)
    assert {x.article_id for x in record.articles} == {i for i, _ in ids}
    assert [s.id for s in views.list_stories(store)] == [merge.kept]
    with store.engine.connect() as conn:
        alias = conn.execute(sa.select(story_aliases)).one()
    assert alias.kind == "merge" and "score" in alias.reason


def test_a_late_arrival_meets_the_stories_of_its_time(store: Store) -> None:
    config = ClusterConfig(window_hours=24)
    index = StoryIndex(store, config)
    old_id, old = _article(store, QUAKE, 0)
    new_id, new = _article(store, BUDGET, 24 * 30)
    placed_old = _place(index, old_id, old)
    _place(index, new_id, new)
    # read from an archive a month late, in a fresh process: it still finds its story
    late_id, late = _article(store, QUAKE_2, 3)
    late_placed = _place(StoryIndex(store, config), late_id, late)
    assert late_placed.story == placed_old.story


def test_a_time_at_the_edge_of_the_calendar_does_not_stop_the_index(store: Store) -> None:
    # a placeholder date that got through cleaning: the window around it cannot be
    # computed in the calendar, and must not raise
    index = StoryIndex(store, ClusterConfig(window_hours=24))
    now_id, now = _article(store, QUAKE, 0)
    _place(index, now_id, now)
    odd_id, odd = _article(store, QUAKE_2, 1)
    placed = index.add(
        odd_id,
        title=odd.title,
        text="",
        language="en",
        published=datetime(1, 1, 1, tzinfo=UTC),
        outlet=odd.outlet,
    )
    assert placed.story is not None
    far_id, far = _article(store, BUDGET, 2)
    assert (
        index.add(
            far_id,
            title=far.title,
            text="",
            language="en",
            published=datetime(9999, 12, 31, 23, 0, tzinfo=UTC),
            outlet=far.outlet,
        ).story
        is not None
    )


def test_the_clock_outvotes_a_misdated_page_across_processes(store: Store) -> None:
    index = StoryIndex(store)
    placed = [
        _place(index, *_article(store, title, h))
        for h, title in enumerate((QUAKE, BUDGET, BUDGET_2))
    ]
    # a new process reads the recent dates back, so a page dated years ahead is outvoted
    wrong_id, wrong = _article(store, "Lindenport council approves harbour budget", 5 * 365 * 24)
    _place(StoryIndex(store), wrong_id, wrong)
    fresh = StoryIndex(store)
    with store.transaction() as conn:
        fresh.load(conn)
    assert fresh.clusterer.clock == T0 + timedelta(hours=1)
    assert len(fresh.clusterer.recent) == 4
    # and an undated report of the quake, placed at the clock, meets the quake story
    undated_id, undated = _article(store, QUAKE_2, 0)
    joined = fresh.add(
        undated_id, title=undated.title, text="", language="en", published=None, outlet=None
    )
    assert joined.story == placed[0].story


_FLOOD = (
    "The river Kessel burst its banks in Kessling overnight and flooded the old town. "
    "Firefighters moved two hundred residents of Kessling to the sports hall by boat. "
    "Kessling's mayor Aron Lind said the Kessel flood was the worst since 1954."
)


def test_a_story_of_undated_reports_has_no_time_across_processes(store: Store) -> None:
    index = StoryIndex(store)
    for h, title in enumerate((QUAKE, BUDGET, BUDGET_2)):
        _place(index, *_article(store, title, h))
    u_id, u = _article(
        store, "Kessel floods Kessling old town", 0, outlet="Tarn Post", body=_FLOOD, dated=False
    )
    undated = index.add(
        u_id, title=u.title, text=_FLOOD, language="en", published=None, outlet="Tarn Post"
    )
    with store.transaction() as conn:
        timed = conn.execute(
            sa.select(stories.c.timed).where(stories.c.id == undated.story)
        ).scalar_one()
    assert timed is False
    record = views.story(store, undated.story)
    assert record is not None and not record.timed  # shown as undated, not at its placing
    # a new process reads it back without a time: a dated version three weeks on joins it
    d_id, d = _article(
        store, "Kessling old town under water", 21 * 24, outlet="Fellside News", body=_FLOOD
    )
    dated = StoryIndex(store).add(
        d_id,
        title=d.title,
        text=_FLOOD,
        language="en",
        published=T0 + timedelta(hours=21 * 24),
        outlet="Fellside News",
    )
    assert dated.story == undated.story
    with store.transaction() as conn:
        row = conn.execute(sa.select(stories).where(stories.c.id == undated.story)).one()
    assert row.timed is True and row.first_seen == T0 + timedelta(hours=21 * 24)
    record = views.story(store, undated.story)
    assert record is not None and record.timed
    # re-clustering replays the undated report as undated: nothing moves
    from storytrace.stories.recluster import recluster

    assert recluster(store, apply=False).moves == []


def test_an_undated_first_page_leaves_the_clock_to_the_first_date(store: Store) -> None:
    index = StoryIndex(store)
    u_id, u = _article(store, "Kessel floods Kessling old town", 0, body=_FLOOD, dated=False)
    index.add(u_id, title=u.title, text=_FLOOD, language="en", published=None, outlet=None)
    # an archive read today: its first undated page must not set the clock to today,
    # which would make every dated page of the archive a late arrival
    assert index.clusterer.clock is None and not index.clusterer.recent
    _place(index, *_article(store, QUAKE, 0))
    assert index.clusterer.clock == T0


def test_reinserting_a_placed_article_keeps_its_story(store: Store) -> None:
    index = StoryIndex(store)
    a_id, a = _article(store, QUAKE, 0)
    first = _place(index, a_id, a)
    again = _place(StoryIndex(store), a_id, a)
    assert again.story == first.story and views.partition(store) == {a_id: first.story}


def test_recluster_moves_articles_and_old_ids_resolve(store: Store) -> None:
    from storytrace.stories.recluster import recluster

    # online, too strict to join: every article starts its own story
    strict = StoryIndex(store, ClusterConfig(title_join=0.95, merge=0.99))
    placed = [_place(strict, *_article(store, t, h)) for t, h in ((QUAKE, 0), (QUAKE_2, 1))]
    outside = _place(strict, *_article(store, QUAKE, 24 * 20))
    assert len({p.story for p in placed} | {outside.story}) == 3

    since, until = T0 - timedelta(days=1), T0 + timedelta(days=1)
    dry = recluster(store, since=since, until=until, apply=False)
    assert dry.articles == 2 and len(dry.moves) == 1 and not dry.applied
    a0, a1 = (cast(int, p.key) for p in placed)
    assert views.partition(store)[a1] == placed[1].story  # nothing changed

    done = recluster(store, since=since, until=until)
    assert done.applied and done.moves == dry.moves
    move = done.moves[0]
    assert (move.old_story, move.new_story) == (placed[1].story, placed[0].story)
    assert done.emptied == {placed[1].story: placed[0].story}
    part = views.partition(store)
    assert part[a0] == part[a1] == placed[0].story
    assert part[cast(int, outside.key)] == outside.story  # outside the range: untouched
    record = views.story(store, placed[1].story)  # the emptied id resolves
    assert record is not None and record.id == placed[0].story
    assert record.aliases == (placed[1].story,)
    # the rebuilt state lets a new process place the next article in the grown story
    nxt_id, nxt = _article(store, QUAKE_2, 5, outlet="Andes Wire")
    assert _place(StoryIndex(store), nxt_id, nxt).story == placed[0].story


def test_memory_holds_the_active_window_only(store: Store) -> None:
    index = StoryIndex(store, ClusterConfig(window_hours=24))
    index.trim_every = 1
    old = _place(index, *_article(store, QUAKE, 0))
    new = _place(index, *_article(store, BUDGET, 24 * 10))
    assert set(index.clusterer.stories) == {new.story}  # the quiet story lives in the store
    assert not index.clusterer.story_of
    late = _place(index, *_article(store, QUAKE_2, 2))  # read back for a late arrival
    assert late.story == old.story


def _place_with_body(index: StoryIndex, article_id: int, article: Article, text: str) -> Assignment:
    """Place a dated English article of the Daily Tide with ``text`` as its body."""
    assert article.published is not None and article.title is not None
    return index.add(
        article_id,
        title=article.title,
        text=text,
        language="en",
        published=article.published.value,
        outlet="Daily Tide",
    )


def test_why_an_article_stayed_out_of_a_story_it_shares_no_name_with(store: Store) -> None:
    body = (
        "A man was stabbed to death on a commuter train in {city} late on Tuesday, police said."
        " Officers in {city} said the victim, {victim}, was attacked after an argument with"
        " another passenger. {victim} was taken to {hospital} but died of his wounds. Police in"
        " {city} arrested a suspect at {station} station. {hospital} confirmed the death."
        " Trains through {station} were halted for two hours, and {city} transport officials"
        " said services resumed at midnight."
    )
    places = [
        ("Harwick", "Tomas Brell", "Ashdown Infirmary", "Quarry Lane"),
        ("Lorvale", "Anders Kolb", "Cobb Memorial", "Fenmoor"),
    ]
    index = StoryIndex(store)
    placed = []
    for k, (city, victim, hospital, station) in enumerate(places):
        title = f"Man stabbed to death on train in {city}"
        aid, article = _article(store, title, 3 * k)
        text = body.format(city=city, victim=victim, hospital=hospital, station=station)
        placed.append(_place_with_body(index, aid, article, text))
    first, second = placed
    assert second.created and second.story != first.story
    record = views.story(store, second.story)
    assert record is not None
    reason = record.articles[0].reason()
    assert f"kept out of story {first.story}" in reason, reason
    assert "no name or result in common" in reason, reason
    assert record.articles[0].kept_out[0][0] == first.story


def test_the_results_of_a_story_are_read_back_from_the_store(store: Store) -> None:
    body = (
        "{winner} beat {loser} {score} on Tuesday night at the Lindenport Arena. Mika Lind"
        " scored 24 points and the home crowd of 12,000 saw a late run settle the game. Lind"
        " said the team had worked hard all week. The next round is on Friday, when the"
        " Lindenport side travel to Corrow, and Lindenport fans are expected in numbers."
    )
    games = [("Kessling", "101-92"), ("Corrow", "88-80"), ("Kessling", "101-92")]
    placed = []
    for k, (loser, score) in enumerate(games):
        # a new index each time: what it knows of the story comes from the store
        index = StoryIndex(store)
        title = f"Lindenport beat {loser} in league game"
        aid, article = _article(store, title, k + 0.5, outlet=f"Outlet {k}")
        assert article.published is not None
        placed.append(
            index.add(
                aid,
                title=title,
                text=body.format(winner="Lindenport", loser=loser, score=score),
                language="en",
                published=article.published.value,
                outlet=f"Outlet {k}",
            )
        )
    first, other, again = placed
    assert other.story != first.story
    assert again.story == first.story


def test_a_common_word_capitalised_is_no_name_in_common_after_a_restart(store: Store) -> None:
    def place(title: str, text: str, k: int) -> Assignment:
        index = StoryIndex(store)  # a new index each time: the counts come from the store
        aid, article = _article(store, title, k * 0.2, outlet=f"Outlet {k}")
        assert article.published is not None
        return index.add(
            aid,
            title=title,
            text=text,
            language="en",
            published=article.published.value,
            outlet=f"Outlet {k}",
        )

    # earlier bodies write "open" in lower case: the shop is open, the open sea
    for k in range(10):
        place(
            f"Harbour market {k} reopens",
            f"The market hall number {k} in Dunmore is open again after repairs, and the open"
            " square beside it will hold a fair. Traders said the open days drew crowds.",
            k,
        )
    report = (
        "{a} won the {p} Open on Sunday with a final round of 66. {a} finished two shots"
        " clear of {b} at the {p} Open, where {b} had led after three rounds. {a} said the"
        " wind at {p} made the last holes hard. The Open ends the season for {a} and {b}."
    )
    first = place(
        "Velt wins the Lindenport Open", report.format(a="Velt", b="Okafor", p="Lindenport"), 10
    )
    second = place(
        "Brek wins the Kessling Open", report.format(a="Brek", b="Korr", p="Kessling"), 11
    )
    assert second.story != first.story


def test_why_an_article_between_two_stories_started_its_own(store: Store) -> None:
    from test_stories import _BUDGET, _TRAM, _VOTERS

    index = StoryIndex(store)
    placed = []
    for k, (title, body) in enumerate(
        [
            ("Lindenport council votes down Velt's budget", _BUDGET),
            ("Kessling tram line to reach the harbour by 2028", _TRAM),
            ("Five questions for the region's voters", _VOTERS),
        ]
    ):
        aid, article = _article(store, title, 4 * k, body=body)
        placed.append(_place_with_body(index, aid, article, body))
    budget, tram, voters = placed
    assert voters.created and voters.story not in (budget.story, tram.story)
    record = views.story(store, voters.story)
    assert record is not None
    member = record.articles[0]
    assert {sid for sid, _ in member.between} == {budget.story, tram.story}
    assert member.kept_out == ()
    reason = member.reason()
    assert reason.startswith("started the story"), reason
    assert f"story {budget.story}" in reason and f"story {tram.story}" in reason, reason
    assert "too close to another to choose" in reason, reason
