"""Corroboration: how many independent origins stand behind each claim of a story.

Ten outlets repeating one report are one origin, not ten. A claim's origin in a version is

* the outlet it is attributed to, when the version credits a media outlet for it;
* else the version's origin: what the version itself leans on (the outlet or agency it
  cites, in its text, byline or dateline, followed back through the story's other
  versions: a rewrite of a translation of an agency text has the agency as origin);
* else the version's own outlet (its own reporting).

Copies, translations and re-reports of one origin therefore count once, and so do the words
of one speaker: a claim that every version credits to the same named person or body has that
speaker as its one origin, however many outlets quote it. A claim is
single-source when one origin carries it, and anonymous-only when every version that
carries it credits it to an anonymous source.

Version origins come from the trace stage (:func:`storytrace.trace.story.trace_members`:
citation chains, bylines, datelines, text reuse; :func:`~storytrace.trace.independence.
independent_origins` counts them). :func:`rule_origins` is a lighter fallback on citations
alone, used when the trace stage cannot run (and by tests of the rules themselves).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from storytrace.compare.records import CELL_OF
from storytrace.trace.independence import fewest_origins

if TYPE_CHECKING:
    from storytrace.compare.records import (
        CellKind,
        Claim,
        MatrixRow,
        Relation,
        StoryComparison,
        Version,
    )
    from storytrace.compare.story import LoadedStory, StoryVersion
    from storytrace.stories.encoders import Encoder
    from storytrace.trace.story import StoryTrace

log = logging.getLogger("storytrace.compare")

ANONYMOUS_KINDS = frozenset({"anonymous", "anonymous group"})
#: Source kinds that identify no one (None: the outlet asserts the claim itself).
UNIDENTIFIED = frozenset({None, "unknown", "pronoun"})

#: Articles and linking words that do not tell outlets apart.
_DETERMINERS = frozenset(
    "the a an le la les l de des du d der die das den dem des of el los las il lo i".split()
)
_LINKING = frozenset("de des du d of der von di del".split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: An agency tag at the start of a text: "CITY, June 4 (MPA) – " or "City (XYZ) -".
_DATELINE_TAG = re.compile(r"\A[^\n()]{0,80}?\(([A-Z][A-Za-z.&]{1,24})\)\s*[–—\-:]")
_WIRE_TAG = re.compile(r"\(([A-Z][A-Z.&]{1,12})\)\s*[–—\-]")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().replace("’", "'")


def _tokens(text: str) -> list[str]:
    return _WORD.findall(_fold(text))


def _significant(name: str) -> list[str]:
    return [t for t in _tokens(name) if t not in _DETERMINERS]


@dataclass(frozen=True, slots=True)
class _Name:
    """An outlet or agency the story knows, and the ways a text may call it."""

    label: str
    tokens: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]


def _name(label: str) -> _Name | None:
    words = _significant(label)
    if not words:
        return None
    raw_words = _WORD.findall(unicodedata.normalize("NFC", label))
    while raw_words and raw_words[0].casefold() in _DETERMINERS:
        raw_words = raw_words[1:]
    full = r"\W+".join(re.escape(w) for w in raw_words)
    patterns = [re.compile(rf"(?<!\w){full}(?!\w)", re.I)]
    det = r"(?i:the|le|la|les|l'|l’|der|die|das|den|dem|des|el|il)\s*"
    head = [w for w in raw_words if w.casefold() not in _DETERMINERS]
    if len(head) >= 2:
        # Short forms a paper is called by: "the Gazette", "l'Écho". Only the head noun of
        # "X de Y" names (the Y is usually a place the story itself is about).
        linked = any(w.casefold() in _LINKING for w in raw_words[1:])
        short = [head[0]] if linked else [head[0], head[-1]]
        for w in short:
            if len(w) > 2 and w[0].isupper():
                patterns.append(re.compile(rf"(?<!\w){det}{re.escape(w)}(?!\w)"))
    elif len(head) == 1 and head[0].isupper() and len(head[0]) <= 6:
        patterns.append(re.compile(rf"(?<!\w){re.escape(head[0])}(?!\w)"))
    return _Name(label, frozenset(words), tuple(patterns))


def _matches(name: _Name, text: str) -> list[int]:
    text = unicodedata.normalize("NFC", text)
    found: list[int] = []
    for p in name.patterns:
        found.extend(m.start() for m in p.finditer(text))
    return sorted(found)


def _same_outlet(a: str, b: str) -> bool:
    """Whether two outlet labels name one outlet ("the Courier" and "The Valley Courier")."""
    ta, tb = set(_significant(a)), set(_significant(b))
    return bool(ta and tb) and (ta <= tb or tb <= ta)


def _agency_tags(e: StoryVersion) -> list[str]:
    text = e.version.text[:400]
    tags = [m.group(1) for m in _DATELINE_TAG.finditer(text)]
    tags += [m.group(1) for m in _WIRE_TAG.finditer(text)]
    return list(dict.fromkeys(tags))


def _label(e: StoryVersion) -> str:
    return e.version.outlet or f"article #{e.article_id}"


@dataclass(slots=True)
class VersionOrigin:
    """Where one version's reporting comes from."""

    version: str
    #: The independent origin (an outlet or agency name, or the version's own label).
    origin: str
    #: "own" (its own reporting) or "cites" (it leads back to what it cites).
    via: str
    #: Names it cites, nearest first ("the Gazette" resolved to "Harbour Gazette").
    cites: tuple[str, ...] = ()
    #: Every origin it leads back to (one, unless it draws on several), ``origin`` first.
    origins: tuple[str, ...] = ()
    #: Why, in a line a reader can follow.
    reasoning: str = ""

    def __post_init__(self) -> None:
        if not self.origins:
            self.origins = (self.origin,)


