"""compare stage: what each version of a story claims, and how versions relate.

::

    from storytrace.compare import Version, compare_versions
    result = compare_versions([Version("1", text_a, "en"), Version("2", text_b, "fr")])
    for r in result.flagged():
        print(r.kind, r.evidence["a"], "|", r.evidence["b"])
    result.matrix()        # claims x versions: agree / differs / contradicts / absent

Modules: :mod:`~storytrace.compare.records` (the contract), :mod:`~.claims` (claims of a
text), :mod:`~.numbers` (quantities and dates across languages), :mod:`~.align`
(cross-language alignment), :mod:`~.relations` (the relation of each pair),
:mod:`~.lexicon` (hedge, negation, event cues), :mod:`~.matrix` (the claim matrix).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from storytrace.compare.records import (
    AGREEING,
    CELL_OF,
    Claim,
    MatrixCell,
    MatrixRow,
    Quantity,
    Relation,
    RelationKind,
    StoryComparison,
    Version,
)

__all__ = [
    "AGREEING",
    "CELL_OF",
    "CachedEmbedder",
    "Claim",
    "MatrixCell",
    "MatrixRow",
    "Quantity",
    "Relation",
    "RelationKind",
    "StoryComparison",
    "Version",
    "compare_versions",
    "version_pairs",
]

if TYPE_CHECKING:
    from storytrace.compare.relations import EntailmentLike
    from storytrace.stories.encoders import Encoder


#: A story of more versions than this plus one compares each version with this many
#: others (those nearest in content, and the first version), not with all of them: the
#: work then grows linearly with the versions instead of with their square (80 versions
#: compared pairwise take about 12 CPU s and 57,000 relations; bench_compare.py).
MAX_PARTNERS = 24


#: A claim whose parts left out by its counterparts cover this share of its words is
#: told by none of them.
HOLLOW_SHARE = 0.8
#: ... counting only the parts whose closest clause of the counterparts is further than
#: this cosine (a paraphrase's parts differ in words, not in what they say).
HOLLOW_CLOSEST = 0.35


def _hollow_claims(fragments: Sequence[Relation]) -> set[str]:
    """Ids of the claims that their aligned counterparts leave out almost whole: the
    parts each fragment marks as only in its claim cover :data:`HOLLOW_SHARE` of the
    claim's words."""
    from storytrace.compare.lexicon import words

    marked: dict[str, tuple[Claim, list[tuple[int, int]]]] = {}
    for r in fragments:
        claim, key = (r.b, "b_marks") if r.kind == "addition" else (r.a, "a_marks")
        if claim is None:
            continue
        if float(r.evidence.get("closest", 1.0)) >= HOLLOW_CLOSEST:
            continue  # the part is said in other words ("declined to comment")
        marked.setdefault(claim.id, (claim, []))[1].extend(r.evidence.get(key) or [])
    out: set[str] = set()
    for cid, (claim, marks) in marked.items():
        spans = [(s, e) for _, s, e in words(claim.text)]
        inside = sum(1 for s, e in spans if any(ms <= s and e <= me for ms, me in marks))
        if spans and inside >= HOLLOW_SHARE * len(spans):
            out.add(cid)
    return out


def _hours_between(a: datetime | None, b: datetime | None) -> float | None:
    """Hours from ``a`` to ``b`` (a time without a zone read as UTC); None if unknown."""
    if a is None or b is None:
        return None
    a, b = (t if t.tzinfo else t.replace(tzinfo=UTC) for t in (a, b))
    return (b - a).total_seconds() / 3600


