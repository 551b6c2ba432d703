"""A story's digest: what is disputed, a short summary with its evidence, how it developed.

* **Disputed points** come first: every relation where a version contradicts another, or
  changes its hedge or attribution, with both sentences.
* **Summary**: an extractive summary over the claim matrix's rows. A row scores by its
  centrality (mean cosine of its sentence vector to every claim of every version, with
  the story encoder of :mod:`storytrace.stories.encoders`), by how many versions carry
  it, and by how early it comes in its article (news puts the essentials first); rows
  are picked greedily, skipping any too close to one already picked (redundancy). Each
  sentence links to the versions and articles that carry it and to the sources it is
  attributed to.
* **Timeline**: versions in the order they appeared, each with what it added (claims no
  earlier version carried), what it left out of what was already known, and what it
  changed (hedges, attributions, conflicts with an earlier version).
* ``since``: the versions that appeared at or after a time, and what they brought.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from storytrace.compare.lexicon import is_question
from storytrace.compare.records import CELL_OF

if TYPE_CHECKING:
    from storytrace.compare.corroboration import Corroboration
    from storytrace.compare.records import Claim, MatrixRow, Relation, StoryComparison, Version
    from storytrace.compare.story import LoadedStory
    from storytrace.stories.encoders import Encoder

log = logging.getLogger("storytrace.compare")

#: Two summary sentences closer than this (cosine) say the same thing: keep one.
REDUNDANT = 0.8
#: Weight of the redundancy penalty in the greedy pick (maximal marginal relevance).
MMR_LAMBDA = 0.5


@dataclass(slots=True)
class DigestSentence:
    """One sentence of the summary and what stands behind it."""

    text: str
    claim: str
    version: str
    #: Versions that carry the claim (agreeing or with a changed hedge or attribution).
    versions: tuple[str, ...]
    #: Store ids of their articles, copies included (empty without a store).
    articles: tuple[int, ...]
    #: (who it is attributed to, kind); (None, None) when the outlet asserts it itself.
    sources: tuple[tuple[str | None, str | None], ...]
    origins: tuple[str, ...]
    #: Versions that contradict it.
    disputed_by: tuple[str, ...]
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "claim": self.claim,
            "version": self.version,
            "versions": list(self.versions),
            "articles": list(self.articles),
            "sources": [{"source": s, "kind": k} for s, k in self.sources],
            "origins": list(self.origins),
            "disputed_by": list(self.disputed_by),
            "score": round(self.score, 4),
        }


@dataclass(slots=True)
class DisputedPoint:
    """Two versions that tell one claim differently."""

    kind: str
    #: "contradicts" or "differs".
    cell: str
    version_a: str
    version_b: str
    a: str
    b: str
    confidence: float
    why: str
    a_marks: list[tuple[int, int]] = field(default_factory=list)
    b_marks: list[tuple[int, int]] = field(default_factory=list)
    #: Every version on a's side (those whose claim b's sentence differs from in the same
    #: way: a text and its translation are one point, not two), version_a first.
    versions_a: tuple[str, ...] = ()

    def marked_a(self) -> str:
        """The marked pieces of sentence a, quoted: "'et se tenait ...'; '12 points'"."""
        return "; ".join(repr(self.a[s:e]) for s, e in self.a_marks)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "cell": self.cell,
            "version_a": self.version_a,
            "version_b": self.version_b,
            "versions_a": list(self.versions_a or (self.version_a,)),
            "a": self.a,
            "b": self.b,
            "a_marks": [list(m) for m in self.a_marks],
            "b_marks": [list(m) for m in self.b_marks],
            "confidence": round(self.confidence, 3),
            "why": self.why,
        }


@dataclass(slots=True)
class TimelineEntry:
    """One version's arrival and what it brought relative to the versions before it."""

    version: str
    when: datetime | None
    outlet: str | None
    language: str
    title: str
    articles: tuple[int, ...]
    #: (claim id, sentence) of claims no earlier version carried.
    added: list[tuple[str, str]] = field(default_factory=list)
    #: (claim id, sentence) of earlier versions' claims this version leaves out.
    omitted: list[tuple[str, str]] = field(default_factory=list)
    #: Relations where it tells an earlier version's claim differently.
    changed: list[DisputedPoint] = field(default_factory=list)
    #: Parts of earlier versions' claims (a clause, a figure) it tells those claims without.
    parts_left_out: list[DisputedPoint] = field(default_factory=list)
    #: Article id of the earlier page at the same URL that it updates.
    update_of: int | None = None
    #: No date is known: ``when`` is when the store placed it.
    undated: bool = False
    #: The page's own last edit, where later than ``when``.
    updated: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "when": self.when.isoformat() if self.when else None,
            "undated": self.undated,
            "updated": self.updated.isoformat() if self.updated else None,
            "outlet": self.outlet,
            "language": self.language,
            "title": self.title,
            "articles": list(self.articles),
            "update_of": self.update_of,
            "added": [{"claim": c, "text": t} for c, t in self.added],
            "omitted": [{"claim": c, "text": t} for c, t in self.omitted],
            "changed": [d.as_dict() for d in self.changed],
            "parts_left_out": [d.as_dict() for d in self.parts_left_out],
        }


