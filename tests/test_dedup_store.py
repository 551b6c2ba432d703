"""dedup's copy decisions on a real store (SQLite file and PostgreSQL server)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storytrace.dedup import THRESHOLD, assign, regroup
from storytrace.dedup.sketch import minhash, similarity
from storytrace.records import Article, Dated, Page
from storytrace.store import Store

# A fictional report, written for these tests.
STORY = [
    "The harbour board of Marrowick approved on Monday a plan to restore the night ferry "
    "between the old quay and the island of Tessel, ending a pause of almost four years.",
    "Board members voted five to two after a meeting that ran past midnight. The two members "
    "who opposed the plan said the cost of new engines had been set too low and that the "
    "board had not asked the fishing cooperative for its view.",
    "Under the plan, a refitted vessel will leave the quay at ten in the evening and return "
    "shortly after six in the morning, six days a week. Tickets will cost the same as the "
    "day service, and residents of the island will travel at half price.",
    "Ina Verholt, who chairs the board, said the service would be reviewed after one year. "
    "She said islanders who work late shifts on the mainland had waited long enough, and "
    "that the board would publish the full accounts of the service every quarter.",
    "The ferry operator said crews would be hired over the summer and that the first night "
    "crossing could run in early October if the engine work finishes on time.",
]

# The same event told by another outlet in its own words: shares names and numbers only.
REWRITE = [
    "Night crossings to Tessel are coming back. Marrowick's harbour board backed the return "
    "of the overnight boat by five votes to two in a session that stretched beyond midnight.",
    "Critics on the board argued that engine costs were underestimated and that fishermen "
    "were never consulted. Chair Ina Verholt promised a review after twelve months and "
    "quarterly publication of the accounts.",
    "Islanders will pay half fare. The boat is expected to sail at 10 p.m. and come back "
    "just after 6 a.m., every day except one, with the first trip pencilled in for October.",
]


def wire_copy(paragraphs: list[str]) -> list[str]:
    """How a partner site runs an agency story: dateline, credit line, related link."""
    return [
        "MARROWICK (Coastal Wire) - " + paragraphs[0],
        *paragraphs[1:],
        "Reporting by a staff correspondent; editing by the regional desk.",
    ]


def save(
    store: Store,
    name: str,
    paragraphs: list[str],
    *,
    url: str | None = None,
    title: str | None = None,
    day: int | None = None,
) -> tuple[int, Article]:
    page = Page(raw=f"{name}\n".encode() + "\n".join(paragraphs).encode(), source=name,
                origin="file", url=url)  # fmt: skip
    ref = store.add_page(page)
    published = Dated(datetime(2024, 5, day, 9, 0, tzinfo=UTC), "meta") if day else None
    article = Article(
        page_hash=page.content_hash,
        title=title or name,
        paragraphs=list(paragraphs),
        url=url,
        published=published,
    )
    return store.save_article(ref.id, article), article


def place(store: Store, name: str, paragraphs: list[str], **kw: object):  # type: ignore[no-untyped-def]
    article_id, article = save(store, name, paragraphs, **kw)  # type: ignore[arg-type]
    decision = assign(
        store,
        article_id,
        url=article.canonical_url or article.url,
        text=article.text,
        published=article.published.value if article.published else None,
    )
    assert decision.article_id == article_id
    return article_id, decision


def test_wire_copy_with_other_headline_and_boilerplate_is_grouped(store: Store) -> None:
    original, first = place(store, "original", STORY, url="https://herald.example/ferry-vote")
    copy, decision = place(
        store, "copy", wire_copy(STORY), url="https://partner.example/wire/88812",
        title="Island night ferry to return, board decides",
    )  # fmt: skip
    assert first.relation == "new"
    assert decision.relation == "near"
    assert decision.matched == original
    assert decision.similarity >= THRESHOLD
    group = store.copy_group_of(copy)
    assert group is not None and {m.article_id for m in group.members} == {original, copy}
    assert {m.relation for m in group.members if m.article_id == copy} == {"near"}


def test_rewrite_of_the_same_story_is_not_a_copy(store: Store) -> None:
    original, _ = place(store, "original", STORY, url="https://herald.example/ferry-vote")
    rewrite, decision = place(store, "rewrite", REWRITE, url="https://gazette.example/ferry")
    assert decision.relation == "new"
    assert store.copy_group_of(rewrite) != store.copy_group_of(original)
    assert similarity(minhash("\n\n".join(STORY)), minhash("\n\n".join(REWRITE))) < 0.2
    assert store.copy_groups() == []


def test_repost_at_tracking_url_is_grouped_by_url(store: Store) -> None:
    original, _ = place(store, "original", STORY, url="https://herald.example/news/ferry-vote")
    # Same page fetched again through a share link, with a cookie line left in.
    repost, decision = place(
        store, "repost", [*STORY, "We use cookies to improve your visit."],
        url="http://www.herald.example/news/ferry-vote/?utm_source=social&fbclid=XYZ#comments",
    )  # fmt: skip
    assert decision.relation == "url"
    assert decision.matched == original
    assert decision.similarity > 0.8  # measured, not assumed
    group = store.copy_group_of(repost)
    assert group is not None and len(group.members) == 2


def test_front_page_url_groups_nothing(store: Store) -> None:
    place(store, "monday", STORY, url="https://herald.example/")
    _, decision = place(store, "tuesday", REWRITE, url="https://www.herald.example")
    assert decision.relation == "new"


def test_exact_copy_ignores_case_and_punctuation(store: Store) -> None:
    original, _ = place(store, "original", STORY)
    shouted = [p.upper().replace(",", "").replace(".", " .") for p in STORY]
    _, decision = place(store, "shouted", shouted)
    assert (decision.relation, decision.matched, decision.similarity) == ("exact", original, 1.0)


def test_earliest_member_is_the_first_published(store: Store) -> None:
    # Stored first but published last: the earliest member is still the first published.
    late, _ = place(store, "late", wire_copy(STORY), day=20)
    early, _ = place(store, "early", STORY, day=3)
    middle, _ = place(store, "middle", [*STORY, "Updated with the vote count."], day=11)
    group = store.copy_group_of(late)
    assert group is not None
    assert {m.article_id for m in group.members} == {late, early, middle}
    assert group.earliest_article_id == early


def test_textless_articles_are_not_copies_of_each_other(store: Store) -> None:
    _, a = place(store, "a", ["...", "—"])
    _, b = place(store, "b", ["!!"])
    assert (a.relation, b.relation) == ("new", "new")
    assert a.group_id != b.group_id


def test_nothing_is_dropped(store: Store) -> None:
    ids = [place(store, f"n{i}", STORY if i % 2 else wire_copy(STORY))[0] for i in range(6)]
    assert store.count_articles() == 6
    (group,) = store.copy_groups()
    assert sorted(m.article_id for m in group.members) == ids


def test_regroup_after_threshold_change_reports_what_moved(store: Store) -> None:
    original, _ = place(store, "original", STORY)
    copy, _ = place(store, "copy", wire_copy(STORY))
    rewrite, _ = place(store, "rewrite", REWRITE)
    near_sim = similarity(store.signature(original) or b"", store.signature(copy) or b"")
    assert THRESHOLD <= near_sim < 1.0

    strict = near_sim + 0.01
    dry = regroup(store, threshold=strict, apply=False)
    assert (dry.articles, dry.groups_before, dry.groups_after) == (3, 1, 0)
    assert sorted(dry.moved) == [original, copy]
    assert len(store.copy_groups()) == 1  # a dry run changes nothing

    done = regroup(store, threshold=strict)
    assert sorted(done.moved) == [original, copy]
    assert store.copy_groups() == []
    assert all(store.copy_group_of(a) is not None for a in (original, copy, rewrite))

    back = regroup(store)  # default threshold: the copy returns
    assert sorted(back.moved) == [original, copy]
    assert back.relations["near"] == 1
    (group,) = store.copy_groups()
    assert {m.article_id for m in group.members} == {original, copy}
    assert back.line() == "3 articles: 0 -> 1 copy groups of 2+, 2 articles moved (near 1)"

    again = regroup(store)
    assert again.moved == [] and again.groups_after == 1


def test_regroup_signs_articles_stored_before_dedup(store: Store) -> None:
    a, _ = save(store, "a", STORY)
    b, _ = save(store, "b", wire_copy(STORY))
    assert store.signature(a) is None
    dry = regroup(store, apply=False)
    assert dry.signed == 2 and dry.groups_after == 1
    assert store.signature(a) is None and store.copy_group_of(a) is None  # untouched
    report = regroup(store)
    assert report.signed == 2
    assert store.signature(a) is not None
    group = store.copy_group_of(b)
    assert group is not None and {m.article_id for m in group.members} == {a, b}


@pytest.mark.parametrize("threshold", [0.5, 0.95])
def test_threshold_is_respected(store: Store, threshold: float) -> None:
    original, _ = place(store, "original", STORY)
    half = STORY[:3]  # a copy cut after three of five paragraphs
    sim = similarity(minhash("\n\n".join(STORY)), minhash("\n\n".join(half)))
    assert 0.5 < sim < 0.8
    article_id, article = save(store, "half", half)
    decision = assign(store, article_id, url=None, text=article.text, threshold=threshold)
    if threshold == 0.5:
        assert (decision.relation, decision.matched) == ("near", original)
    else:
        assert decision.relation == "new"
