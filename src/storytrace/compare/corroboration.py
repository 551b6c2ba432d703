"""Corroboration: how many independent origins stand behind each claim of a story.

Ten outlets repeating one report are one origin, not ten. A claim's origin in a version is

* the outlet it is attributed to, when the version credits a media outlet for it;
* else the version's origin: what the version itself leans on (the outlet or agency it
  cites, in its text, byline or dateline, followed back through the story's other
  versions: a rewrite of a translation of an agency text has the agency as origin);
* else the version's own outlet (its own reporting).

Copies, translations and re-reports of one origin therefore count once. A claim is
single-source when one origin carries it, and anonymous-only when every version that
carries it credits it to an anonymous source.

The version-level rules live here as an adapter: when the trace stage offers
``storytrace.trace.independence.independent_origins`` it is used instead (see
:func:`version_origins`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storytrace.compare.records import Claim, StoryComparison
    from storytrace.compare.story import LoadedStory, StoryVersion

ANONYMOUS_KINDS = frozenset({"anonymous", "anonymous group"})

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
    #: "own" (its own reporting), "cites" (follows what it cites), "copy" (same text).
    via: str
    #: Names it cites, nearest first ("the Gazette" resolved to "Harbour Gazette").
    cites: tuple[str, ...] = ()


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
        out[e.id] = VersionOrigin(e.id, origin, via, cites[e.id])
    return out


def version_origins(story: LoadedStory) -> dict[str, VersionOrigin]:
    """Each version's independent origin (see the module docstring)."""
    return rule_origins(story)


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
        kinds = [k for _, k in self.sources]
        return bool(kinds) and all(k in ANONYMOUS_KINDS for k in kinds)

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
    version_origin: str,
    own: str | None,
    names: Sequence[str],
    outlets: Mapping[str, str],
) -> str:
    """A claim credited to another media outlet has that outlet as origin (resolved to
    the story's own name for it and followed to that outlet's origin)."""
    if claim.source_kind != "media outlet" or not claim.source:
        return version_origin
    if own and _same_outlet(claim.source, own):
        return version_origin
    for label in names:
        name = _name(label)
        if name is not None and (_matches(name, claim.source) or _same_outlet(claim.source, label)):
            if own and label == own:
                return version_origin
            return outlets.get(label, label)
    return claim.source.strip()


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
    vorigin = {vid: (origins[vid].origin if vid in origins else lab) for vid, lab in label.items()}
    # An outlet of the story stands for its own origin when a claim credits it.
    outlet_origin: dict[str, str] = {}
    for v in comparison.versions:
        if v.outlet and v.outlet not in outlet_origin:
            outlet_origin[v.outlet] = vorigin[v.id]
    names = sorted(outlet_origin, key=len, reverse=True)
    names += [o.origin for o in origins.values() if o.origin not in outlet_origin]
    by_id = {c.id: c for cs in comparison.claims.values() for c in cs}
    out: list[Corroboration] = []
    for row in comparison.matrix():
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
        found_origins: list[str] = []
        sources: list[tuple[str | None, str | None]] = []
        for c in carrying:
            v_origin = vorigin.get(c.version, label.get(c.version, c.version))
            o = _claim_origin(c, v_origin, outlet.get(c.version), names, outlet_origin)
            if o not in found_origins:
                found_origins.append(o)
            src = (c.source, c.source_kind)
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
                origins=tuple(found_origins),
                sources=tuple(sources),
                disputed_by=tuple(disputed),
                changed_by=tuple(changed),
            )
        )
    return out


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