def _cited_names(e: StoryVersion, names: Sequence[_Name]) -> list[str]:
    """Known names the version leans on: its dateline/wire tag, its byline, its citation
    edges, attributions to outlets, and mentions in its text, in that order."""
    own = e.version.outlet
    found: list[str] = []

    def add(label: str) -> None:
        if own and _same_outlet(label, own):
            return
        if label not in found:
            found.append(label)

    for tag in _agency_tags(e):
        for n in names:
            if n.label == tag or _same_outlet(tag, n.label):
                add(n.label)
    if e.byline:
        hits = [(pos, n.label) for n in names for pos in _matches(n, e.byline)[:1]]
        for _, label in sorted(hits):
            add(label)
    if e.trace is not None:
        for edge in e.trace.edges:
            for label in (edge.cited, edge.cited_outlet):
                match = next((n.label for n in names if _same_outlet(label, n.label)), None)
                if match is None and label and own and _same_outlet(label, own):
                    continue
                add(match or label)
                break
    hits = [(pos, n.label) for n in names for pos in _matches(n, e.version.text)[:1]]
    for _, label in sorted(hits):
        add(label)
    return found


def known_names(entries: Sequence[StoryVersion]) -> list[_Name]:
    """The outlets of a story's versions and the agencies their datelines name."""
    labels: list[str] = []
    for e in entries:
        if e.version.outlet:
            labels.append(e.version.outlet)
        labels.extend(_agency_tags(e))
    return [n for n in (_name(label) for label in dict.fromkeys(labels)) if n is not None]


def cites_another(e: StoryVersion, names: Sequence[_Name]) -> bool:
    """Whether the version leans on another outlet or agency of its story."""
    return bool(_cited_names(e, names))


