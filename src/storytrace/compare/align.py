"""Claims of two versions aligned to each other, across languages.

Candidates come from multilingual sentence vectors (each claim encoded once per story);
shared numbers and entities confirm a link. Each claim keeps its best counterpart above
the threshold, in both directions, so one claim may align with two that split it
(many-to-one).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from storytrace.compare.claims import same_entity, split_clauses
from storytrace.compare.lexicon import TEXT_CACHE, content_words, fold, vocabulary, words
from storytrace.compare.numbers import same_quantity
from storytrace.compare.records import Claim, Quantity

#: Cosine (plus confirmation bonus) at which two claims say the same thing. Tuned on the
#: bundled examples (translations and rewrites of one text); see bench/eval_compare_examples.py.
THRESHOLD = 0.58
#: A second counterpart (many-to-one) must come this close to the best one's score.
SECOND_MARGIN = 0.12
#: The least likeness for a claim between aligned neighbours to join one of them.
SANDWICH_FLOOR = 0.25
#: Subtracted from the score of two claims that different speakers make.
OTHER_SPEAKER_PENALTY = 0.1
#: A link that is the best for one side only needs this much above the threshold.
ONE_WAY_EXTRA = 0.08
#: A claim left alone whose neighbours are aligned in order takes the claim between
#: them at this much below the threshold (rewrites keep the order of their source).
NEIGHBOUR_SLACK = 0.12
#: A claim left alone joins its neighbour's counterpart at this cosine (merged sentences).
MERGE_FLOOR = 0.45

#: In one language, versions written one from the other (a copy, a rewrite, an update)
#: keep many sentences nearly whole: at least this share of the shorter version's claims
#: has a counterpart this close (cosine). Two reports written apart rarely do.
PARALLEL_COSINE = 0.75
PARALLEL_SHARE = 0.2
#: A version of fewer claims is too short to tell: it counts as written from the other.
PARALLEL_MIN_CLAIMS = 2
#: The score a link between two reports written apart needs to be more than weak. A
#: sentence vector says "same topic" long before it says "same statement": on real pages
#: (session 13) 8 of 30 links read by hand between such reports were one statement, and
#: 6 of the 11 above this score.
INDEPENDENT_THRESHOLD = 0.72
#: ... and its two sentences this close by their vectors alone: shared names add to the
#: score (:func:`confirmation`) of two sentences about one person that say different things.
INDEPENDENT_COSINE = 0.65
#: Up to this cosine such a link is *loose*: it stands only where the rules find the two
#: claims telling one event differently (a figure, a hedge, a source); that they agree is
#: no second origin. On real pages (session 14) most agreeing pairs in this band were two
#: sentences of one topic.
AGREEMENT_COSINE = 0.70

Embed = Callable[[Sequence[str]], np.ndarray]


def parallel(cos: np.ndarray) -> bool:
    """Whether two versions in one language look written one from the other (their claim
    cosines ``cos``): enough of the shorter one's claims have a near-identical
    counterpart."""
    if not cos.size:
        return False
    if min(cos.shape) < PARALLEL_MIN_CLAIMS:
        return True  # one sentence tells nothing of how a version was written
    axis = 1 if cos.shape[0] <= cos.shape[1] else 0
    close = int((cos.max(axis=axis) >= PARALLEL_COSINE).sum())
    return close >= PARALLEL_SHARE * min(cos.shape)


@dataclass(frozen=True, slots=True)
class Link:
    a: int
    b: int
    score: float
    cosine: float
    #: Between two reports written apart, a link below :data:`INDEPENDENT_THRESHOLD` or
    #: :data:`INDEPENDENT_COSINE`, or made by position (:func:`_neighbours`,
    #: :func:`_merges`): likely two sentences of one topic, not one statement. Compared all
    #: the same, but no agreement.
    weak: bool = False
    #: Between two reports written apart, a link under :data:`AGREEMENT_COSINE` that is not
    #: weak: compared, but kept only for a difference (decided in ``compare_versions``).
    loose: bool = False


def confirmation(a: Claim, b: Claim, languages: tuple[str, str] = ("en", "en")) -> float:
    """Bonus for shared numbers and entities (what vectors blur: "14" vs "16" ships still
    align, but a claim with the same figures aligns first)."""
    bonus = 0.0
    used: set[int] = set()
    for qa in a.numbers:
        for k, qb in enumerate(b.numbers):
            if k not in used and same_quantity(qa, qb):
                used.add(k)
                bonus += 0.06
                break
    bonus = min(bonus, 0.18)
    shared = sum(1 for ea in a.entities if any(same_entity(ea, eb) for eb in b.entities))
    bonus += min(0.04 * shared, 0.12)
    shared_dates = len(set(a.dates) & set(b.dates))
    bonus += min(0.03 * shared_dates, 0.06)
    if _other_speaker(a, b):
        bonus -= OTHER_SPEAKER_PENALTY
    wa = {w for w, _, _ in content_words(a.text, languages[0])}
    wb = {w for w, _, _ in content_words(b.text, languages[1])}
    if wa and wb:
        bonus += 0.12 * len(wa & wb) / min(len(wa), len(wb))
    return bonus


def _other_speaker(a: Claim, b: Claim) -> bool:
    """Both claims are attributed, to clearly different speakers (a named person against
    a group, two different names): who says it is part of what is said."""
    from storytrace.compare.relations import _same_source

    if not a.source or not b.source:
        return False
    return not _same_source(a.source, b.source, a.source_kind, b.source_kind)


def _named_apart(a: Claim, b: Claim, lang: str = "en") -> bool:
    """Both claims tell of named people or places (their speakers aside) and neither
    writes a name of the other's: two statements of one topic about different people (two
    matches of one round-up, two companies of one programme), not two versions of one
    statement, however alike their vectors. Where both name people, the people decide
    (two players at one venue are two statements). A telling figure in common, or most of
    the shorter claim's words, still make one statement whose names are written apart
    ("Lind Aero" and "LindAero"). The names are looked for among the other
    claim's words, not only its names, since the tagger may miss a name in one sentence
    ("Velt of Corrow") that it finds in the other. One language only: place names
    are translated ("Allemagne", "Deutschland")."""
    from storytrace.compare.relations import _mostly_in, _told_of

    na, nb = _told_of(a), _told_of(b)
    if not na or not nb:
        return False
    # people first: two players at one venue are still two statements
    pa = [n for n in na if n not in a.places]
    pb = [n for n in nb if n not in b.places]
    if pa and pb:
        na, nb = pa, pb
    if _written_in(na, b.text) or _written_in(nb, a.text):
        return False
    if any(same_quantity(qa, qb) for qa in a.numbers if _telling(qa) for qb in b.numbers):
        return False  # one figure: "a Denver agency ... $318,000", "an agency from Colorado"
    wa, wb = vocabulary(a.text, lang), vocabulary(b.text, lang)
    # most of the shorter one's words: one statement whose names differ
    shorter, longer = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return not (longer and _mostly_in(shorter, longer))


def _telling(q: Quantity) -> bool:
    """A figure two statements are unlikely to share by chance: money, a share, or a
    count of a thousand or more (not "10 points" or a "6-2" set of one round-up)."""
    return q.kind in ("money", "percent") or (q.kind == "count" and abs(q.value) >= 1000)


def _written_in(names: Sequence[str], text: str) -> bool:
    """Whether a word of one of ``names`` (three letters or more, or the whole name) is a
    word of ``text`` or a part of a hyphenated one (a possessive "'s" aside). A score the
    tagger took into a name ("Aron Lind 6-2") is no word of it."""
    seen, folded = _written_words(text)
    for name in names:
        parts = [p for p in name.split() if not any(ch.isdigit() for ch in p)]
        if any(len(p) > 2 and p in seen for p in parts) or f" {name} " in folded:
            return True
    return False


@lru_cache(maxsize=TEXT_CACHE)  # each claim is a candidate in many version pairs
def _written_words(text: str) -> tuple[frozenset[str], str]:
    """The folded words of ``text`` with their hyphen parts and possessors, and the folded
    text padded with spaces."""
    seen: set[str] = set()
    folded: list[str] = []
    for w, _, _ in words(text):
        f = fold(w)
        folded.append(f)
        seen.add(f)
        seen.update(f.split("-"))  # "Corrow-born"
        if f.endswith("'s"):
            seen.add(f[:-2])
    return frozenset(seen), f" {' '.join(folded)} "


def align_pair(
    a: Sequence[Claim],
    b: Sequence[Claim],
    va: np.ndarray,
    vb: np.ndarray,
    *,
    threshold: float = THRESHOLD,
    embed: Embed | None = None,
    languages: tuple[str, str] = ("en", "en"),
) -> list[Link]:
    """Links between the claims of two versions (indices into ``a`` and ``b``).

    ``embed`` (the story's cached encoder) lets a claim left alone align with the clause
    of a longer claim that says it (one version merges what the other splits)."""
    if not len(a) or not len(b):
        return []
    cos = va @ vb.T
    # confirm only the candidates the vectors propose (top 3 each way): cheap on long texts
    cand: set[tuple[int, int]] = set()
    k = min(3, len(b))
    for i in range(len(a)):
        for j in np.argpartition(-cos[i], k - 1)[:k]:
            cand.add((i, int(j)))
    k = min(3, len(a))
    for j in range(len(b)):
        for i in np.argpartition(-cos[:, j], k - 1)[:k]:
            cand.add((int(i), j))
    score = np.full(cos.shape, -1.0, dtype=np.float32)
    same_language = languages[0] == languages[1]
    for i, j in cand:
        if same_language and _named_apart(a[i], b[j], languages[0]):
            continue  # stays at -1: never linked, not even as a neighbour (below)
        score[i, j] = cos[i, j] + confirmation(a[i], b[j], languages)
    links: dict[tuple[int, int], Link] = {}
    best_a = score.max(axis=1)
    best_b = score.max(axis=0)
    for i, j in cand:
        s = float(score[i, j])
        if s < threshold:
            continue
        mutual = s >= best_a[i] - 1e-9 and s >= best_b[j] - 1e-9
        one_way = s >= best_a[i] - 1e-9 or s >= best_b[j] - 1e-9
        # a claim that is only the other's best (a general sentence many claims resemble)
        # needs more than the threshold: it must not collect every claim of the story
        if (
            mutual
            or (one_way and s >= threshold + ONE_WAY_EXTRA)
            or (
                s >= best_a[i] - SECOND_MARGIN
                and s >= best_b[j] - SECOND_MARGIN
                and s >= threshold + ONE_WAY_EXTRA
            )
        ):
            links[(i, j)] = Link(i, j, s, float(cos[i, j]))
    direct = set(links)
    lang = languages[0]
    apart = (lambda x, y: _named_apart(x, y, lang)) if same_language else (lambda x, y: False)
    _neighbours(links, score, cos, threshold - NEIGHBOUR_SLACK, a, b, apart)
    _merges(links, a, b, va, vb, cos, embed, apart)
    if languages[0] != languages[1]:
        _sandwiched(links, a, b, va, vb, cos, embed)
    elif not parallel(cos):
        links = {
            k: _loose(lk)
            if lk.score >= INDEPENDENT_THRESHOLD and lk.cosine >= INDEPENDENT_COSINE and k in direct
            else _weak(lk)
            for k, lk in links.items()
        }
    return sorted(links.values(), key=lambda x: (x.a, x.b))


def _weak(link: Link) -> Link:
    return Link(link.a, link.b, link.score, link.cosine, weak=True)


def _loose(link: Link) -> Link:
    if link.cosine >= AGREEMENT_COSINE:
        return link
    return Link(link.a, link.b, link.score, link.cosine, loose=True)


def _neighbours(
    links: dict[tuple[int, int], Link],
    score: np.ndarray,
    cos: np.ndarray,
    floor: float,
    a: Sequence[Claim],
    b: Sequence[Claim],
    apart: Callable[[Claim, Claim], bool],
) -> None:
    """Claims left alone next to aligned ones: the claim between two aligned pairs in
    order takes its counterpart at a lower bar; a claim whose neighbour's counterpart also
    says it is handled by :func:`_merges`."""
    done_a = {i for i, _ in links}
    done_b = {j for _, j in links}
    for i, j in sorted(links):
        for di in (-1, 1):
            ni, nj = i + di, j + di
            if not (0 <= ni < score.shape[0] and 0 <= nj < score.shape[1]):
                continue
            if ni in done_a or nj in done_b or apart(a[ni], b[nj]):
                continue
            s = max(float(score[ni, nj]), float(cos[ni, nj]))
            if s >= floor:
                links[(ni, nj)] = Link(ni, nj, s, float(cos[ni, nj]))
                done_a.add(ni)
                done_b.add(nj)


def _partners(
    links: dict[tuple[int, int], Link],
) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """For each aligned claim of a, its counterparts in b; and the same from b's side."""
    part_a: dict[int, set[int]] = {}
    part_b: dict[int, set[int]] = {}
    for i, j in links:
        part_a.setdefault(i, set()).add(j)
        part_b.setdefault(j, set()).add(i)
    return part_a, part_b


def _merges(
    links: dict[tuple[int, int], Link],
    a: Sequence[Claim],
    b: Sequence[Claim],
    va: np.ndarray,
    vb: np.ndarray,
    cos: np.ndarray,
    embed: Embed | None,
    apart: Callable[[Claim, Claim], bool],
) -> None:
    """A claim left alone next to an aligned one joins its neighbour's counterpart when
    that counterpart (or one of its clauses) says it: one version merges two sentences."""
    part_a, part_b = _partners(links)
    for side in ("a", "b"):
        mine, theirs = (a, b) if side == "a" else (b, a)
        parts = part_a if side == "a" else part_b
        for x in range(len(mine)):
            if x in parts:
                continue
            near = sorted(parts.get(x - 1, set()) | parts.get(x + 1, set()))
            best: tuple[float, int] | None = None
            for y in near:
                pair = (mine[x], theirs[y]) if side == "a" else (theirs[y], mine[x])
                if _other_speaker(*pair) or apart(*pair):
                    continue
                sim = float(cos[x, y] if side == "a" else cos[y, x])
                if embed is not None:
                    pieces = [theirs[y].text[s:e] for s, e in split_clauses(theirs[y].text)]
                    if len(pieces) > 1:
                        own = [mine[x].text[s:e] for s, e in split_clauses(mine[x].text)]
                        mine_vecs = np.vstack(
                            [
                                va[x] if side == "a" else vb[x],
                                *([embed(own)] if len(own) > 1 else []),
                            ]
                        )
                        sim = max(sim, float((embed(pieces) @ mine_vecs.T).max()))
                if sim >= MERGE_FLOOR and (best is None or sim > best[0]):
                    best = (sim, y)
            if best is not None:
                i, j = (x, best[1]) if side == "a" else (best[1], x)
                links[(i, j)] = Link(i, j, best[0], float(cos[i, j]))


def _sandwiched(
    links: dict[tuple[int, int], Link],
    a: Sequence[Claim],
    b: Sequence[Claim],
    va: np.ndarray,
    vb: np.ndarray,
    cos: np.ndarray,
    embed: Embed | None,
) -> None:
    """Across languages, a claim left alone between two aligned neighbours whose
    counterparts are adjacent (nothing between them on the other side) is a piece of one
    of them that the translation split off: it joins the one its clauses resemble more.
    Vectors of a short sentence against a long one in another language are too weak to
    find this by likeness alone."""
    part_a, part_b = _partners(links)
    for side in ("a", "b"):
        mine, theirs = (a, b) if side == "a" else (b, a)
        parts = part_a if side == "a" else part_b
        for x in range(1, len(mine) - 1):
            if x in parts or (x - 1) not in parts or (x + 1) not in parts:
                continue
            before, after = max(parts[x - 1]), min(parts[x + 1])
            if after - before != 1 or mine[x].paragraph not in (
                mine[x - 1].paragraph,
                mine[x + 1].paragraph,
            ):
                continue
            best: tuple[float, int] | None = None
            for y in (before, after):
                sim = float(cos[x, y] if side == "a" else cos[y, x])
                if embed is not None:
                    pieces = [mine[x].text] + [
                        mine[x].text[s:e] for s, e in split_clauses(mine[x].text)
                    ]
                    other = [theirs[y].text] + [
                        theirs[y].text[s:e] for s, e in split_clauses(theirs[y].text)
                    ]
                    sim = max(sim, float((embed(pieces) @ embed(other).T).max()))
                if sim >= SANDWICH_FLOOR and (best is None or sim > best[0]):
                    best = (sim, y)
            if best is not None:
                i, j = (x, best[1]) if side == "a" else (best[1], x)
                links[(i, j)] = Link(i, j, best[0], float(cos[i, j]))


def groups(links: Sequence[tuple[str, str]]) -> list[tuple[str, ...]]:
    """Connected claim ids (union-find over links), each group in first-seen order."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    order: list[str] = []
    for x, y in links:
        for z in (x, y):
            if z not in parent:
                order.append(z)
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[ry] = rx
    out: dict[str, list[str]] = {}
    for z in order:
        out.setdefault(find(z), []).append(z)
    return [tuple(g) for g in out.values()]