def compare_versions(
    versions: Sequence[Version],
    *,
    entailment: EntailmentLike | None = None,
    encoder: Encoder | None = None,
    max_partners: int | None = MAX_PARTNERS,
) -> StoryComparison:
    """Claims of every version, their alignment, and the relations between each pair of
    versions (earlier one first, in the order given).

    ``entailment`` (any object with ``scores(premise, hypothesis)``, e.g.
    :class:`storytrace.compare.entailment.RuleEntailment` or a user's NLI model) adds
    "other conflict" where it judges an aligned pair contradictory and weighs the rules'
    contradictions; without it, a model installed with
    :func:`storytrace.compare.entailment.use_entailment` is used, else the rules alone
    decide. ``encoder`` defaults to the stories stage's multilingual USE.
    ``max_partners`` bounds the versions each version is compared with in a large story
    (:func:`version_pairs`; None compares every pair).
    """
    import numpy as np

    from storytrace.compare.align import Link, align_pair, groups
    from storytrace.compare.relations import (
        OtherSide,
        PairContext,
        b_cites_a,
        contests_apart,
        development_links,
        drop_restated,
        figures_apart,
        fragment_relations,
        relate,
        retold,
        vocabulary,
    )

    if entailment is None:
        from storytrace.compare import entailment as judges

        installed = judges.get_entailment()
        if not isinstance(installed, judges.RuleEntailment):
            entailment = installed  # a model the user plugged in with use_entailment()

    versions = list(versions)
    claims: dict[str, list[Claim]] = {}
    speech: dict[str, bool] = {}
    for v in versions:
        cs = _claims_of(v)
        claims[v.id] = cs
        for c in cs:
            speech[c.id] = _has_speech_verb(c, v.language)
    if encoder is None:
        from storytrace.stories.encoders import get_encoder

        encoder = get_encoder("use")
    embed = CachedEmbedder(encoder)
    vec: dict[str, Any] = {}
    every = [c.text for v in versions for c in claims[v.id]]
    embed(every)  # one batch for the whole story
    for v in versions:
        vec[v.id] = embed([c.text for c in claims[v.id]]) if claims[v.id] else np.zeros((0, 1))
    sides = {
        v.id: OtherSide(
            v,
            vocabulary(v.text, v.language),
            [q for c in claims[v.id] for q in c.numbers],
            {d for c in claims[v.id] for d in c.dates},
            [vocabulary(c.text, v.language) for c in claims[v.id]],
        )
        for v in versions
    }

    relations: list[Relation] = []
    linked: list[tuple[str, str]] = []
    pairs = version_pairs([vec[v.id] for v in versions], max_partners)
    for i, j in pairs:
        va, vb = versions[i], versions[j]
        ca, cb = claims[va.id], claims[vb.id]
        ctx = PairContext(
            va, vb, b_cites_a(cb, va), sides[va.id].vocab, sides[vb.id].vocab, embed=embed
        )
        links = align_pair(
            ca, cb, vec[va.id], vec[vb.id], embed=embed, languages=(va.language, vb.language)
        )
        # a weak or loose link (two reports written apart) whose claims share most common
        # words, or a figure, states one thing two ways ("12 died in the fire", "15 died in
        # the fire"): it stands
        links = [
            lk
            if not (lk.weak or lk.loose) or not retold(ca[lk.a], cb[lk.b], lk.cosine, ctx)
            else Link(lk.a, lk.b, lk.score, lk.cosine)
            for lk in links
        ]
        developments: set[tuple[int, int]] = set()
        if ca and cb:
            cos = vec[va.id] @ vec[vb.id].T
            done = ({lk.a for lk in links}, {lk.b for lk in links})
            gap = _hours_between(va.published, vb.published)
            langs = (va.language, vb.language)
            for ia, jb in development_links(ca, cb, cos, done, langs, gap):
                links.append(Link(ia, jb, float(cos[ia, jb]), float(cos[ia, jb])))
                developments.add((ia, jb))
        a_to: dict[int, list[int]] = {}
        b_to: dict[int, list[int]] = {}
        for link in links:
            a_to.setdefault(link.a, []).append(link.b)
            b_to.setdefault(link.b, []).append(link.a)
        found_of: dict[tuple[int, int], list[Relation]] = {}
        apart: set[tuple[int, int]] = set()
        for link in links:
            x, y = ca[link.a], cb[link.b]
            peers = (
                [cb[j] for j in a_to[link.a] if j != link.b],
                [ca[k] for k in b_to[link.b] if k != link.a],
            )
            found_of[(link.a, link.b)] = relate(
                x,
                y,
                link.cosine,
                ctx,
                speech=(speech[x.id], speech[y.id]),
                entailment=entailment,
                peers=peers,
                development=(link.a, link.b) in developments,
            )
            if (figures_apart(x, y, peers) or contests_apart(x, y)) and all(
                r.kind in AGREEING for r in found_of[(link.a, link.b)]
            ):
                apart.add((link.a, link.b))
        fragments: list[Relation] = []
        for ia, js in a_to.items():
            fragments += fragment_relations(
                ca[ia], [cb[j] for j in js], ctx, reverse=False, other=sides[vb.id], embed=embed
            )
        for jb, is_ in b_to.items():
            fragments += fragment_relations(
                cb[jb], [ca[k] for k in is_], ctx, reverse=True, other=sides[va.id], embed=embed
            )
        # a claim nearly all of whose parts its counterparts leave out shares nothing with
        # them: its links only agree on a topic ("Rice said she feared a carjacking" and
        # "court papers say Rice spent $7,000 on bills")
        hollow = _hollow_claims(fragments)
        for lk in links:
            if (ca[lk.a].id in hollow or cb[lk.b].id in hollow) and all(
                r.kind in AGREEING for r in found_of[(lk.a, lk.b)]
            ):
                apart.add((lk.a, lk.b))
        # a loose link stands on a difference the rules find in the pair (each rule checks
        # that the two claims tell one event); agreement alone is not enough for it. Claims
        # that each give a figure of their own, and none in common, count two things.
        links = [
            Link(
                lk.a,
                lk.b,
                lk.score,
                lk.cosine,
                weak=(lk.a, lk.b) in apart
                or all(r.kind in AGREEING for r in found_of[(lk.a, lk.b)]),
            )
            if lk.loose or (lk.a, lk.b) in apart
            else lk
            for lk in links
        ]
        related: list[Relation] = []
        for link in links:
            if not link.weak:  # a weak link relates two claims, it does not group them
                linked.append((ca[link.a].id, cb[link.b].id))
            found = found_of[(link.a, link.b)]
            if link.weak:
                # two statements of one topic: how they differ is no news, and what they
                # share is no agreement (the matrix keeps them in rows of their own);
                # but two casualty counts of one kind are one toll, however the sentences
                # around them differ ("eight suffered injuries", "injuries to 13 people")
                found = [r for r in found if r.kind in AGREEING or r.evidence.get("toll")]
                for r in found:
                    r.evidence["weak_link"] = True
            related += found
        # parts of one claim "left out" by a sentence of the same topic are no news: the
        # claims of a weak link are each told by one version alone (below)
        weak = {(ca[lk.a].id, cb[lk.b].id) for lk in links if lk.weak}
        fragments = [
            r for r in fragments if r.a is None or r.b is None or (r.a.id, r.b.id) not in weak
        ]
        relations += related
        relations += drop_restated(fragments, related, (va.language, vb.language))
        # a claim whose only links are weak is told by this version alone
        told_a = {lk.a for lk in links if not lk.weak}
        told_b = {lk.b for lk in links if not lk.weak}
        for k, c in enumerate(ca):
            if k not in told_a:
                relations.append(_unpaired("omission", c, None, ctx))
        for k, c in enumerate(cb):
            if k not in told_b:
                relations.append(_unpaired("addition", None, c, ctx))
    alignments = groups(linked)
    if len(pairs) < len(versions) * (len(versions) - 1) // 2:
        # Not every pair was compared: the matrix reads each claim against its row's
        # first claim, so relate those two wherever their versions were not paired.
        compared = {(versions[i].id, versions[j].id) for i, j in pairs}
        by_id = {c.id: (v, k) for v in versions for k, c in enumerate(claims[v.id])}
        order = {v.id: n for n, v in enumerate(versions)}
        for group in alignments:
            members = sorted((by_id[c] for c in group), key=lambda m: (order[m[0].id], m[1]))
            (va, ka), rest = members[0], members[1:]
            for vb, kb in rest:
                if vb.id == va.id or (va.id, vb.id) in compared:
                    continue
                x, y = claims[va.id][ka], claims[vb.id][kb]
                ctx = PairContext(
                    va,
                    vb,
                    b_cites_a(claims[vb.id], va),
                    sides[va.id].vocab,
                    sides[vb.id].vocab,
                    embed=embed,
                )
                cos = float(vec[va.id][ka] @ vec[vb.id][kb])
                relations += relate(
                    x, y, cos, ctx, speech=(speech[x.id], speech[y.id]), entailment=entailment
                )
    return StoryComparison(versions, claims, alignments, relations)