def rule_origins(story: LoadedStory) -> dict[str, VersionOrigin]:
    """Each version's independent origin by our rules (see the module docstring)."""
    names = known_names(story.entries)
    cites = {e.id: tuple(_cited_names(e, names)) for e in story.entries}
    order = {e.id: i for i, e in enumerate(story.entries)}
    by_outlet: dict[str, list[StoryVersion]] = {}
    for e in story.entries:
        if e.version.outlet:
            by_outlet.setdefault(e.version.outlet, []).append(e)

    def origin_of(vid: str, seen: frozenset[str]) -> tuple[str, str]:
        e = story.by_id[vid]
        for label in cites[vid]:
            # The cited outlet's own versions that came before this one, if any.
            theirs = [w for w in by_outlet.get(label, []) if w.id not in seen]
            # Prefer what the cited outlet had published before this version.
            earlier = [w for w in theirs if order[w.id] < order[vid]] or theirs
            if earlier:
                return origin_of(earlier[0].id, seen | {earlier[0].id})[0], "cites"
            if label not in by_outlet:
                return label, "cites"
        return _label(e), "own"

    out: dict[str, VersionOrigin] = {}
    for e in story.entries:
        origin, via = origin_of(e.id, frozenset({e.id}))
        why = f"cites {', '.join(cites[e.id])}" if via == "cites" else "cites no one"
        out[e.id] = VersionOrigin(e.id, origin, via, cites[e.id], reasoning=why)
    return out


def story_trace(story: LoadedStory, *, encoder: Encoder | str | None = "use") -> StoryTrace | None:
    """The trace stage's view of the story (chains, origins), reusing the versions' traces;
    None when it cannot run (the failure is logged)."""
    from storytrace.trace.story import member_of, trace_members

    items = []
    for e in story.entries:
        art = story.articles.get(e.article_id)
        if art is None:
            continue
        how = "version" if e.update_of is not None else None
        items.append((member_of(art, e.article_id, same_as=e.update_of, same_how=how), art))
        for c in e.copies:
            copy = story.articles.get(c.article_id)
            if copy is not None:
                member = member_of(copy, c.article_id, same_as=e.article_id, same_how="copy")
                items.append((member, copy))
    traces = {e.article_id: e.trace for e in story.entries if e.trace is not None}
    try:
        return trace_members(
            items,
            story_id=story.story_id,
            headline=story.headline,
            encoder=encoder,
            traces=traces,
        )
    except Exception as exc:  # corroboration falls back to the citation rules
        log.warning(
            "story %s: trace stage failed (%s); origins by citations only", story.story_id, exc
        )
        return None


def version_origins(
    story: LoadedStory, trace: StoryTrace | None = None, *, encoder: Encoder | str | None = "use"
) -> dict[str, VersionOrigin]:
    """Each version's independent origin(s) by the trace stage's rules (``trace``: its
    result for this story, computed when not given), else by :func:`rule_origins`."""
    if trace is None:
        trace = story_trace(story, encoder=encoder)
    rules = rule_origins(story)
    if trace is None:
        return rules
    out: dict[str, VersionOrigin] = {}
    for e in story.entries:
        chain = trace.chains.chains.get(e.article_id)
        if chain is None or not chain.origins:
            out[e.id] = rules[e.id]
            continue
        cites = tuple(dict.fromkeys(edge.cited for edge in chain.edges))
        via = "own" if not chain.edges and chain.same_as is None else "cites"
        if chain.same_as is not None and list(chain.origins) == [chain.node]:
            via = "own"
        out[e.id] = VersionOrigin(
            e.id,
            chain.origins[0],
            via,
            cites,
            origins=tuple(chain.origins),
            reasoning=chain.explain(trace.chains),
        )
    return out


