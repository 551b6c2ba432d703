"""Stories read back from a real store as compare versions, and their independent origins.

The bundled examples go through the real pipeline (pages, archive, feed, then the
re-crawl) into a SQLite file (and PostgreSQL for the loading test). The manifest says
what is true: the Northgate Herald runs the agency text the Harbour Gazette ran (a wire
copy), the re-crawl changed the Valley Courier's article (an update), and every version
of the flood and of the strike leads back to one origin.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from storytrace.compare.story import LoadedStory, load_story
from storytrace.pipeline import Pipeline
from storytrace.store import Store
from storytrace.stories import views

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MANIFEST = json.loads((EXAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))


def ingest_examples(store: Store) -> None:
    order = [str(EXAMPLES / name) for name in MANIFEST["ingest_order"]]
    Pipeline(store).ingest(order[:-1])
    Pipeline(store).ingest(order[-1:])  # the re-crawl, in a later run


def page_of(store: Store, article_id: int) -> dict[str, object]:
    """The manifest page an article was read from (by URL, else by file name)."""
    article = store.article(article_id)
    assert article is not None
    page = store.page(article.page_id)
    assert page is not None
    pages = MANIFEST["pages"]
    matches = [p for p in pages if page.url is not None and p["url"] == page.url]
    if len(matches) > 1:  # the original and its re-crawl share a URL
        matches = [
            p for p in matches if (p["file"] == "archive.warc.gz") != ("updates" in page.source)
        ]
    if not matches:
        matches = [p for p in pages if p["record"] is None and page.source.endswith(p["file"])]
    assert len(matches) == 1, (page.source, page.url)
    return matches[0]


def story_named(store: Store, name: str) -> int:
    for s in views.list_stories(store, limit=None):
        if any(page_of(store, a.article_id)["story"] == name for a in s.articles):
            return s.id
    raise AssertionError(f"no story holds {name}")


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.open(tmp_path_factory.mktemp("compare") / "examples.db")
    ingest_examples(store)
    try:
        yield store
    finally:
        store.close()


def loaded(store: Store, name: str, *, trace: bool = True) -> LoadedStory:
    found = load_story(store, story_named(store, name), trace=trace)
    assert found is not None
    return found


def pages(store: Store, story: LoadedStory) -> dict[str, str]:
    return {e.id: str(page_of(store, e.article_id)["id"]) for e in story.entries}


def test_wire_copy_collapses_and_update_stays_a_version(store: Store) -> None:
    ingest_examples(store)
    strike = loaded(store, "kessling-strike", trace=False)
    names = pages(store, strike)
    # four articles, three versions: the wire copy is listed with the text it copies
    assert strike.story is not None
    assert len(strike.story.articles) == 4 and len(strike.entries) == 3
    lead = next(e for e in strike.entries if names[e.id] == "harbour-gazette-kessling-strike")
    assert [page_of(store, c.article_id)["id"] for c in lead.copies] == [
        "northgate-herald-kessling-strike"
    ]
    assert lead.copies[0].outlet == "Northgate Herald"
    assert strike.articles_of(lead.id) == [lead.article_id, lead.copies[0].article_id]
    assert {e.version.language for e in strike.entries} == {"en", "de"}

    flood = loaded(store, "alder-flood", trace=False)
    names = pages(store, flood)
    assert len(flood.entries) == 4  # the re-crawl changed the text: an update, not a copy
    update = next(e for e in flood.entries if names[e.id] == "valley-courier-alder-flood-update")
    first = next(e for e in flood.entries if names[e.id] == "valley-courier-alder-flood")
    assert update.update_of == first.article_id and not first.copies
    assert "1,450" in update.version.text and "1,450" not in first.version.text
    # order of appearance: the first report first, its update (16:20) after the
    # translation (11:30 CET)
    order = [names[e.id] for e in flood.entries]
    assert (
        order.index("valley-courier-alder-flood")
        < order.index("courrier-des-berges-crue-alder")
        < order.index("valley-courier-alder-flood-update")
    )
    # a rewrite dated only by its day, which cites the Courier, comes after it
    assert order.index("trendwire-marrowford-flood") > order.index("valley-courier-alder-flood")
    for e in flood.entries:
        assert e.version.text and e.version.title and e.seen.tzinfo is not None


def test_unknown_story_id_is_none(examples_db: Store) -> None:
    assert load_story(examples_db, 10_000, trace=False) is None


def test_versions_carry_the_trace(examples_db: Store) -> None:
    strike = loaded(examples_db, "kessling-strike")
    for e in strike.entries:
        assert e.trace is not None and e.version.attributions is not None
        assert len(e.version.attributions) == len(e.trace.attributions) > 0


def test_origins_follow_citations(examples_db: Store) -> None:
    from storytrace.compare.corroboration import rule_origins

    for name, expected in (("alder-flood", {"The Valley Courier"}), ("kessling-strike", {"MPA"})):
        story = loaded(examples_db, name)
        origins = rule_origins(story)
        # copies, translations, updates and re-reports of one origin: one origin
        assert {o.origin for o in origins.values()} == expected, origins
    story = loaded(examples_db, "sarrelune-resignation")
    names = pages(examples_db, story)
    origins = {names[v]: o for v, o in rule_origins(story).items()}
    assert origins["courrier-des-berges-demission-duvernois"].origin == "Le Courrier des Berges"
    assert origins["courrier-des-berges-demission-duvernois"].via == "own"
    for derived in ("northgate-herald-duvernois-resigns", "talpost-duvernois-ruecktritt"):
        assert origins[derived].origin == "L'Écho de Sarrelune"
        assert origins[derived].via == "cites"


def _dated_page(outlet: str, title: str, paras: list[str], published: str, modified: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        "<!doctype html><html lang='en'><head>"
        f"<title>{title} | {outlet}</title><meta property='og:site_name' content='{outlet}'>"
        f"<meta property='article:published_time' content='{published}'>"
        f"<meta property='article:modified_time' content='{modified}'>"
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )


#: Written for these tests: a bridge closure as the Tarn Post broke it.
BRIDGE = [
    "The Lindenport council voted on Monday to close the old Corrow bridge to lorries "
    "from the first of May, after engineers found cracks in two of its piers.",
    "Mara Velt, who chairs the transport committee, said the bridge would stay open "
    "to cars and bicycles while the repairs are planned.",
    "Lorries will be sent along the ring road, which adds about nine minutes to the "
    "journey from the port to the town centre.",
]


def write_tarn_post(folder: Path) -> list[str]:
    """The Tarn Post's page, published at 08:00 New York time (12:00 UTC) and edited at
    19:00 UTC, as ``tarn.html``; returns its paragraphs."""
    (folder / "tarn.html").write_text(
        _dated_page(
            "Tarn Post",
            "Corrow bridge to close to lorries",
            BRIDGE,
            "2030-04-08T08:00:00-04:00",
            "2030-04-08T19:00:00Z",
        )
    )
    return BRIDGE


def test_a_page_edited_later_still_comes_first(tmp_path: Path) -> None:
    """Written for this test: the Tarn Post breaks the story at 08:00 (New York time) and
    edits its page at 19:00 UTC; Fellside News re-reports it at 15:00 UTC. The timeline
    follows publication, as the trace stage does, and keeps the edit beside it."""
    from datetime import UTC, datetime

    from storytrace.compare import compare_versions
    from storytrace.compare.digest import make_digest
    from storytrace.compare.story import load_articles

    paras = write_tarn_post(tmp_path)
    (tmp_path / "fellside.html").write_text(
        _dated_page(
            "Fellside News",
            "Lorries banned from Corrow bridge, Tarn Post reports",
            [
                "The Lindenport council will close the Corrow bridge to lorries from the "
                "first of May, the Tarn Post reported, after engineers found cracks in its "
                "piers.",
                paras[2],
            ],
            "2030-04-08T15:00:00Z",
            "2030-04-08T15:00:00Z",
        )
    )
    with Store.open(tmp_path / "st.db") as store:
        Pipeline(store).ingest([str(tmp_path / "tarn.html"), str(tmp_path / "fellside.html")])
        ids = [a.id for a in store.articles_by_ids(list(range(1, 10)))]
        story = load_articles(store, ids, trace=False)
        outlets = [e.version.outlet for e in story.entries]
        assert outlets == ["Tarn Post", "Fellside News"]
        tarn = story.entries[0]
        assert tarn.seen == datetime(2030, 4, 8, 12, 0, tzinfo=UTC)
        assert tarn.updated == datetime(2030, 4, 8, 19, 0, tzinfo=UTC)
        assert story.entries[1].updated is None  # never edited after it appeared
        digest = make_digest(
            compare_versions([e.version for e in story.entries]),
            story,
            since=datetime(2030, 4, 8, 16, 0, tzinfo=UTC),
        )
        assert [t.outlet for t in digest.timeline] == ["Tarn Post", "Fellside News"]
        assert digest.timeline[0].as_dict()["updated"] == "2030-04-08T19:00:00+00:00"
        # edited after the given time: what the page holds now may be new since then
        assert [t.outlet for t in digest.new] == ["Tarn Post"]


def test_a_source_naming_an_outlet_of_the_story_is_that_outlet(examples_db: Store) -> None:
    """The gazetteer does not know L'Écho de Sarrelune; its story does (two versions were
    published there), so the versions that credit it ("der Zeitung „L'Écho de
    Sarrelune“", "L'Écho") credit a media outlet, by one name."""
    from storytrace.compare import compare_versions
    from storytrace.compare.corroboration import corroborate

    story = loaded(examples_db, "sarrelune-resignation")
    credited = [
        (e.version.language, a)
        for e in story.entries
        for a in e.version.attributions or ()
        # not "Two senior officials quoted anonymously by L'Écho": they speak
        if a.text_of(e.version.text, "source").startswith(("L'Écho", "der Zeitung", "Zeitung"))
    ]
    assert {lang for lang, _ in credited} >= {"de", "en"}, credited
    for _, a in credited:
        assert (a.source_kind, a.outlet) == ("media outlet", "L'Écho de Sarrelune"), a
    sources = {s for c in corroborate(compare_versions(story.versions), story) for s in c.sources}
    assert ("L'Écho de Sarrelune", "media outlet") in sources
    assert not any("Zeitung" in (s or "") for s, _ in sources), sources


def test_story_outlets_type_sources_and_leave_the_article_trace_alone() -> None:
    # written for this test
    from storytrace.trace import trace_text
    from storytrace.trace.story import story_outlet_sources

    text = "The council will close the Corrow bridge, the Kessling Bote reported on Monday."
    alone = trace_text(text, language="en")
    assert alone.attributions and alone.attributions[0].source_kind != "media outlet"
    typed = story_outlet_sources({1: alone}, {1: text}, ["Kessling Bote", "Fellside News"])
    a = typed[1].attributions[0]
    assert (a.source_kind, a.outlet) == ("media outlet", "Kessling Bote")
    assert alone.attributions[0].source_kind != "media outlet"  # a copy was typed
    # an outlet the story does not hold changes nothing
    assert story_outlet_sources({1: alone}, {1: text}, ["Fellside News"])[1] is alone
    # the credit is a citation of the Bote by the article's own outlet, as one of an
    # outlet the gazetteer knows would be; an outlet crediting itself cites no one
    outlets = ["Kessling Bote", "Fellside News"]
    cited = story_outlet_sources({1: alone}, {1: text}, outlets, {1: "Fellside News"})[1]
    assert [(x.citing, x.cited, x.via) for x in cited.edges if x.via == "attribution"] == [
        ("Fellside News", "Kessling Bote", "attribution")
    ]
    itself = story_outlet_sources({1: alone}, {1: text}, outlets, {1: "Kessling Bote"})[1]
    assert not [x for x in itself.edges if x.via == "attribution"]