@dataclass(slots=True)
class StoryDigest:
    story_id: int | None
    headline: str | None
    versions: int
    disputed: list[DisputedPoint]
    summary: list[DigestSentence]
    timeline: list[TimelineEntry]
    since: datetime | None = None
    #: With ``since``: the timeline entries of the versions that appeared since then.
    new: list[TimelineEntry] = field(default_factory=list)
    #: How the summary was scored ("use" encoder, or "lexical" when none could load).
    method: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "story_id": self.story_id,
            "headline": self.headline,
            "versions": self.versions,
            "disputed": [d.as_dict() for d in self.disputed],
            "summary": [s.as_dict() for s in self.summary],
            "timeline": [t.as_dict() for t in self.timeline],
            "method": self.method,
        }
        if self.since is not None:
            out["since"] = self.since.isoformat()
            out["new"] = [t.as_dict() for t in self.new]
        return out


def _point(r: Relation) -> DisputedPoint:
    ev = r.evidence or {}
    return DisputedPoint(
        kind=r.kind,
        cell=CELL_OF[r.kind],
        version_a=r.version_a or (r.a.version if r.a else ""),
        version_b=r.version_b or (r.b.version if r.b else ""),
        a=str(ev.get("a") or (r.a.text if r.a else "")),
        b=str(ev.get("b") or (r.b.text if r.b else "")),
        confidence=r.confidence,
        why=str(ev.get("why") or ""),
        a_marks=[(int(m[0]), int(m[1])) for m in ev.get("a_marks", [])],
        b_marks=[(int(m[0]), int(m[1])) for m in ev.get("b_marks", [])],
    )


def _grouped(rels: Sequence[Relation], order: dict[str, int]) -> list[DisputedPoint]:
    """One point per (kind, later sentence): the later version's sentence set against each
    earlier version that says the same thing is one disagreement, not one per version."""
    groups: dict[tuple[str, str], list[Relation]] = {}
    for r in rels:
        later = _later_claim(r, order)
        groups.setdefault((r.kind, later.id), []).append(r)
    points: list[DisputedPoint] = []
    for members in groups.values():
        members.sort(key=lambda r: (-r.confidence, order.get(_earlier(r, order), 0)))
        point = _point(members[0])
        sides = sorted({_earlier(r, order) for r in members}, key=lambda v: order.get(v, 0))
        point.versions_a = (point.version_a, *(v for v in sides if v != point.version_a))
        points.append(point)
    points.sort(key=lambda p: (p.cell != "contradicts", -p.confidence))
    return points


def _later_claim(r: Relation, order: dict[str, int]) -> Claim:
    assert r.a is not None and r.b is not None
    return r.b if order.get(r.a.version, 0) <= order.get(r.b.version, 0) else r.a


def _earlier(r: Relation, order: dict[str, int]) -> str:
    assert r.a is not None and r.b is not None
    va, vb = r.a.version, r.b.version
    return va if order.get(va, 0) <= order.get(vb, 0) else vb


