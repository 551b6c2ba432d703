"""Corroboration and the story digest on the bundled examples, compared from a real store.

What the manifest plants, and what must show: the Trendwire rewrite of the strike swaps
who won in court (a contradiction, disputed first); the Northgate Herald's wire copy is
one version listed with the Gazette's; every claim of the strike and of the flood leads
back to one origin, while L'Écho and Le Courrier des Berges report the resignation
independently; the Valley Courier's update adds an editor's note and the footbridge
inspection, and nothing else is new after it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

from storytrace.compare import compare_versions
from storytrace.compare.corroboration import Corroboration, corroborate, version_origins
from storytrace.compare.digest import make_digest
from storytrace.compare.records import StoryComparison, Version
from storytrace.compare.story import LoadedStory, load_articles, load_story
from storytrace.store import Store
from test_compare_story import MANIFEST, ingest_examples, page_of, story_named

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _norm(text: str) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.open(tmp_path_factory.mktemp("digest") / "examples.db")
    ingest_examples(store)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="module")
def compared(
    examples_db: Store,
) -> Iterator[object]:
    @cache
    def get(name: str) -> tuple[LoadedStory, StoryComparison, list[Corroboration]]:
        loaded = load_story(examples_db, story_named(examples_db, name))
        assert loaded is not None
        comparison = compare_versions(loaded.versions)
        return loaded, comparison, corroborate(comparison, loaded)

    yield get


def names(store: Store, loaded: LoadedStory) -> dict[str, str]:
    return {e.id: str(page_of(store, e.article_id)["id"]) for e in loaded.entries}


def relation(kind: str, a: str, b: str) -> dict[str, object]:
    for r in MANIFEST["relations"]:
        if r["a"] == a and r["b"] == b:
            return next(d for d in r["differences"] if d["kind"] == kind)
    raise AssertionError((kind, a, b))


def test_role_swap_is_disputed_first(examples_db: Store, compared: object) -> None:
    loaded, comparison, _ = compared("kessling-strike")  # type: ignore[operator]
    pages = names(examples_db, loaded)
    digest = make_digest(comparison, loaded)
    planted = relation("role swap", "harbour-gazette-kessling-strike", "trendwire-kessling-strike")
    swaps = [p for p in digest.disputed if p.kind == "role swap"]
    assert swaps, [p.kind for p in digest.disputed]
    swap = swaps[0]
    assert swap.cell == "contradicts"
    assert pages[swap.version_b] == "trendwire-kessling-strike"
    assert "harbour-gazette-kessling-strike" in {pages[v] for v in swap.versions_a}
    assert str(planted["b_contains"]) in _norm(swap.b)
    assert str(planted["a_contains"]) in _norm(swap.a) or pages[swap.version_a] != (
        "harbour-gazette-kessling-strike"
    )
    # contradictions come before changed hedges and attributions
    cells = [p.cell for p in digest.disputed]
    assert cells == sorted(cells, key=lambda c: c != "contradicts")
    # one point per disagreement: the rewrite against the agency text and against its
    # translation is listed once
    keys = [(p.kind, p.b) for p in digest.disputed]
    assert len(keys) == len(set(keys))


def test_digest_sentences_link_to_articles_and_sources(
    examples_db: Store, compared: object
) -> None:
    for name in ("kessling-strike", "alder-flood", "sarrelune-resignation"):
        loaded, comparison, corr = compared(name)  # type: ignore[operator]
        digest = make_digest(comparison, loaded, corroboration=corr, sentences=4)
        assert 1 <= len(digest.summary) <= 4
        story_articles = {a for e in loaded.entries for a in e.article_ids()}
        texts = {c.text for cs in comparison.claims.values() for c in cs}
        for s in digest.summary:
            assert s.articles and set(s.articles) <= story_articles
            assert s.text in texts and s.versions and s.origins
            assert all(v in loaded.by_id for v in s.versions)
        # no two summary lines say the same thing
        assert len({s.claim for s in digest.summary}) == len(digest.summary)
        # a timeline entry per version, in the order they appeared
        assert [t.version for t in digest.timeline] == [e.id for e in loaded.entries]
        assert digest.timeline[0].added and not digest.timeline[0].omitted
        # everything a later version carries was either added by it or known before
        json.dumps(digest.as_dict())


def test_wire_copy_is_one_version_with_its_copy(examples_db: Store, compared: object) -> None:
    loaded, comparison, corr = compared("kessling-strike")  # type: ignore[operator]
    pages = names(examples_db, loaded)
    assert len(comparison.versions) == 3
    gazette = next(v for v, p in pages.items() if p == "harbour-gazette-kessling-strike")
    copy_ids = [c.article_id for c in loaded.by_id[gazette].copies]
    assert [page_of(examples_db, a)["id"] for a in copy_ids] == ["northgate-herald-kessling-strike"]
    # claims the Gazette carries link to the copy's article too
    carried = [c for c in corr if gazette in c.versions]
    assert carried and all(set(copy_ids) <= set(c.articles) for c in carried)


def test_one_origin_for_copies_translations_and_rewrites(
    examples_db: Store, compared: object
) -> None:
    for name in ("kessling-strike", "alder-flood"):
        loaded, _, corr = compared(name)  # type: ignore[operator]
        origin = MANIFEST["stories"][name]["origin"]
        shared = [c for c in corr if len(c.versions) > 1]
        assert shared
        for c in shared:
            assert c.origins == (origin,), (c.text, c.origins)
            assert c.single_source
    loaded, _, corr = compared("sarrelune-resignation")  # type: ignore[operator]
    pages = names(examples_db, loaded)
    by_page = {p: v for v, p in pages.items()}
    echo = by_page["echo-sarrelune-duvernois-demissionne"]
    courrier = by_page["courrier-des-berges-demission-duvernois"]
    both = [c for c in corr if echo in c.versions and courrier in c.versions]
    assert both, "the two independent French reports share claims"
    for c in both:
        assert set(c.origins) == {"L'Écho de Sarrelune", "Le Courrier des Berges"}, c
        assert not c.single_source
    # the re-reports of L'Écho add no origin of their own
    herald = by_page["northgate-herald-duvernois-resigns"]
    for c in corr:
        if set(c.versions) == {echo, herald}:
            assert c.origins == ("L'Écho de Sarrelune",)


def test_anonymous_only_flag(compared: object) -> None:
    anonymous = ("anonymous", "anonymous group")
    for name in ("kessling-strike", "alder-flood", "sarrelune-resignation"):
        _, _, corr = compared(name)  # type: ignore[operator]
        for c in corr:
            kinds = [k for _, k in c.sources]
            named = [k for k in kinds if k not in (None, "unknown", "pronoun")]
            assert c.anonymous_only == (bool(named) and all(k in anonymous for k in named))
    _, _, corr = compared("alder-flood")  # type: ignore[operator]
    flagged = [c for c in corr if c.anonymous_only]
    # the officials who spoke on condition of anonymity, and the paper's own re-telling of
    # it: anonymous-only, in every version that carries it
    assert any("anonymity" in c.text for c in flagged), [c.text for c in flagged]
    # a claim credited to the named mayor is not
    assert not any("Ruth Calloway" in c.text for c in flagged)


def test_since_shows_only_the_update(examples_db: Store, compared: object) -> None:
    loaded, comparison, corr = compared("alder-flood")  # type: ignore[operator]
    pages = names(examples_db, loaded)
    planted = next(
        r for r in MANIFEST["relations"] if r["b"] == "valley-courier-alder-flood-update"
    )
    note = next(d for d in planted["differences"] if d["kind"] == "added")["b_contains"]
    since = datetime(2025, 3, 12, 12, 0, tzinfo=UTC)
    digest = make_digest(comparison, loaded, corroboration=corr, since=since)
    assert [pages[t.version] for t in digest.new] == ["valley-courier-alder-flood-update"]
    new = digest.new[0]
    added = " ".join(_norm(t) for _, t in new.added)
    assert _norm(note) in added
    # the resolved hedge on the footbridge is new too: as an addition or as a change of
    # the earlier sentence
    changed = " ".join(_norm(p.b) for p in new.changed)
    assert "Engineers confirmed" in added + changed
    # nothing it adds was in the earlier versions
    earlier = " ".join(
        _norm(e.version.text) for e in loaded.entries if pages[e.id] != pages[new.version]
    )
    for _, text in new.added:
        assert _norm(text) not in earlier
    # the changed number is a change, not an addition
    assert any("1,450" in p.b for p in new.changed)
    assert make_digest(comparison, loaded, since=datetime(2030, 1, 1, tzinfo=UTC)).new == []


def test_seed_shared_claims_have_one_origin(tmp_path: Path) -> None:
    seeds = SHARED / "seeds"
    if not (seeds / "expected.json").is_file():
        pytest.skip(f"seed pages not found at {seeds}")
    from storytrace.pipeline import Pipeline

    expected = json.loads((seeds / "expected.json").read_text(encoding="utf-8"))["story"]
    with Store.open(tmp_path / "seeds.db") as store:
        Pipeline(store).ingest([str(p) for p in sorted(seeds.glob("*.txt"))])
        ids = [a.id for a in store.articles(limit=None)]
        assert len(ids) == 2
        loaded = load_articles(store, ids)
    comparison = compare_versions(loaded.versions)
    origins = version_origins(loaded)
    assert {o.origin for o in origins.values()} == {expected["original_source"]}
    corr = corroborate(comparison, loaded, origins=origins)
    shared = [c for c in corr if len(c.versions) == 2]
    assert shared, "the seeds share claims"
    for c in shared:
        assert c.origins == (expected["original_source"],), (c.text, c.origins)


def _tarn_and_fellside(first: str, second: str, titles: tuple[str, str]) -> list[Version]:
    """Two English versions of one story: the Tarn Post's at 9:00, Fellside News's at 15:00."""
    return [
        Version("a", first, "en", titles[0], "Tarn Post", datetime(2025, 5, 5, 9, tzinfo=UTC)),
        Version(
            "b", second, "en", titles[1], "Fellside News", datetime(2025, 5, 5, 15, tzinfo=UTC)
        ),
    ]


def test_plain_versions_without_a_store_or_encoder() -> None:
    """Compare, corroborate and digest work on plain versions (no store), and the summary
    falls back to lexical scoring when no sentence encoder is used."""
    first = (
        "The Tarn Valley water board closed the Oldmere reservoir on Monday after tests "
        "found algae in the water, a spokesperson for the board said.\n\n"
        "About 4,000 homes in Oldmere will receive bottled water until Friday.\n\n"
        "The board said the reservoir would reopen once two clean tests were recorded."
    )
    second = (
        "The Tarn Valley water board closed the Oldmere reservoir on Monday after tests "
        "found algae in the water, the board said.\n\n"
        "About 6,000 homes in Oldmere will receive bottled water until Friday.\n\n"
        "Residents complained that the bottled water arrived late."
    )
    versions = _tarn_and_fellside(first, second, ("Reservoir closed", "Oldmere reservoir shut"))
    comparison = compare_versions(versions)
    corr = corroborate(comparison)
    # no store: each outlet is its own origin
    both = [c for c in corr if set(c.versions) == {"a", "b"}]
    assert both and all(set(c.origins) == {"Tarn Post", "Fellside News"} for c in both)
    digest = make_digest(comparison, corroboration=corr, encoder=None, sentences=2)
    assert digest.method == "lexical" and 1 <= len(digest.summary) <= 2
    assert digest.headline == "Reservoir closed" and digest.story_id is None
    assert any(p.cell == "contradicts" and "6,000" in p.b for p in digest.disputed)
    since = make_digest(comparison, encoder=None, since=datetime(2025, 5, 5, 12, tzinfo=UTC))
    assert [t.version for t in since.new] == ["b"]
    assert any("arrived late" in text for _, text in since.new[0].added)


def test_a_claim_credited_to_a_journalist_of_an_outlet_has_that_outlet_as_origin() -> None:
    first = "Alex Horton of the Washington Post said the Fenwick naval base was closed on Monday."
    second = "The Fenwick naval base was closed on Monday, the Washington Post reported."
    versions = _tarn_and_fellside(first, second, ("Base closed", "Base shut"))
    comparison = compare_versions(versions)
    kinds = {c.source_kind for cs in comparison.claims.values() for c in cs}
    assert "named person" in kinds  # the journalist speaks, for the Post
    both = [c for c in corroborate(comparison) if set(c.versions) == {"a", "b"}]
    # both versions lead back to one outlet: one origin, not two
    assert both and all(c.origins == ("The Washington Post",) for c in both), both


def test_words_every_version_puts_in_one_speakers_mouth_have_one_origin() -> None:
    first = (
        '"The pier will stay shut until the divers have checked every pile," harbour master'
        " Mara Velt told reporters on Monday.\n\n"
        "The ferry to Corrow will run from the north quay instead."
    )
    second = (
        '"The pier will stay shut until the divers have checked every pile," said Mara Velt,'
        " the harbour master.\n\n"
        "The ferry to Corrow will run from the north quay instead, the council said."
    )
    versions = _tarn_and_fellside(first, second, ("Pier shut", "Pier closed"))
    corr = corroborate(compare_versions(versions))
    quoted = [c for c in corr if "divers" in c.text and set(c.versions) == {"a", "b"}]
    # two outlets quoting one woman: her words, one origin
    assert quoted and all(len(c.origins) == 1 and "Mara Velt" in c.origins[0] for c in quoted)
    assert all(c.single_source for c in quoted)
    # the ferry: one outlet tells it, the other credits the council: two origins still
    ferry = [c for c in corr if "ferry" in c.text and set(c.versions) == {"a", "b"}]
    assert ferry and all(set(c.origins) == {"Tarn Post", "Fellside News"} for c in ferry)


def test_one_statement_printed_word_for_word_has_one_origin_however_its_speaker_is_named() -> None:
    first = (
        "Lindcorp will close its Kessling plant next spring.\n\n"
        '"We are committed to finding every worker a place at our other sites," the company'
        " said in a statement."
    )
    second = (
        "The Kessling plant of Lindcorp is to close next spring.\n\n"
        '"We are committed to finding every worker a place at our other sites," a'
        " spokesperson said."
    )
    versions = _tarn_and_fellside(first, second, ("Plant to close", "Plant closing"))
    corr = corroborate(compare_versions(versions))
    quoted = [c for c in corr if "committed" in c.text and set(c.versions) == {"a", "b"}]
    # the same words from one statement: one origin, the company before "a spokesperson"
    assert quoted and all(c.origins == ("the company",) for c in quoted), quoted
    # the closure itself, told by each outlet in its own words: two origins
    plant = [c for c in corr if "spring" in c.text and set(c.versions) == {"a", "b"}]
    assert plant and all(set(c.origins) == {"Tarn Post", "Fellside News"} for c in plant)


def test_a_statement_its_speaker_is_described_in_one_version_and_named_in_another() -> None:
    # written for this test: "the ferry operator" and "Corrow Ferries" are one speaker; only
    # two names that differ tell two speakers apart
    quote = '"Any new timetable for the winter needs to be agreed with the harbour board first,"'
    first = "The Corrow ferry will not run in January.\n\n" + quote + " the ferry operator said."
    second = "Ferries to Corrow stop for the winter.\n\n" + quote + " Corrow Ferries said."
    versions = _tarn_and_fellside(first, second, ("No ferry", "Ferries stop"))
    corr = corroborate(compare_versions(versions))
    quoted = [c for c in corr if "timetable" in c.text and set(c.versions) == {"a", "b"}]
    assert quoted and all(c.origins == ("Corrow Ferries",) for c in quoted), quoted


def test_one_speaker_described_in_two_ways_is_one_origin() -> None:
    # written for this test: the name before the description tells who speaks
    first = (
        "Mara Velt, chief executive of Lindcorp, said the Kessling plant would close next spring."
    )
    second = (
        "The Kessling plant will close next spring, said Mara Velt, CEO and founder of"
        " Lindcorp Inc."
    )
    versions = _tarn_and_fellside(first, second, ("Plant to close", "Plant closing"))
    corr = corroborate(compare_versions(versions))
    both = [c for c in corr if set(c.versions) == {"a", "b"}]
    assert both and all(len(c.origins) == 1 and "Mara Velt" in c.origins[0] for c in both), both
    # two people of one company are two speakers
    third = "The Kessling plant will close next spring, said Aron Lind, a director of Lindcorp."
    other = _tarn_and_fellside(first, third, ("Plant to close", "Plant closing"))
    corr = corroborate(compare_versions(other))
    both = [c for c in corr if set(c.versions) == {"a", "b"}]
    assert both and all(len(c.origins) == 2 for c in both), both


def test_a_sentence_inside_a_long_quotation_is_quoted_too() -> None:
    quote = (
        '"The divers found cracks in four of the old piles under the north quay. We will'
        " not open the pier to ferries again until every one of them has been replaced,"
        ' and that will take the whole summer," '
    )
    first = "The Corrow pier stays shut.\n\n" + quote + "harbour master Mara Velt said."
    second = "Ferries will not use the Corrow pier this summer.\n\n" + quote + "Velt said."
    versions = _tarn_and_fellside(first, second, ("Pier shut", "No ferries"))
    corr = corroborate(compare_versions(versions))
    cracks = [c for c in corr if "cracks" in c.text and set(c.versions) == {"a", "b"}]
    # the quotation's first sentence names no one: its speaker is the one its last names
    assert cracks and all(c.origins == ("harbour master Mara Velt",) for c in cracks), cracks


def test_sentences_two_outlets_print_word_for_word_count_once() -> None:
    copied = (
        "The Corrow ferry ran aground on a sandbank off the north quay on Sunday evening with"
        " ninety passengers on board, and all of them were taken ashore by lifeboat."
    )
    also = (
        "The harbour master said the ferry would be towed off the sandbank at high tide on"
        " Monday morning if the weather allowed it."
    )
    first = copied + "\n\n" + also + "\n\nThe harbour will stay closed until Tuesday."
    second = "Ferry aground near Corrow.\n\n" + copied + "\n\n" + also
    third = (
        "Ninety passengers were brought ashore by lifeboat after the Corrow ferry grounded"
        " near the north quay on Sunday."
    )

    def at(hour: int) -> datetime:
        return datetime(2025, 5, 5, hour, tzinfo=UTC)

    versions = [
        Version("a", first, "en", "Ferry aground", "Tarn Post", at(9)),
        Version("b", second, "en", "Ferry aground", "Fellside News", at(11)),
        Version("c", third, "en", "Lifeboat rescue", "Kessling Courier", at(12)),
    ]
    corr = corroborate(compare_versions(versions))
    grounded = [c for c in corr if {"a", "b"} <= set(c.versions)]
    assert grounded, corr
    for c in grounded:
        # the copy (two sentences word for word) leans on the earlier outlet; an own
        # account stays its own origin
        expected = {"Tarn Post", "Kessling Courier"} if "c" in c.versions else {"Tarn Post"}
        assert set(c.origins) == expected, c


def test_a_question_in_the_writers_voice_does_not_lead_the_summary() -> None:
    # written for this test: a feature opens with a question; a question someone is
    # reported asking is theirs and may stay
    first = (
        "Who will pay for the Oldmere reservoir's water now that algae closed it?\n\n"
        "The Tarn Valley water board closed the Oldmere reservoir on Monday after tests "
        "found algae in the water.\n\n"
        '"Who pays for the bottled water?" asked Mara Velt, who leads the residents\' group.'
    )
    second = (
        "The Tarn Valley water board shut the Oldmere reservoir on Monday after finding "
        "algae in its water.\n\n"
        "Bottled water will be handed out to 4,000 homes until Friday."
    )
    versions = _tarn_and_fellside(first, second, ("Reservoir closed", "Oldmere reservoir shut"))
    comparison = compare_versions(versions)
    digest = make_digest(comparison, sentences=2)
    said = [s.text for s in digest.summary]
    assert len(said) == 2, said
    assert not any(s.startswith("Who will pay") for s in said), said
    # the row the question shares with the other version's statement shows the statement
    assert any("shut the Oldmere reservoir" in s for s in said), said
