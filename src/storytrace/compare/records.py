"""Records of the compare stage: versions of a story, their claims, and how claims relate.

Plain records, no store: the store side builds :class:`Version` objects from stored
articles and hands them to :func:`storytrace.compare.compare_versions`. Fields are only ever
added (optional, with defaults) so that every consumer keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from storytrace.trace.records import Attribution

Span = tuple[int, int]

RelationKind = Literal[
    "same",
    "paraphrase",
    "more specific",
    "less specific",
    "hedge added",
    "hedge dropped",
    "attribution dropped",
    "attribution changed",
    "attribution added",
    "number mismatch",
    "date mismatch",
    "place mismatch",
    "negation flip",
    "role swap",
    "other conflict",
    "omission",
    "addition",
]

CellKind = Literal["agree", "differs", "contradicts", "absent"]

#: Which matrix cell each relation falls in (omission/addition have no counterpart).
CELL_OF: dict[str, CellKind] = {
    "same": "agree",
    "paraphrase": "agree",
    "more specific": "agree",
    "less specific": "agree",
    "hedge added": "differs",
    "hedge dropped": "differs",
    "attribution dropped": "differs",
    "attribution changed": "differs",
    "attribution added": "differs",
    "number mismatch": "contradicts",
    "date mismatch": "contradicts",
    "place mismatch": "contradicts",
    "negation flip": "contradicts",
    "role swap": "contradicts",
    "other conflict": "contradicts",
    "omission": "absent",
    "addition": "absent",
}

#: Relations that say two versions agree (nothing to flag).
AGREEING: frozenset[str] = frozenset(k for k, v in CELL_OF.items() if v == "agree")


@dataclass(frozen=True, slots=True)
class Version:
    """One article of a story, as compare sees it."""

    #: Article id as a string (store id, or a page name in tests).
    id: str
    #: Clean article text (paragraphs separated by a blank line).
    text: str
    language: str
    title: str = ""
    outlet: str | None = None
    published: datetime | None = None
    #: The trace stage's attributions of ``text``; None = compare runs the trace itself.
    attributions: tuple[Attribution, ...] | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as the text gives it, normalised across languages ("1.200" de = 1200)."""

    value: float
    #: Normalised unit or counted noun ("eur", "usd", "percent", "km", "people", ...); "" if bare.
    unit: str
    #: The words as written, and where (offsets into the version's text).
    text: str
    span: Span
    #: "year", "time" (value in hours, 23.0 = 11 p.m.), "count", "money", "percent",
    #: "measure", "duration"; "score" for a hyphenated run such as "3-1" or "6-2-1" (a
    #: result or record: ``value`` encodes the parts, compared exactly).
    kind: str = "count"
    #: Hedged by the text ("almost", "about", "plus de", "rund"): compared loosely.
    approximate: bool = False
    #: The upper end of a range ("$40-50 billion": value 40e9, high 50e9); None for a figure.
    high: float | None = None
    #: "max" for a ceiling ("up to $8 billion", "less than 50"), "min" for a floor ("at
    #: least 12", "more than 50"), "" for a figure: a bound fits any value on its side.
    bound: str = ""


@dataclass(slots=True)
class Claim:
    """One statement of one version (a sentence, or the content of an attribution in it)."""

    #: f"{version_id}#{n}"
    id: str
    version: str
    #: Character offsets of the sentence in ``Version.text``.
    span: Span
    text: str
    #: Who it is attributed to (speaker text from trace); None = the outlet asserts it.
    source: str | None
    source_kind: str | None
    #: Hedging and modal cues ("may", "reportedly", "signalled", ...), lower-cased.
    hedges: tuple[str, ...]
    negated: bool
    #: Normalised names (people, places, organisations, nationality adjectives as the place).
    entities: tuple[str, ...]
    numbers: tuple[Quantity, ...]
    places: tuple[str, ...]
    #: ISO-like dates ("2022-11", "2022", "2022-autumn", "monday") as found.
    dates: tuple[str, ...]
    #: "agent" / "patient" (who did what to whom), normalised entity keys, where found.
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Lemmas of the main predicate(s), where a parser ran.
    predicates: tuple[str, ...] = ()
    #: Index of the paragraph the claim is in (0-based).
    paragraph: int = 0
    #: (event, agents, patients) per predicate with named participants; "defeat" for every
    #: win/lose/defeat word, so that "X won against Y" and "Y's defeat" compare.
    frames: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()
    #: Proper names that stay the same in translation (people, places), a subset of
    #: ``entities``; organisations are left out (their names are often translated).
    names: tuple[str, ...] = ()
    #: A credit the trace stage did not take as an attribution ("..., wie die Agentur MPA
    #: berichtete"): compared as the claim's source by relations, not reported as one.
    credit: str | None = None
    credit_kind: str | None = None
    #: The verbs that head a clause of the sentence (its predicates), where a parser ran:
    #: (offset in ``text``, whether it is coordinated with an earlier verb: "... and was
    #: available"). How many a sentence has tells, across languages, whether a version
    #: said every statement of its counterpart.
    verbs: tuple[tuple[int, bool], ...] = ()
    #: The outlet's name where the source is a media outlet the trace stage named ("der
    #: Zeitung „L'Écho“" and "L'Écho" are both L'Écho de Sarrelune).
    source_outlet: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "span": list(self.span),
            "text": self.text,
            "source": self.source,
            "source_kind": self.source_kind,
            "source_outlet": self.source_outlet,
            "hedges": list(self.hedges),
            "negated": self.negated,
            "entities": list(self.entities),
            "numbers": [
                {"value": q.value, "unit": q.unit, "text": q.text, "kind": q.kind}
                | ({"high": q.high} if q.high is not None else {})
                for q in self.numbers
            ],
            "places": list(self.places),
            "dates": list(self.dates),
            "roles": {k: list(v) for k, v in self.roles.items()},
        }