def _flagged(comparison: StoryComparison) -> list[Relation]:
    return [
        r
        for r in comparison.relations
        if r.a is not None and r.b is not None and CELL_OF[r.kind] in ("contradicts", "differs")
    ]


def disputed_points(comparison: StoryComparison) -> list[DisputedPoint]:
    """Contradictions first, then changed hedges and attributions; most confident first."""
    order = {v.id: n for n, v in enumerate(comparison.versions)}
    return _grouped(_flagged(comparison), order)


def left_out_parts(comparison: StoryComparison) -> list[DisputedPoint]:
    """Parts of a claim (a clause, a figure, a name) that another version tells the claim
    without: omissions and additions between aligned claims, which the claim matrix counts
    as agreeing. Version a of each point holds the parts (marked), version b lacks them;
    one point per claim and lacking version, in the order of the versions and claims."""
    from storytrace.compare.corroboration import detail_holder

    order = {v.id: n for n, v in enumerate(comparison.versions)}
    found: dict[tuple[str, str], DisputedPoint] = {}
    for r in comparison.relations:
        held = detail_holder(r)
        if held is None:
            continue
        p = _point(r)
        if held is not r.a:  # an addition: b holds the part; put the holder first
            p = DisputedPoint(
                kind=p.kind,
                cell=p.cell,
                version_a=p.version_b,
                version_b=p.version_a,
                a=p.b,
                b=p.a,
                confidence=p.confidence,
                why=p.why,
                a_marks=p.b_marks,
                b_marks=p.a_marks,
            )
        key = (held.id, p.version_b)
        if key in found:
            # several parts of one claim left out by one version: one point, all marked
            old = found[key]
            old.a_marks = sorted(set(old.a_marks) | set(p.a_marks))
            old.confidence = max(old.confidence, p.confidence)
            continue
        found[key] = p
    points = sorted(
        found.values(),
        key=lambda p: (
            order.get(p.version_a, 0),
            _claim_at(comparison, p),
            order.get(p.version_b, 0),
        ),
    )
    for p in points:
        p.kind = "part left out"
        p.why = f"#{p.version_b} tells the claim of #{p.version_a} without {p.marked_a()}"
    return points


def _claim_at(comparison: StoryComparison, p: DisputedPoint) -> int:
    """Where the sentence of point ``p``'s version a stands in that version."""
    return next((c.span[0] for c in comparison.claims.get(p.version_a, []) if c.text == p.a), 0)


def _aware(t: datetime) -> datetime:
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _lexical_vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit bag-of-terms vectors (when no sentence encoder can load)."""
    from storytrace.stories.features import terms

    bags = [terms(t) for t in texts]
    vocab = {w: i for i, w in enumerate(sorted({w for b in bags for w in b}))}
    x = np.zeros((len(texts), max(1, len(vocab))), dtype=np.float32)
    for i, bag in enumerate(bags):
        for w in bag:
            x[i, vocab[w]] += 1.0
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return x / norms


def _vectors(texts: Sequence[str], encoder: Encoder | str | None) -> tuple[np.ndarray, str]:
    if encoder is not None:
        try:
            from storytrace.stories.encoders import get_encoder

            enc = get_encoder(encoder) if isinstance(encoder, str) else encoder
            return np.asarray(enc.encode(list(texts)), dtype=np.float32), enc.name
        except Exception as exc:  # no model here: the summary still comes, lexically
            log.warning("digest: encoder %s unavailable (%s); scoring lexically", encoder, exc)
    return _lexical_vectors(texts), "lexical"


def _carriers(row: MatrixRow) -> list[str]:
    """Claim ids of a row's versions that carry the claim (not those contradicting it)."""
    return [
        c.claim
        for c in row.cells.values()
        if c.claim is not None and c.cell in ("agree", "differs")
    ]


#: Score kept by a question the writer asks ("Remember the city's last slogan?").
QUESTION_WEIGHT = 0.3


