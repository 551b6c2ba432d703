"""Claims of two versions aligned to each other, across languages.

Candidates come from multilingual sentence vectors (each claim encoded once per story);
shared numbers and entities confirm a link. Each claim keeps its best counterpart above
the threshold, in both directions, so one claim may align with two that split it
(many-to-one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storytrace.compare.claims import same_entity
from storytrace.compare.numbers import same_quantity
from storytrace.compare.records import Claim

#: Cosine (plus confirmation bonus) at which two claims say the same thing. Tuned on the
#: bundled examples (translations and rewrites of one text); see bench/eval_compare_examples.py.
THRESHOLD = 0.58
#: A second counterpart (many-to-one) must come this close to the best one's score.
SECOND_MARGIN = 0.12


@dataclass(frozen=True, slots=True)
class Link:
    a: int
    b: int
    score: float
    cosine: float


def confirmation(a: Claim, b: Claim) -> float:
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
    return bonus


def align_pair(
    a: Sequence[Claim],
    b: Sequence[Claim],
    va: np.ndarray,
    vb: np.ndarray,
    *,
    threshold: float = THRESHOLD,
) -> list[Link]:
    """Links between the claims of two versions (indices into ``a`` and ``b``)."""
    if not len(a) or not len(b):
        return []
    cos = va @ vb.T
    score = cos.copy()
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
    for i, j in cand:
        score[i, j] += confirmation(a[i], b[j])
    mask = np.full(score.shape, -1.0, dtype=np.float32)
    for i, j in cand:
        mask[i, j] = score[i, j]
    links: dict[tuple[int, int], Link] = {}
    best_a = mask.max(axis=1)
    best_b = mask.max(axis=0)
    for i, j in cand:
        s = float(mask[i, j])
        if s < threshold:
            continue
        if (
            s >= best_a[i] - 1e-9
            or s >= best_b[j] - 1e-9
            or (
                s >= best_a[i] - SECOND_MARGIN
                and s >= best_b[j] - SECOND_MARGIN
                and s >= threshold + 0.05
            )
        ):
            links[(i, j)] = Link(i, j, s, float(cos[i, j]))
    return sorted(links.values(), key=lambda x: (x.a, x.b))


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