@dataclass(slots=True)
class Corroboration:
    """One claim of the story (a row of the matrix) and the evidence behind it."""

    claim: str
    text: str
    #: Claims (of any version) aligned with it that carry it without contradicting it.
    claims: tuple[str, ...]
    versions: tuple[str, ...]
    #: Store ids of the articles behind it, copies included (empty for plain versions).
    articles: tuple[int, ...]
    #: Distinct independent origins, first one first.
    origins: tuple[str, ...]
    #: (who it is attributed to, source kind); (None, None) is the outlet's own assertion.
    sources: tuple[tuple[str | None, str | None], ...]
    #: Versions whose counterpart contradicts it.
    disputed_by: tuple[str, ...] = ()
    #: Versions whose counterpart changes its hedge or attribution.
    changed_by: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)

    @property
    def independent(self) -> int:
        return len(self.origins)

    @property
    def single_source(self) -> bool:
        return len(self.origins) <= 1

    @property
    def anonymous_only(self) -> bool:
        """Credited to anonymous sources, and to no identified one: a version that drops
        the attribution (or credits an unresolved pronoun) names no one either."""
        kinds = [k for _, k in self.sources]
        return any(k in ANONYMOUS_KINDS for k in kinds) and all(
            k in ANONYMOUS_KINDS or k in UNIDENTIFIED for k in kinds
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "text": self.text,
            "claims": list(self.claims),
            "versions": list(self.versions),
            "articles": list(self.articles),
            "origins": list(self.origins),
            "independent_origins": self.independent,
            "single_source": self.single_source,
            "anonymous_only": self.anonymous_only,
            "sources": [{"source": s, "kind": k} for s, k in self.sources],
            "disputed_by": list(self.disputed_by),
            "changed_by": list(self.changed_by),
        }


def _claim_origin(
    claim: Claim,
    version_origin: tuple[str, ...],
    own: str | None,
    names: Sequence[str],
    outlets: Mapping[str, tuple[str, ...]],
) -> tuple[str, ...]:
    """A claim credited to another media outlet, or to a journalist of one ("Alex Horton of
    the Post"), has that outlet as origin (resolved to the story's own name for it and
    followed to that outlet's origin)."""
    if not claim.source or claim.source_kind not in ("media outlet", "named person", "role"):
        return version_origin
    if own and _same_outlet(claim.source, own):
        return version_origin
    for label in names:
        name = _name(label)
        if name is not None and (_matches(name, claim.source) or _same_outlet(claim.source, label)):
            if own and label == own:
                return version_origin
            return outlets.get(label, (label,))
    from storytrace.trace.outlets import canonical, find_outlets

    if claim.source_kind == "media outlet":
        # the gazetteer's name, so that "the Washington Post" and "The Washington Post" meet;
        # an unnamed outlet in lower case, so that "State media" and "state media" meet
        found = canonical(claim.source_outlet or claim.source) or claim.source_outlet
        if found is None:
            found = " ".join(claim.source.split())
            if all(w[:1].islower() for w in found.split()[1:]):
                found = found[:1].lower() + found[1:]
        return (found,)
    named = [m.outlet for m in find_outlets(claim.source)]
    if named and not (own and _same_outlet(named[0], own)):
        return outlets.get(named[0], (named[0],))
    return version_origin


#: Which cell wins when one pair of claims has several relations.
_SEVERITY = {"agree": 0, "absent": 1, "differs": 2, "contradicts": 3}


def _pair_cell(r: Relation) -> CellKind:
    # An omission or addition between two aligned claims is a detail one of them leaves
    # out: the claim itself is there (less or more specific), so the cell agrees.
    if detail_holder(r) is not None:
        return "agree"
    if r.evidence.get("weak_link") and CELL_OF[r.kind] == "agree":
        # two reports written apart, two sentences of one topic: not the claim told again
        return "absent"
    return CELL_OF[r.kind]