def _asserting(claim: Claim) -> bool:
    """False for a question in the writer's own voice: features open with them ("Just
    what is this slogan?"), and they state nothing a summary can stand on (a row of them
    scores :data:`QUESTION_WEIGHT` of its due). A question someone is reported asking is
    their claim."""
    return not (is_question(claim.text) and claim.source is None)


def summarize(
    comparison: StoryComparison,
    rows: Sequence[MatrixRow],
    corroboration: Sequence[Corroboration] | None = None,
    *,
    sentences: int = 5,
    language: str | None = None,
    encoder: Encoder | str | None = "use",
) -> tuple[list[DigestSentence], str]:
    """The ``sentences`` most central, least redundant rows of the matrix."""
    claims = {c.id: c for cs in comparison.claims.values() for c in cs}
    all_ids = [c.id for cs in comparison.claims.values() for c in cs]
    if not rows or not all_ids:
        return [], ""
    lang = {v.id: v.language for v in comparison.versions}
    if language is None:
        counts: dict[str, int] = {}
        for v in comparison.versions:
            counts[v.language] = counts.get(v.language, 0) + 1
        language = max(counts, key=lambda k: (counts[k], k == "en"))
    vecs, method = _vectors([claims[i].text for i in all_ids], encoder)
    index = {cid: i for i, cid in enumerate(all_ids)}
    by_claim = {c.claim: c for c in corroboration or ()}
    n_versions = max(1, len(comparison.versions))
    row_vecs = np.zeros((len(rows), vecs.shape[1]), dtype=np.float32)
    scores = np.zeros(len(rows), dtype=np.float64)
    shown: list[Claim] = []
    for i, row in enumerate(rows):
        carriers = [cid for cid in _carriers(row) if cid in index] or [row.claim.id]
        v = vecs[[index[c] for c in carriers if c in index]].mean(axis=0)
        norm = float(np.linalg.norm(v))
        row_vecs[i] = v / norm if norm else v
        centrality = float(np.clip(vecs @ row_vecs[i], 0.0, None).mean())
        support = len({claims[c].version for c in carriers if c in claims}) / n_versions
        lead = 1.0 / (1.0 + 0.15 * row.claim.paragraph)
        # A very short fragment ("Read more.") is rarely worth a summary line.
        brevity = min(1.0, len(row.claim.text.split()) / 8.0)
        # a row some version words as a statement is shown in that version's words
        stated = [claims[c] for c in carriers if c in claims and _asserting(claims[c])]
        weight = 1.0 if stated or _asserting(row.claim) else QUESTION_WEIGHT
        scores[i] = centrality * (1.0 + support) * lead * brevity * weight
        same_language = [c for c in stated if lang.get(c.version) == language] or [
            claims[c] for c in carriers if c in claims and lang.get(claims[c].version) == language
        ]
        pick = same_language[0] if same_language else row.claim
        shown.append(pick)
    chosen: list[int] = []
    candidates = set(range(len(rows)))
    while candidates and len(chosen) < sentences:
        best, best_value = -1, -np.inf
        for i in candidates:
            overlap = max((float(row_vecs[i] @ row_vecs[j]) for j in chosen), default=0.0)
            if overlap >= REDUNDANT:
                continue
            value = scores[i] - MMR_LAMBDA * max(0.0, overlap) * scores[i]
            if value > best_value:
                best, best_value = i, value
        if best < 0:
            break
        chosen.append(best)
        candidates.discard(best)
    # Read in story order: by the row's version's position, then its place in the text.
    order = {v.id: n for n, v in enumerate(comparison.versions)}
    chosen.sort(key=lambda i: (order.get(rows[i].claim.version, 0), rows[i].claim.span[0]))
    out: list[DigestSentence] = []
    for i in chosen:
        row = rows[i]
        corr = by_claim.get(row.claim.id)
        carried = [claims[c] for c in _carriers(row) if c in claims] or [row.claim]
        sources = tuple(dict.fromkeys((c.source, c.source_kind) for c in carried))
        own_versions = tuple(dict.fromkeys(c.version for c in carried))
        out.append(
            DigestSentence(
                text=shown[i].text,
                claim=row.claim.id,
                version=shown[i].version,
                versions=corr.versions if corr else own_versions,
                articles=corr.articles if corr else (),
                sources=corr.sources if corr else sources,
                origins=corr.origins if corr else (),
                disputed_by=corr.disputed_by
                if corr
                else tuple(v for v, c in row.cells.items() if c.cell == "contradicts"),
                score=float(scores[i]),
            )
        )
    return out, method


