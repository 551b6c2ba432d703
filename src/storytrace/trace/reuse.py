"""Text reuse between the articles of a story: which passages of a later article derive
from which passages of an earlier one.

Paragraphs are aligned through a sentence encoder (multilingual USE by default, so a
translation aligns with its source paragraph by paragraph): each paragraph of the later
article is paired with its most similar unused paragraph of the earlier one, best pairs
first, when their cosine is at least :data:`MATCH`.

Meaning alone cannot tell a rewrite from an independent report of the same facts in the
same language (both say the same things), so within one language a derivation also needs
*verbatim* reuse: a share of the later article's 8-word runs found in the earlier text
(quotations left out: two outlets quoting one speaker share those words without copying).
Across languages nothing is verbatim, and a derivation needs a close, paragraph by
paragraph alignment (a translation), which loose re-reports and independent reports in
another language do not reach. The thresholds were set on the bundled examples (a wire
copy, two translations, two rewrites, an independent report): see ``tests/test_trace_story.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    from storytrace.stories.encoders import Encoder

#: Cosine at which two paragraphs count as the same passage.
MATCH = 0.70
#: Paragraphs shorter than this (words) are not aligned: datelines, captions, sign-offs.
MIN_WORDS = 6
#: Same language: share of the later text's 8-word runs that must occur in the earlier one.
VERBATIM = 0.20
#: Same language: share of the later article's paragraphs that must align.
SAME_COVERAGE = 0.30
#: Across languages: share of paragraphs aligned, and their mean cosine, for a translation.
CROSS_COVERAGE = 0.50
CROSS_SCORE = 0.75
#: Verbatim share from which the later text is a copy rather than a rewrite.
COPY = 0.90

ReuseKind = Literal["copy", "rewrite", "translation", "shared facts"]
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class PassageMatch:
    """Paragraph ``target`` of the later article matches paragraph ``source`` of the earlier."""

    source: int
    target: int
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "score": round(self.score, 3)}


@dataclass(frozen=True, slots=True)
class ReuseLink:
    """What a later article (``target``) takes from an earlier one (``source``)."""

    source: int
    target: int
    matches: tuple[PassageMatch, ...]
    #: Share of the target's (long enough) paragraphs that align with the source.
    coverage: float
    #: Mean cosine of the aligned paragraphs.
    score: float
    #: Share of the target's 8-word runs found in the source (same language only).
    verbatim: float | None
    cross_language: bool
    kind: ReuseKind
    #: True when the reuse is evidence that the target derives from the source.
    derived: bool

    def summary(self) -> str:
        n = len(self.matches)
        how = "across languages" if self.cross_language else f"{self.verbatim or 0:.0%} verbatim"
        return (
            f"#{self.target} {self.kind} of #{self.source}: {n} paragraph"
            f"{'s' if n != 1 else ''} aligned ({self.coverage:.0%} of #{self.target}, "
            f"mean {self.score:.2f}, {how})"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "kind": self.kind,
            "derived": self.derived,
            "coverage": round(self.coverage, 3),
            "score": round(self.score, 3),
            "verbatim": None if self.verbatim is None else round(self.verbatim, 3),
            "cross_language": self.cross_language,
            "matches": [m.as_dict() for m in self.matches],
            "summary": self.summary(),
        }


@dataclass(slots=True)
class ReuseDoc:
    """One article as reuse sees it: its paragraphs, language and their vectors."""

    article_id: int
    paragraphs: Sequence[str]
    language: str | None = None
    vectors: np.ndarray | None = None


#: Quoted words: two outlets quoting one speech share them without copying each other.
_QUOTED = re.compile(r"“[^”\n]*”|„[^“”\n]*[“”]|«[^»\n]*»|\"[^\"\n]*\"")


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = [w.casefold() for w in _WORDS.findall(_QUOTED.sub(" | ", text))]
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


#: Words in a row that one passage must share with another to have printed its words
#: (quotations left out) ...
COPIED_RUN = 12
#: ... and how many of its words such runs must cover: two sentences, or one long one. A
#: single short factual sentence can come out the same in two reports written apart (the
#: bundled examples' independent French reports share one of 13 words).
COPIED_WORDS = 24


def copied_words(later: str, earlier: str) -> int:
    """Words of ``later`` inside runs of :data:`COPIED_RUN` words that ``earlier`` has too,
    quotations left out (two outlets quoting one speaker copy no one)."""
    words = [w.casefold() for w in _WORDS.findall(_QUOTED.sub(" | ", later))]
    theirs = _shingles(earlier, COPIED_RUN)
    covered: set[int] = set()
    for i in range(len(words) - COPIED_RUN + 1):
        if tuple(words[i : i + COPIED_RUN]) in theirs:
            covered.update(range(i, i + COPIED_RUN))
    return len(covered)


def _long(paragraphs: Sequence[str]) -> list[int]:
    return [i for i, p in enumerate(paragraphs) if len(p.split()) >= MIN_WORDS]


def encode(docs: Sequence[ReuseDoc], encoder: Encoder | None = None) -> None:
    """Fill in the paragraph vectors of ``docs`` in one encoder call."""
    todo = [d for d in docs if d.vectors is None]
    if not todo:
        return
    if encoder is None:
        from storytrace.stories.encoders import get_encoder

        encoder = get_encoder()
    # Lone surrogates (storable, not encodable) become "?": one character for one.
    flat = [p.encode("utf-8", "replace").decode("utf-8") for d in todo for p in d.paragraphs]
    vecs = encoder.encode(flat) if flat else np.zeros((0, encoder.dim), dtype=np.float32)
    pos = 0
    for d in todo:
        d.vectors = vecs[pos : pos + len(d.paragraphs)]
        pos += len(d.paragraphs)


def align(source: ReuseDoc, target: ReuseDoc) -> list[PassageMatch]:
    """One-to-one paragraph pairs, best first, with cosine >= :data:`MATCH`."""
    if source.vectors is None or target.vectors is None:
        raise ValueError("encode() the documents first")
    si, ti = _long(source.paragraphs), _long(target.paragraphs)
    if not si or not ti:
        return []
    sims = source.vectors[si] @ target.vectors[ti].T
    order = np.argsort(-sims, axis=None)
    used_s: set[int] = set()
    used_t: set[int] = set()
    out = []
    for flat in order:
        r, c = divmod(int(flat), len(ti))
        score = float(sims[r, c])
        if score < MATCH:
            break
        if r in used_s or c in used_t:
            continue
        used_s.add(r)
        used_t.add(c)
        out.append(PassageMatch(si[r], ti[c], score))
    return sorted(out, key=lambda m: m.target)


def compare(source: ReuseDoc, target: ReuseDoc) -> ReuseLink:
    """How much of ``target`` derives from ``source`` (the earlier of the two)."""
    matches = align(source, target)
    countable = len(_long(target.paragraphs)) or 1
    coverage = len(matches) / countable
    score = float(np.mean([m.score for m in matches])) if matches else 0.0
    cross = bool(source.language and target.language and source.language != target.language)
    verbatim: float | None = None
    kind: ReuseKind = "shared facts"
    if cross:
        derived = coverage >= CROSS_COVERAGE and score >= CROSS_SCORE
        if derived:
            kind = "translation"
    else:
        runs = _shingles("\n".join(target.paragraphs))
        verbatim = len(runs & _shingles("\n".join(source.paragraphs))) / len(runs) if runs else 0.0
        derived = verbatim >= VERBATIM and coverage >= SAME_COVERAGE
        if derived:
            kind = "copy" if verbatim >= COPY else "rewrite"
    return ReuseLink(
        source.article_id,
        target.article_id,
        tuple(matches),
        coverage,
        score,
        verbatim,
        cross,
        kind,
        derived,
    )


def reuse_links(
    docs: Sequence[ReuseDoc],
    *,
    before: Callable[[int, int], bool],
    skip: Callable[[int, int], bool] | None = None,
    encoder: Encoder | None = None,
) -> list[ReuseLink]:
    """Reuse between every pair of ``docs`` that shares at least one passage.

    ``before(a, b)``: whether article ``a`` came first (the source of a pair);
    ``skip(a, b)``: pairs not to compare (e.g. two members of one copy group).
    """
    encode(docs, encoder)
    out = []
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            if skip is not None and skip(a.article_id, b.article_id):
                continue
            src, tgt = (a, b) if before(a.article_id, b.article_id) else (b, a)
            link = compare(src, tgt)
            if link.matches:
                out.append(link)
    return out


def best_sources(links: Sequence[ReuseLink]) -> dict[int, ReuseLink]:
    """For each derived article, the earlier article it takes most from."""
    best: dict[int, ReuseLink] = {}
    for link in links:
        if not link.derived:
            continue
        cur = best.get(link.target)
        if cur is None or link.coverage * link.score > cur.coverage * cur.score:
            best[link.target] = link
    return best