def claim_matrix(comparison: StoryComparison) -> list[MatrixRow]:
    """:meth:`StoryComparison.matrix` with each cell showing the most severe relation of
    its pair of claims (a role swap is not hidden by a detail omission of the same pair)."""
    worst: dict[frozenset[str], Relation] = {}
    for r in comparison.relations:
        if r.a is None or r.b is None:
            continue
        key = frozenset((r.a.id, r.b.id))
        old = worst.get(key)
        if old is None or _SEVERITY[_pair_cell(r)] > _SEVERITY[_pair_cell(old)]:
            worst[key] = r
    # a part of one aligned claim the other leaves out, by (claim holding it, claim lacking it)
    parts: dict[tuple[str, str], Relation] = {}
    for r in comparison.relations:
        held = detail_holder(r)
        if held is not None:
            assert r.a is not None and r.b is not None
            lacking = r.b if held is r.a else r.a
            old = parts.get((held.id, lacking.id))
            if old is None or r.confidence > old.confidence:
                parts[(held.id, lacking.id)] = r
    rows = comparison.matrix()
    for row in rows:
        for cell in row.cells.values():
            if cell.claim is None or cell.claim == row.claim.id:
                continue
            found = worst.get(frozenset((row.claim.id, cell.claim)))
            if found is not None:
                cell.cell = _pair_cell(found)
                cell.relation = found
            if cell.cell == "agree":
                # the claim is told; what the cell's version leaves out of it (or adds)
                # is what a reader of the row wants to see, before a plain paraphrase
                part = parts.get((row.claim.id, cell.claim)) or parts.get(
                    (cell.claim, row.claim.id)
                )
                if part is not None:
                    cell.relation = part
    return rows


def detail_holder(r: Relation) -> Claim | None:
    """For an omission or addition between two aligned claims (a part of one that the
    other leaves out): the claim that holds the part; None for any other relation."""
    if r.kind not in ("omission", "addition") or r.a is None or r.b is None:
        return None
    return r.a if r.kind == "omission" else r.b


def corroborate(
    comparison: StoryComparison,
    story: LoadedStory | None = None,
    *,
    origins: Mapping[str, VersionOrigin] | None = None,
) -> list[Corroboration]:
    """Every row of the claim matrix with its independent origins and source flags.

    Without ``story`` (plain versions, no store), each version's outlet is its origin
    unless ``origins`` says otherwise.
    """
    if origins is None:
        origins = version_origins(story) if story is not None else {}
    label = {v.id: v.outlet or f"version {v.id}" for v in comparison.versions}
    outlet = {v.id: v.outlet for v in comparison.versions}
    vorigin = {
        vid: (origins[vid].origins if vid in origins else (lab,)) for vid, lab in label.items()
    }
    # An outlet of the story stands for its own origin when a claim credits it.
    outlet_origin: dict[str, tuple[str, ...]] = {}
    for v in comparison.versions:
        if v.outlet and v.outlet not in outlet_origin:
            outlet_origin[v.outlet] = vorigin[v.id]
    names = sorted(outlet_origin, key=len, reverse=True)
    names += [o for vo in origins.values() for o in vo.origins if o not in outlet_origin]
    by_id = {c.id: c for cs in comparison.claims.values() for c in cs}
    quoted = _Quoted(comparison.versions, comparison.claims)
    published = {v.id: v.published for v in comparison.versions}
    verbatim = _Verbatim(comparison.claims, quoted)
    out: list[Corroboration] = []
    for row in claim_matrix(comparison):
        carrying: list[Claim] = []
        disputed: list[str] = []
        changed: list[str] = []
        for vid, cell in row.cells.items():
            if cell.cell == "absent" or cell.claim is None:
                continue
            if cell.cell == "contradicts":
                disputed.append(vid)
                continue
            if cell.cell == "differs":
                changed.append(vid)
            found = by_id.get(cell.claim)
            if found is not None:
                carrying.append(found)
        per_claim: list[tuple[str, ...]] = []
        sources: list[tuple[str | None, str | None]] = []
        for c in carrying:
            v_origin = vorigin.get(c.version, (label.get(c.version, c.version),))
            per_claim.append(
                _claim_origin(c, v_origin, outlet.get(c.version), names, outlet_origin)
            )
            src = (c.source_outlet or c.source, c.source_kind)  # an outlet by its name
            if src not in sources:
                sources.append(src)
        versions = tuple(dict.fromkeys(c.version for c in carrying))
        articles: list[int] = []
        if story is not None:
            for vid in versions:
                if vid in story.by_id:
                    articles.extend(story.articles_of(vid))
        out.append(
            Corroboration(
                claim=row.claim.id,
                text=row.claim.text,
                claims=tuple(c.id for c in carrying),
                versions=versions,
                articles=tuple(dict.fromkeys(articles)),
                origins=_origins(carrying, per_claim, published, verbatim, quoted),
                sources=tuple(sources),
                disputed_by=tuple(disputed),
                changed_by=tuple(changed),
            )
        )
    return out