def version_pairs(vectors: Sequence[Any], max_partners: int | None) -> list[tuple[int, int]]:
    """Index pairs (i < j) of the versions to compare, given each version's claim vectors:
    every pair while there are at most ``max_partners`` + 1 versions (or ``max_partners``
    is None); beyond, each version with the ``max_partners`` versions whose mean claim
    vectors are nearest its own, and with the first version (the earliest, where the
    story's claims were first made)."""
    import numpy as np

    n = len(vectors)
    if max_partners is None or n - 1 <= max_partners:
        return [(i, j) for i in range(n) for j in range(i + 1, n)]
    dim = max((v.shape[1] for v in vectors if len(v)), default=1)
    means = np.zeros((n, dim), dtype=np.float32)
    for i, v in enumerate(vectors):
        if len(v):
            m = v.mean(axis=0)
            norm = float(np.linalg.norm(m))
            means[i] = m / norm if norm > 0 else m
    sims = means @ means.T
    np.fill_diagonal(sims, -np.inf)
    chosen: set[tuple[int, int]] = {(0, i) for i in range(1, n)}
    for i in range(n):
        # stable order: ties go to the earlier version
        for j in np.argsort(-sims[i], kind="stable")[:max_partners].tolist():
            chosen.add((min(i, j), max(i, j)))
    return sorted(chosen)