@dataclass(slots=True)
class Relation:
    """How one claim of version a relates to its counterpart in version b."""

    kind: RelationKind
    #: The earlier/left version's claim (None for an addition).
    a: Claim | None
    #: The later/right version's claim (None for an omission).
    b: Claim | None
    confidence: float
    #: {"a": sentence, "b": sentence, "a_marks": [(s, e), ...], "b_marks": [...], "why": str};
    #: marks are offsets into the sentence strings.
    evidence: dict[str, Any]
    #: The version ids compared (set also when a or b is None).
    version_a: str = ""
    version_b: str = ""

    @property
    def cell(self) -> CellKind:
        return CELL_OF[self.kind]

    def as_dict(self) -> dict[str, Any]:
        ev = dict(self.evidence)
        for k in ("a_marks", "b_marks"):
            if k in ev:
                ev[k] = [list(m) for m in ev[k]]
        return {
            "kind": self.kind,
            "cell": self.cell,
            "a": self.a.id if self.a else None,
            "b": self.b.id if self.b else None,
            "version_a": self.version_a,
            "version_b": self.version_b,
            "confidence": round(self.confidence, 3),
            "evidence": ev,
        }


@dataclass(slots=True)
class MatrixCell:
    cell: CellKind
    #: The claim of this version the row's claim aligns with (None when absent).
    claim: str | None
    relation: Relation | None


@dataclass(slots=True)
class MatrixRow:
    """One claim (the row's representative) and what each version does with it."""

    claim: Claim
    #: By version id; the row's own version is "agree" with relation None.
    cells: dict[str, MatrixCell]

    def as_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim.id,
            "text": self.claim.text,
            "cells": {
                v: {
                    "cell": c.cell,
                    "claim": c.claim,
                    "relation": c.relation.kind if c.relation else None,
                }
                for v, c in self.cells.items()
            },
        }


@dataclass(slots=True)
class StoryComparison:
    """Every version's claims, their alignment, and the relations between versions."""

    versions: list[Version]
    #: By version id, in text order.
    claims: dict[str, list[Claim]]
    #: Groups of claim ids that say the same thing (many-to-one allowed).
    alignments: list[tuple[str, ...]]
    relations: list[Relation]

    def claim(self, claim_id: str) -> Claim:
        version = claim_id.rsplit("#", 1)[0]
        for c in self.claims.get(version, ()):
            if c.id == claim_id:
                return c
        raise KeyError(claim_id)

    def flagged(self) -> list[Relation]:
        """Relations that are not agreement (differences, conflicts, omissions, additions)."""
        return [r for r in self.relations if r.kind not in AGREEING]

    def matrix(self) -> list[MatrixRow]:
        """Claims as rows, versions as columns (see :mod:`storytrace.compare.matrix`)."""
        from storytrace.compare.matrix import build_matrix

        return build_matrix(self)

    def as_dict(self) -> dict[str, Any]:
        return {
            "versions": [
                {
                    "id": v.id,
                    "language": v.language,
                    "title": v.title,
                    "outlet": v.outlet,
                    "published": v.published.isoformat() if v.published else None,
                }
                for v in self.versions
            ],
            "claims": {k: [c.as_dict() for c in cs] for k, cs in self.claims.items()},
            "alignments": [list(g) for g in self.alignments],
            "relations": [r.as_dict() for r in self.relations],
            "matrix": [row.as_dict() for row in self.matrix()],
        }