def _origins(
    carrying: Sequence[Claim],
    per_claim: list[tuple[str, ...]],
    published: Mapping[str, datetime | None],
    verbatim: _Verbatim,
    quoted: _Quoted,
) -> tuple[str, ...]:
    """A claim's independent origins. Versions that all lead back to one origin (copies,
    translations, re-reports of one outlet) have that one, whoever they quote; otherwise
    words every version puts in one speaker's mouth (credited to them, or quoted word for
    word) have that speaker as origin; a sentence printed word for word counts once; a
    version leaning on several origins vouches for one of them."""
    leads = tuple(fewest_origins(_verbatim(carrying, per_claim, published, verbatim)))
    if len(leads) == 1:
        return leads
    return _one_speaker(carrying) or _one_quote(carrying, quoted) or leads


#: Source kinds that name who spoke: the same one in every version is one origin.
_IDENTIFIED = frozenset({"named person", "organisation"})


def _one_speaker(carrying: Sequence[Claim]) -> tuple[str, ...]:
    """The one named speaker every version credits a claim to ("Lind told reporters", "said
    Corrow chairman Aron Lind"), as the claim's single origin; () when the versions
    credit different or unnamed sources, or some assert it themselves. Two outlets quoting
    one man are one origin, however independent their reporting: the words are his."""
    from storytrace.compare.claims import entity_key

    if len({c.version for c in carrying}) < 2:
        return ()
    if not all(c.source and c.source_kind in _IDENTIFIED for c in carrying):
        return ()
    names = [c.source.strip(" ,") for c in carrying if c.source]
    keys = [entity_key(n) for n in names]
    longest = max(range(len(names)), key=lambda i: len(keys[i]))
    if not all(k and same_speaker(n, names[longest]) for k, n in zip(keys, names, strict=True)):
        return ()
    return (names[longest],)


def same_speaker(a: str, b: str) -> bool:
    """Whether two source phrases name one speaker: the same entity, or the same name
    before their descriptions ("Mara Velt, chief executive of Lindcorp" and "Mara Velt, CEO
    and founder of Lindcorp Inc.")."""
    from storytrace.compare.claims import entity_key, same_entity

    ka, kb = entity_key(a), entity_key(b)
    if ka and kb and same_entity(ka, kb):
        return True
    ha, hb = (entity_key(x.split(",", 1)[0]) for x in (a, b))
    return "," in a + b and bool(ha and hb) and _has_name(a) and same_entity(ha, hb)


#: Words in a row two versions' sentences must share to be one text: a sentence copied from
#: one into the other, or both from one wire story (a shared quotation aside) ...
VERBATIM_RUN = 12
#: ... when the two versions share at least this many such sentences: one short factual
#: sentence can come out the same in two reports written apart (the bundled examples'
#: independent French reports share a 13-word one), several do not.
VERBATIM_SENTENCES = 2


def _word_runs(text: str, n: int) -> set[tuple[str, ...]]:
    # compare's own words, not the trace stage's shingles (`trace.reuse`): those split
    # "l'entreprise" and "porte-parole" in two, so French sentences reach 12 words sooner
    # and the bundled examples' independent reports would count as one text
    from storytrace.compare.lexicon import fold, words

    said = [fold(w) for w, _, _ in words(text)]
    return {tuple(said[i : i + n]) for i in range(len(said) - n + 1)}