def timeline(
    comparison: StoryComparison, rows: Sequence[MatrixRow], story: LoadedStory | None = None
) -> list[TimelineEntry]:
    """Each version in order with what it added, left out (whole claims, and parts of
    claims it tells) and changed."""
    order = {v.id: n for n, v in enumerate(comparison.versions)}
    present: dict[str, set[int]] = {v.id: set() for v in comparison.versions}
    for i, row in enumerate(rows):
        for vid, cell in row.cells.items():
            if cell.cell != "absent" and vid in present:
                present[vid].add(i)
    claim_of = [dict((vid, c.claim) for vid, c in row.cells.items()) for row in rows]
    seen_rows: set[int] = set()
    claims = {c.id: c for cs in comparison.claims.values() for c in cs}
    flagged = _flagged(comparison)
    parts = left_out_parts(comparison)
    entries: list[TimelineEntry] = []
    for v in comparison.versions:
        e = story.by_id.get(v.id) if story is not None else None
        entry = TimelineEntry(
            version=v.id,
            when=e.seen if e is not None else v.published,
            outlet=v.outlet,
            language=v.language,
            title=v.title,
            articles=tuple(e.article_ids()) if e is not None else (),
            update_of=e.update_of if e is not None else None,
            undated=e.undated if e is not None else v.published is None,
            updated=e.updated if e is not None else None,
        )
        for i in sorted(present[v.id], key=lambda i: _position(claims, claim_of[i].get(v.id))):
            if i not in seen_rows:
                cid = claim_of[i].get(v.id) or rows[i].claim.id
                entry.added.append((cid, claims[cid].text if cid in claims else ""))
        for i in sorted(seen_rows - present[v.id]):
            entry.omitted.append((rows[i].claim.id, rows[i].claim.text))
        seen_rows |= present[v.id]
        mine = [r for r in flagged if _later_claim(r, order).version == v.id]
        entry.changed = _grouped(mine, order)
        entry.parts_left_out = [
            p
            for p in parts
            if p.version_b == v.id and order.get(p.version_a, 0) < order.get(v.id, 0)
        ]
        entries.append(entry)
    return entries


def _position(claims: dict[str, Claim], cid: str | None) -> int:
    found = claims.get(cid) if cid is not None else None
    return found.span[0] if found is not None else 0


def make_digest(
    comparison: StoryComparison,
    story: LoadedStory | None = None,
    *,
    corroboration: Sequence[Corroboration] | None = None,
    since: datetime | None = None,
    sentences: int = 5,
    language: str | None = None,
    encoder: Encoder | str | None = "use",
) -> StoryDigest:
    """The digest of a compared story (``story``: its store record, for article links and
    arrival times)."""
    if corroboration is None:
        from storytrace.compare.corroboration import corroborate

        corroboration = corroborate(comparison, story)
    from storytrace.compare.corroboration import claim_matrix

    rows = claim_matrix(comparison)
    summary, method = summarize(
        comparison, rows, corroboration, sentences=sentences, language=language, encoder=encoder
    )
    line = timeline(comparison, rows, story)
    new: list[TimelineEntry] = []
    if since is not None:
        since = _aware(since)
        # a page edited since then counts too: what it holds now may be new
        new = [
            t
            for t in line
            if any(w is not None and _aware(w) >= since for w in (t.when, t.updated))
        ]
    return StoryDigest(
        story_id=story.story_id if story is not None else None,
        headline=story.headline if story is not None else _headline(comparison.versions),
        versions=len(comparison.versions),
        disputed=disputed_points(comparison),
        summary=summary,
        timeline=line,
        since=since,
        new=new,
        method=method,
    )


def _headline(versions: Sequence[Version]) -> str | None:
    return next((v.title for v in versions if v.title), None)