class CachedEmbedder:
    """The story's encoder with a cache: every text is encoded once."""

    #: Stacked matrices kept: the same lists (a version's sentences and clauses, a
    #: claim's counterparts) are asked for again for each clause of each version pair.
    STACKED = 4096

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.cache: dict[str, Any] = {}
        self.stacked: dict[tuple[str, ...], Any] = {}

    def __call__(self, texts: Sequence[str]) -> Any:
        import numpy as np

        key = tuple(texts)
        hit = self.stacked.get(key)
        if hit is not None:
            return hit
        todo = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if todo:
            for t, v in zip(todo, self.encoder.encode(todo), strict=True):
                self.cache[t] = v
        if not texts:
            return np.zeros((0, self.encoder.dim), dtype=np.float32)
        out = np.stack([self.cache[t] for t in texts])
        out.flags.writeable = False  # shared between callers
        if len(self.stacked) < self.STACKED:
            self.stacked[key] = out
        return out


def _unpaired(kind: RelationKind, a: Claim | None, b: Claim | None, ctx: Any) -> Relation:
    c = a or b
    assert c is not None
    side = "a" if a else "b"
    return Relation(
        kind,
        a,
        b,
        0.7,
        {
            "a": a.text if a else None,
            "b": b.text if b else None,
            "a_marks": [(0, len(c.text))] if a else [],
            "b_marks": [(0, len(c.text))] if b else [],
            "why": f"no counterpart in version {'b' if side == 'a' else 'a'}",
        },
        ctx.va.id,
        ctx.vb.id,
    )


def _claims_of(version: Version) -> list[Claim]:
    """Claims of one version: attributions traced when not given, one spaCy parse."""
    from storytrace.compare.claims import extract_claims
    from storytrace.trace.model import parse, spacy_pipeline

    atts = version.attributions
    if atts is None:
        from storytrace.trace import trace_text

        atts = tuple(trace_text(version.text, language=version.language).attributions)
    nlp = spacy_pipeline(version.language)
    doc = parse(nlp, version.text) if nlp is not None and version.text else None
    return extract_claims(version, atts, doc=doc)


#: German marks reported speech by the first subjunctive ("die Urabstimmung sei ungültig
#: gewesen"): a sentence in it reports what someone says even without a reporting verb.
_REPORTED_MOOD = {"de": frozenset("sei seien habe werde könne müsse solle wolle dürfe".split())}


def _has_speech_verb(claim: Claim, language: str) -> bool:
    """Whether a reporting verb is in the claim's sentence (a source the trace stage
    missed), or, in German, a verb in the mood of reported speech. Where a parser ran, only
    the verbs heading a clause count: many reporting verbs are nouns too ("Air crashes
    fell", "a call for calm", "the list")."""
    from storytrace.compare.lexicon import speech_word_starts

    found = speech_word_starts(claim.text, language, _REPORTED_MOOD.get(language, frozenset()))
    if not claim.predicates:
        return bool(found)  # no parse: every word
    verbs = {at for at, _ in claim.verbs}
    return any(s in verbs for s in found)