class _Verbatim:
    """Which pairs of versions printed one text: :data:`VERBATIM_SENTENCES` or more
    sentences of one share :data:`VERBATIM_RUN` words in a row, outside quotations, with
    the other."""

    def __init__(self, claims: Mapping[str, list[Claim]], quoted: _Quoted) -> None:
        # the outlet's own words: shared quoted words show one speaker (:func:`_one_quote`)
        self.runs = {
            c.id: set().union(*(_word_runs(p, VERBATIM_RUN) for p in quoted.outside(c)))
            for cs in claims.values()
            for c in cs
        }
        every = {
            v: set().union(*(self.runs[c.id] for c in cs)) if cs else set()
            for v, cs in claims.items()
        }
        self.linked: set[frozenset[str]] = set()
        for v, cs in claims.items():
            for w, theirs in every.items():
                if w == v or not theirs or frozenset((v, w)) in self.linked:
                    continue
                shared = sum(1 for c in cs if self.runs[c.id] & theirs)
                if shared >= VERBATIM_SENTENCES:
                    self.linked.add(frozenset((v, w)))

    def same_text(self, a: Claim, b: Claim) -> bool:
        return (
            a.version != b.version
            and frozenset((a.version, b.version)) in self.linked
            and bool(self.runs.get(a.id, set()) & self.runs.get(b.id, set()))
        )


