"""Trace a whole story: per-article citations, reuse between articles, chains, the original
source and the independent origins, per story and per statement.

::

    from storytrace.trace.story import trace_story
    result = trace_story(store, story_id)      # any id the story ever had
    result.chains.original_source              # "The Valley Courier"
    result.origins.count, result.origins.reasoning
    result.as_dict()                            # JSON-ready (CLI --json, web API)

:func:`trace_members` does the same from plain records (articles already in memory);
:func:`trace_stored` traces every stored article ahead of use, on any executor.
Nothing here raises for one bad article: its failure becomes a note naming it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from storytrace.trace.chains import (
    Evidence,
    LocalOutlets,
    Member,
    StoryChains,
    build_chains,
    byline_outlets,
    earlier,
)
from storytrace.trace.independence import OriginCount, independent_origins
from storytrace.trace.outlets import publisher
from storytrace.trace.reuse import (
    COPIED_RUN,
    COPIED_WORDS,
    ReuseDoc,
    ReuseLink,
    best_sources,
    copied_words,
    reuse_links,
)

if TYPE_CHECKING:
    from storytrace.pipeline.executors import Executor
    from storytrace.records import Article
    from storytrace.store import Store
    from storytrace.stories.encoders import Encoder
    from storytrace.trace.records import ArticleTrace


@dataclass(frozen=True, slots=True)
class Statement:
    """A passage several articles of the story carry (aligned paragraphs), and how many
    independent origins stand behind it."""

    #: (article id, paragraph index) of each carrier, earliest article first.
    passages: tuple[tuple[int, int], ...]
    text: str
    origins: OriginCount

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "passages": [{"article_id": a, "paragraph": p} for a, p in self.passages],
            "independent_origins": self.origins.count,
            "origins": [o.name for o in self.origins.origins],
        }


@dataclass(slots=True)
class StoryTrace:
    story_id: int | None
    headline: str | None
    members: list[Member]
    traces: dict[int, ArticleTrace]
    chains: StoryChains
    reuse: list[ReuseLink]
    origins: OriginCount
    statements: list[Statement] = field(default_factory=list)
    #: Problems met on the way (an article that could not be traced, no encoder ...).
    notes: list[str] = field(default_factory=list)

    def independent(self, article_ids: Sequence[int] | set[int]) -> OriginCount:
        return independent_origins(self.chains, article_ids)

    def as_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id,
            "headline": self.headline,
            "articles": [
                {
                    "article_id": m.article_id,
                    "outlet": m.outlet,
                    "language": m.language,
                    "published": m.published.isoformat() if m.published else None,
                    "title": m.title,
                    "same_as": m.same_as,
                    "same_how": m.same_how,
                }
                for m in self.members
            ],
            "original_source": self.chains.original_source,
            "chains": self.chains.as_dict(),
            "reuse": [r.as_dict() for r in self.reuse],
            "independent_origins": self.origins.as_dict(),
            "statements": [s.as_dict() for s in self.statements],
            "notes": list(self.notes),
        }


def member_of(article: Article, article_id: int, **extra: Any) -> Member:
    return Member(
        article_id=article_id,
        # a page without publisher metadata is still known by its site
        outlet=publisher(article.outlet, article.site),
        published=article.published.value if article.published else None,
        language=article.language,
        title=article.title,
        byline=article.byline,
        **extra,
    )


def trace_members(
    articles: Sequence[tuple[Member, Article]],
    *,
    story_id: int | None = None,
    headline: str | None = None,
    encoder: Encoder | str | None = "use",
    traces: dict[int, ArticleTrace] | None = None,
    html: dict[int, str] | None = None,
) -> StoryTrace:
    """Trace a story from its articles in memory (``encoder=None``: no reuse alignment).

    ``traces``: per-article results already at hand; ``html``: raw pages by article id,
    for citation edges from outbound links."""
    notes: list[str] = []
    done: dict[int, ArticleTrace] = dict(traces or {})
    members = [m for m, _ in articles]
    texts = {m.article_id: a.text for m, a in articles}
    for m, a in articles:
        if m.article_id in done:
            continue
        traced = trace_one((a, (html or {}).get(m.article_id)))
        if isinstance(traced, str):
            notes.append(f"#{m.article_id}: {traced}")
        else:
            done[m.article_id] = traced
    local = LocalOutlets(
        [m.outlet for m in members if m.outlet]
        + [b for m in members for b in byline_outlets(m.byline)]
    )
    # where the story's versions were published (not a byline's credit: "By European
    # Space Agency" is a press release's)
    done = story_outlet_sources(
        done,
        texts,
        [m.outlet for m in members if m.outlet],
        {m.article_id: m.outlet for m in members},
    )
    named = {aid: {n for _, _, n in local.find(t)} for aid, t in texts.items()}
    by_id = {m.article_id: m for m in members}

    def before(a: int, b: int) -> bool:
        order = earlier(by_id[a].published, by_id[b].published)
        if order is not None:
            return order
        # Same day, time unknown: the one that names the other's outlet came later.
        oa, ob = by_id[a].outlet, by_id[b].outlet
        if oa and local.resolve(oa) in named[b] and not (ob and local.resolve(ob) in named[a]):
            return True
        if ob and local.resolve(ob) in named[a] and not (oa and local.resolve(oa) in named[b]):
            return False
        return a < b

    def collapsed(a: int, b: int) -> bool:
        ma, mb = by_id[a], by_id[b]
        return (
            ma.same_as == b
            or mb.same_as == a
            or (ma.same_as is not None and ma.same_as == mb.same_as)
        )

    links: list[ReuseLink] = []
    if encoder is not None and len(articles) > 1:
        # A copy's text is its group head's: aligning it again adds nothing.
        docs = [
            ReuseDoc(m.article_id, a.paragraphs, a.language)
            for m, a in articles
            if m.same_how != "copy"
        ]
        try:
            enc = encoder
            if isinstance(enc, str):
                from storytrace.stories.encoders import get_encoder

                enc = get_encoder(enc)
            links = reuse_links(docs, before=before, skip=collapsed, encoder=enc)
        except Exception as exc:
            notes.append(f"text reuse not aligned: encoder failed: {exc}")
    best = best_sources(links)
    evidence = [
        Evidence(
            m.article_id,
            texts[m.article_id],
            done[m.article_id].edges if m.article_id in done else (),
            (best[m.article_id].source, best[m.article_id].score, best[m.article_id].summary())
            if m.article_id in best
            else None,
            [
                span
                for att in (done[m.article_id].attributions if m.article_id in done else ())
                for span in (att.source[-1:] if att.source else ())
            ],
        )
        for m in members
    ]
    chains = build_chains(members, evidence)
    origins = independent_origins(chains)
    statements = _statements(
        links, chains, {m.article_id: a.paragraphs for m, a in articles}, before
    )
    return StoryTrace(story_id, headline, members, done, chains, links, origins, statements, notes)


def _outlet_noun_pattern() -> re.Pattern[str]:
    """A newspaper noun, with its article, before an outlet's name ("the newspaper Fellside
    News", "der Zeitung „L'Écho“", "le quotidien ..."): the words of our lexicons, English
    outlet anaphors and each language's media nouns and articles."""
    from storytrace.trace.outlets import ANAPHORS
    from storytrace.trace.source_words import FOREIGN

    nouns = set(ANAPHORS) | {w for lex in FOREIGN.values() for w in lex.media}
    dets = {"the", "a", "an"} | {
        w for lex in FOREIGN.values() for w in lex.definite | lex.indefinite
    }

    def alt(words: set[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    elided = {d for d in dets if d.endswith(("'", "’"))}
    det = rf"(?:(?:{alt(dets - elided)})\s+|(?:{alt(elided)})\s*)"
    return re.compile(rf"^{det}?(?:{alt(nouns)})\s+", re.I)


_OUTLET_NOUN: re.Pattern[str] = _outlet_noun_pattern()
_QUOTES = " \t,.;:\"'“”„«»‚‘’"


def story_outlet_sources(
    traces: Mapping[int, ArticleTrace],
    texts: Mapping[int, str],
    outlets: Iterable[str],
    own: Mapping[int, str | None] | None = None,
) -> dict[int, ArticleTrace]:
    """The traces with each source that names an outlet of the story typed as that outlet,
    and its citation edge (``own``: each article's outlet, the citing end).

    An article alone does not know that "L'Écho de Sarrelune" or "the Tarn Post" is a
    newspaper when the gazetteer does not (the parser calls it an organisation, or a person);
    the story does, when one of its versions was published there. Traces are copied, not
    changed: an article's own trace is the same in every story.
    """
    from storytrace.trace.outlets import canonical
    from storytrace.trace.records import CitationEdge

    local = LocalOutlets(outlets)
    if not local.names:
        return dict(traces)
    out: dict[int, ArticleTrace] = {}
    for aid, tr in traces.items():
        text = texts.get(aid, "")
        changed = False
        atts = []
        edges = list(tr.edges)
        mine = (own or {}).get(aid)
        for i, a in enumerate(tr.attributions):
            if a.source and a.source_kind != "media outlet" and not a.resolved:
                s, e = a.source[0]
                phrase = text[s:e].strip(_QUOTES)
                bare = _OUTLET_NOUN.sub("", phrase).strip(_QUOTES)
                # a person's kind is only overruled by the outlet's name in full; the whole
                # phrase first ("Daily Mail" is a name, not "Mail" after a newspaper noun)
                find = local.exact if a.source_kind == "named person" else local.resolve
                name = next((n for n in map(find, dict.fromkeys((phrase, bare))) if n), None)
                if name:
                    a = replace(a, source_kind="media outlet", role=None, outlet=name)
                    changed = True
                    if name != (local.resolve(mine) if mine else None):
                        # "L'Écho de Sarrelune reported": a citation, as one of an outlet
                        # the gazetteer knows would be (not the outlet quoting itself)
                        edges.append(
                            CitationEdge(
                                citing=mine,
                                cited=name,
                                citing_outlet=canonical(mine) if mine else None,
                                cited_outlet=name,
                                via="attribution",
                                span=(s, e),
                                attribution=i,
                            )
                        )
            atts.append(a)
        out[aid] = replace(tr, attributions=atts, edges=edges) if changed else tr
    return out


def trace_one(job: tuple[Article, str | None]) -> ArticleTrace | str:
    """Attributions and citation edges of one article (with its raw HTML, if any), or why
    they could not be found: one bad article never stops a story or a batch. A plain
    module-level function of picklable records, so any executor can run it."""
    from storytrace.trace import trace_article

    article, html = job
    try:
        if any(_unencodable(p) for p in article.paragraphs):
            # "?" for each lone surrogate keeps every offset into the text valid
            article = replace(article, paragraphs=[_encodable(p) for p in article.paragraphs])
        return trace_article(article, html=html)
    except Exception as exc:
        return f"could not trace attributions: {exc}"


def _unencodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _encodable(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


def _statements(
    links: Sequence[ReuseLink],
    chains: StoryChains,
    paragraphs: dict[int, Sequence[str]],
    before: Any,
) -> list[Statement]:
    """Passages carried by several articles (aligned paragraphs joined transitively)."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        for m in link.matches:
            ra, rb = find((link.source, m.source)), find((link.target, m.target))
            if ra != rb:
                parent[rb] = ra
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    out = []
    for passages in groups.values():
        arts = {a for a, _ in passages}
        if len(arts) < 2:
            continue
        first = min(passages, key=lambda p: (sum(before(o, p[0]) for o, _ in passages), p))
        text = paragraphs[first[0]][first[1]]
        ordered = tuple(sorted(passages, key=lambda p: (p != first, p)))
        copies = _copies(passages, paragraphs, before)
        origins = independent_origins(chains, arts - set(copies))
        if copies:
            said = tuple(
                f"#{later}'s passage prints #{prior}'s words ({n} words in runs of"
                f" {COPIED_RUN} or more): counted with #{prior}"
                for later, (prior, n) in sorted(copies.items())
            )
            origins = replace(origins, reasoning=said + origins.reasoning)
        out.append(Statement(ordered, text, origins))
    out.sort(key=lambda s: (-len({a for a, _ in s.passages}), s.passages))
    return out


def _copies(
    passages: Sequence[tuple[int, int]],
    paragraphs: dict[int, Sequence[str]],
    before: Any,
) -> dict[int, tuple[int, int]]:
    """Articles whose passage prints an earlier article's passage of the same statement
    (:func:`~storytrace.trace.reuse.copied_words`): later article -> (earlier article,
    words copied). A copy of a copy is counted with the first."""
    order = sorted(passages, key=lambda p: (sum(before(o, p[0]) for o, _ in passages), p))
    copies: dict[int, tuple[int, int]] = {}
    for k, (later, lp) in enumerate(order):
        if later in copies:
            continue
        for prior, ep in order[:k]:
            if prior == later:
                continue
            n = copied_words(paragraphs[later][lp], paragraphs[prior][ep])
            if n >= COPIED_WORDS:
                copies[later] = (copies.get(prior, (prior, n))[0], n)
                break
    return copies


def trace_story(
    store: Store, story_id: int, *, encoder: Encoder | str | None = "use", cache: bool = True
) -> StoryTrace | None:
    """Trace one story of the store (None when no story has that id)."""
    from storytrace.stories.views import story as load_story

    record = load_story(store, story_id)
    if record is None:
        return None
    ids = [a.article_id for a in record.articles]
    return trace_article_ids(
        store, ids, story_id=record.id, headline=record.headline, encoder=encoder, cache=cache
    )


def trace_article_ids(
    store: Store,
    article_ids: Sequence[int],
    *,
    story_id: int | None = None,
    headline: str | None = None,
    encoder: Encoder | str | None = "use",
    cache: bool = True,
) -> StoryTrace:
    """Trace a set of stored articles as one story (copies and versions collapsed).

    ``cache``: reuse per-article traces kept in the store for the current extractor, and
    keep the new ones (a store that cannot be written to only costs the keeping)."""
    notes: list[str] = []
    loaded = {a.id: a for a in store.articles_by_ids(list(article_ids))}
    same: dict[int, tuple[int, str]] = {}
    for aid in article_ids:
        if aid not in loaded:
            notes.append(f"#{aid}: not stored")
            continue
        group = store.copy_group_of(aid)
        if group is None or group.earliest_article_id == aid:
            continue
        if group.earliest_article_id not in loaded:
            continue
        relation = next((m.relation for m in group.members if m.article_id == aid), "near")
        same[aid] = (group.earliest_article_id, "version" if relation == "url" else "copy")
    items = []
    html: dict[int, str] = {}
    for aid in article_ids:
        art = loaded.get(aid)
        if art is None:
            continue
        head, how = same.get(aid, (None, None))
        items.append((member_of(art, aid, same_as=head, same_how=how), art))
        raw = page_html(store, art.page_id)
        if raw is not None:
            html[aid] = raw
    items.sort(key=lambda x: x[0].article_id)
    cached: dict[int, ArticleTrace] = {}
    if cache:
        from storytrace.trace.tables import load_traces

        try:
            cached = load_traces(store, {m.article_id: a.text for m, a in items})
        except Exception as exc:
            notes.append(f"trace cache not read: {exc}")
    # Articles not in the cache are traced here, so that the cache keeps each article's
    # own trace: the story then types the sources that name its outlets, on copies.
    fresh: dict[int, tuple[str, ArticleTrace]] = {}
    if cache:
        for m, a in items:
            if m.article_id not in cached:
                traced = trace_one((a, html.get(m.article_id)))
                if not isinstance(traced, str):  # a failure is noted by trace_members
                    fresh[m.article_id] = (a.text, traced)
    result = trace_members(
        items,
        story_id=story_id,
        headline=headline,
        encoder=encoder,
        html=html,
        traces={**cached, **{aid: t for aid, (_, t) in fresh.items()}},
    )
    if cache and fresh:
        from storytrace.trace.tables import save_traces

        try:
            save_traces(store, fresh)
        except Exception as exc:
            notes.append(f"trace cache not written: {exc}")
    result.notes[:0] = notes
    return result


def page_html(store: Store, page_id: int) -> str | None:
    """The raw page of an article when it was HTML (for citation edges from its links),
    decoded as the cleaner decodes it."""
    from storytrace.clean.html import decode_html

    page = store.page(page_id)
    if page is None or page.kind != "html":
        return None
    return decode_html(page)


@dataclass(slots=True)
class TraceBatch:
    """What :func:`trace_stored` did."""

    articles: int = 0
    traced: int = 0
    #: Already traced by the current extractor, text unchanged.
    cached: int = 0
    failed: list[str] = field(default_factory=list)


def trace_stored(
    store: Store,
    *,
    executor: Executor | None = None,
    force: bool = False,
    chunk: int = 64,
    on_chunk: Callable[[int], None] | None = None,
) -> TraceBatch:
    """Trace every stored article ahead of use and keep the results in the store's trace
    cache, so that ``storytrace trace`` and compare read them instead of parsing.

    Extraction (a parse per article) is the costly part of tracing and a pure function of
    an article, so it runs on ``executor`` (local, a process pool, Ray); the store is read
    and written here only. ``force`` traces again what the cache already holds.
    ``on_chunk`` is called with the number of articles each chunk covered."""
    from storytrace.pipeline.executors import LocalExecutor
    from storytrace.trace.tables import load_traces, save_traces

    run = executor or LocalExecutor()
    report = TraceBatch()
    offset = 0
    while batch := store.articles(limit=chunk, offset=offset):
        offset += len(batch)
        report.articles += len(batch)
        done = {} if force else load_traces(store, {a.id: a.text for a in batch})
        report.cached += len(done)
        todo = [a for a in batch if a.id not in done]
        results = run.map(trace_one, [(a, page_html(store, a.page_id)) for a in todo])
        fresh: dict[int, tuple[str, ArticleTrace]] = {}
        for art, result in zip(todo, results, strict=True):
            if isinstance(result, str):
                report.failed.append(f"#{art.id}: {result}")
            else:
                fresh[art.id] = (art.text, result)
        save_traces(store, fresh)
        report.traced += len(fresh)
        if on_chunk is not None:
            on_chunk(len(batch))
    return report