def _verbatim(
    carrying: Sequence[Claim],
    per_claim: list[tuple[str, ...]],
    published: Mapping[str, datetime | None],
    verbatim: _Verbatim,
) -> list[tuple[str, ...]]:
    """``per_claim`` (the origins each carrying claim leans on) with the claims that print
    one text (:class:`_Verbatim`) leaning on the origins of the earliest of them: copied,
    or from one wire, the sentence counts once however each outlet credits it."""
    if not verbatim.linked or len(carrying) < 2:
        return per_claim
    group = list(range(len(carrying)))

    def find(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i in range(len(carrying)):
        for j in range(i + 1, len(carrying)):
            if verbatim.same_text(carrying[i], carrying[j]):
                group[find(j)] = find(i)

    def when(i: int) -> tuple[bool, float, int]:
        t = published.get(carrying[i].version)
        return (t is None, t.timestamp() if t is not None else 0.0, i)

    first: dict[int, int] = {}
    for i in sorted(range(len(carrying)), key=when):
        first.setdefault(find(i), i)
    return [per_claim[first[find(i)]] for i in range(len(carrying))]


#: Words in a row two quotations must share to be one speaker's words.
QUOTE_RUN = 5
#: Which source names the speaker of a shared quotation, best first (any other kind after
#: these): "a spokesperson" in one version and "Lindcorp" in another are one speaker,
#: better named by the company.
_SPEAKER_RANK = ("named person", "organisation", "document", "role")
#: The origin of a quotation no version credits to anyone (a sentence in the middle of a
#: long quotation, its speaker named sentences away).
UNNAMED_SPEAKER = "the speaker quoted"


class _Quoted:
    """The quoted words of claims: quotation marks are paired over the whole version
    text, so a sentence inside a quotation of several sentences counts as quoted."""

    def __init__(self, versions: Iterable[Version], claims: Mapping[str, list[Claim]]) -> None:
        self._text = {v.id: v.text for v in versions}
        self._claims = claims
        self._regions: dict[str, list[tuple[int, int]]] = {}

    def _in(self, claim: Claim) -> list[tuple[int, int]]:
        """The quoted stretches of ``claim``'s version that overlap it."""
        from storytrace.trace.quotes import quote_regions

        text = self._text.get(claim.version)
        if text is None:
            return []
        if claim.version not in self._regions:
            self._regions[claim.version] = quote_regions(text)
        s, e = claim.span
        return [(qs, qe) for qs, qe in self._regions[claim.version] if qs < e and s < qe]

    def runs(self, claim: Claim) -> set[tuple[str, ...]]:
        """Every :data:`QUOTE_RUN` words in a row of ``claim`` that lie in a quotation."""
        from storytrace.compare.lexicon import fold, words

        text = self._text.get(claim.version, "")
        s, e = claim.span
        said: list[str] = []
        for qs, qe in self._in(claim):
            said.extend(fold(w) for w, _, _ in words(text[max(s, qs) : min(e, qe)]))
        return {tuple(said[i : i + QUOTE_RUN]) for i in range(len(said) - QUOTE_RUN + 1)}

    def outside(self, claim: Claim) -> list[str]:
        """The stretches of ``claim`` outside quotations: the outlet's own words."""
        text = self._text.get(claim.version)
        if text is None:
            return [claim.text]
        s, e = claim.span
        out = []
        for qs, qe in sorted(self._in(claim)):
            out.append(text[s:qs])
            s = max(s, qe)
        out.append(text[s:e])
        return [piece for piece in out if piece.strip()]

    def speaker(self, claim: Claim) -> tuple[str, str] | None:
        """(source, kind) of ``claim``, else of another claim of its version in the same
        quotation (the sentence that names the speaker of a quotation of several)."""
        if claim.source:
            return claim.source.strip(" ,"), claim.source_kind or ""
        regions = self._in(claim)
        for other in self._claims.get(claim.version, ()):
            if other.source and any(
                qs < other.span[1] and other.span[0] < qe for qs, qe in regions
            ):
                return other.source.strip(" ,"), other.source_kind or ""
        return None


def _one_quote(carrying: Sequence[Claim], quoted: _Quoted) -> tuple[str, ...]:
    """The speaker of a quotation every version gives in the same words (at least
    :data:`QUOTE_RUN` in a row), as the claim's one origin; () otherwise. Outlets that
    print one statement word for word had it from one place, however each names the
    speaker ("the company", "a spokesperson"), or if none does (:data:`UNNAMED_SPEAKER`).
    () when two versions name different people or bodies."""

    if len({c.version for c in carrying}) < 2:
        return ()
    runs = [quoted.runs(c) for c in carrying]
    if not all(runs) or not all(r & runs[0] for r in runs[1:]):
        return ()
    speakers = [sp for sp in map(quoted.speaker, carrying) if sp is not None]
    # "the production company" in one version and "Dick Clark Productions" in another do
    # not name two bodies: only a name can tell the speakers apart
    named = [n for n, kind in speakers if kind in _IDENTIFIED and _has_name(n)]
    if any(not same_speaker(a, b) for a in named for b in named):
        return ()
    last = len(_SPEAKER_RANK)
    ranked = sorted(
        (
            _SPEAKER_RANK.index(kind) if kind in _SPEAKER_RANK else last,
            not _has_name(name),  # "Corrow Ferries" before "the ferry operator"
            -len(name),
            name,
        )
        for name, kind in speakers
    )
    return (ranked[0][-1],) if ranked else (UNNAMED_SPEAKER,)


def _has_name(source: str) -> bool:
    """Whether a source has a capitalised word past its first ("the company that runs the
    AMAs", "Lindcorp"; not "the production company", "The company")."""
    toks = _WORD.findall(source)
    return any(t[:1].isupper() for t in toks[1:]) or (
        len(toks) == 1 and toks[0][:1].isupper() and toks[0].casefold() not in _DETERMINERS
    )


def summary(rows: Iterable[Corroboration]) -> dict[str, int]:
    """Counts over a story's claims (for a one-line report)."""
    rows = list(rows)
    return {
        "claims": len(rows),
        "multi_origin": sum(1 for r in rows if r.independent > 1),
        "single_source": sum(1 for r in rows if r.single_source),
        "anonymous_only": sum(1 for r in rows if r.anonymous_only),
        "disputed": sum(1 for r in rows if r.disputed_by),
    }
