"""Whether a clause of one version is said by the other, across languages.

A clause of an aligned claim that its counterpart does not say is new information (an
addition, or an omission seen from the other side). Across languages its words cannot be
compared, and the sentence encoder's cosine of a short clause to its own translation
overlaps that of an unrelated clause, so one cosine cut-off does not separate them
(docs/compare-core.md). Here several signals are combined by a small logistic model:

- ``s_al``: the clause's best cosine against the counterpart claims and their clauses;
- ``best``: its best cosine against every sentence and clause of the other version (said
  elsewhere there is not new);
- word coverage: each content word of the clause is encoded alone (the multilingual
  encoder puts a word near its translation: "enquêteurs"/"investigators" 0.88, against
  about 0.5 for unrelated words) and takes its best cosine among the content words of the
  counterparts (``w_al`` the mean, ``f_al`` the share at 0.72 or more, ``wmin_al`` the
  least) and of the whole other version (``w_all``).

Chinese and Japanese text has no spaces, so its "words" are whole runs and word coverage
means nothing: with either side in those scripts only ``s_al`` and ``best`` are used.

Only clauses without a figure, date or name are judged this way (those are checked
directly: they survive translation), and only across languages; where the probability
is at least :data:`storytrace.compare.relations.NEW_CLAUSE_P` the clause is flagged.

The weights were fitted on X-PARADE's dev split (hypothesis clauses of aligned claims,
each weighted by its tokens, target the share of its tokens a majority of annotators
marked "new information"; plain gradient descent, L2 1.0 on standardised features),
never on its test split or the bundled examples.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from storytrace.compare.lexicon import content_words

Embed = Callable[[Sequence[str]], np.ndarray]

#: A word and its translation: encoded alone, their cosine is at least this (most pairs
#: measured 0.75-0.94; unrelated words of one text 0.35-0.6).
WORD_MATCH = 0.72

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class Model:
    """Logistic weights on raw feature values (``bias`` + sum of weight x value)."""

    weights: tuple[tuple[str, float], ...]
    bias: float

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(w * features[name] for name, w in self.weights)
        return 1.0 / (1.0 + math.exp(-z))


#: Fitted on X-PARADE dev (see the module doc): space-separated languages on both sides.
WORDS = Model(
    (
        ("s_al", -1.18),
        ("best", -5.16),
        ("w_al", 0.45),
        ("f_al", -1.19),
        ("wmin_al", -5.92),
        ("w_all", -2.49),
    ),
    6.87,
)
#: Fitted on X-PARADE dev, pairs with Chinese on one side: clause vectors only.
VECTORS = Model((("s_al", -4.71), ("best", -3.04)), 2.39)


def unspaced(text: str) -> bool:
    """Whether ``text`` is written without spaces between words (Chinese, Japanese)."""
    return len(_CJK.findall(text)) * 4 > len(text)


def surface_words(text: str, language: str) -> list[str]:
    """The content words of ``text`` as written."""
    return [text[s:e] for _, s, e in content_words(text, language)]


def clause_features(
    piece: str,
    language: str,
    counterparts: Sequence[str],
    counterpart_words: Sequence[str],
    other_units: Sequence[str],
    other_words: Sequence[str],
    embed: Embed,
    *,
    words: bool = True,
) -> dict[str, float]:
    """The model's features of ``piece`` (a clause of a claim in ``language``) against its
    counterpart claims and clauses, and against every sentence and clause (``other_units``)
    and content word of the other version. ``words``: compute the word coverage."""
    v = embed([piece])
    s_al = float((v @ embed(counterparts).T).max()) if counterparts else 0.0
    best = float((v @ embed(other_units).T).max()) if other_units else 0.0
    out = {"s_al": s_al, "best": max(best, s_al)}
    if not words:
        return out
    mine = surface_words(piece, language)
    if not mine or not counterpart_words or not other_words:
        return out  # nothing to cover word by word: the vectors alone decide
    wv = embed(mine)
    near = (wv @ embed(counterpart_words).T).max(axis=1)
    far = (wv @ embed(other_words).T).max(axis=1)
    return {
        **out,
        "w_al": float(near.mean()),
        "f_al": float((near >= WORD_MATCH).mean()),
        "wmin_al": float(near.min()),
        "w_all": float(np.maximum(far, near).mean()),
    }


def new_information(features: dict[str, float]) -> float:
    """The model's probability that the clause is not said by the other version."""
    model = WORDS if "w_al" in features else VECTORS
    return model.probability(features)


def fit(
    rows: Sequence[dict[str, float]],
    names: Sequence[str],
    targets: Sequence[float],
    weights: Sequence[float],
    *,
    l2: float = 1.0,
    iterations: int = 4000,
    rate: float = 0.5,
) -> Model:
    """A logistic model of ``targets`` (shares in [0, 1]) on the ``names`` features of
    ``rows``, each row weighted (its tokens): gradient descent on standardised features
    with an L2 penalty, weights returned on the raw values. How the shipped weights were
    made (:func:`storytrace.eval.divergence.fit_coverage`)."""
    x = np.array([[r[n] for n in names] for r in rows], dtype=np.float64)
    y = np.asarray(targets, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-z @ beta))
        grad = z.T @ (w * (p - y)) / w.sum() + l2 * np.r_[beta[:-1], 0.0] / w.sum()
        beta -= rate * grad
    raw = beta[:-1] / sd
    bias = float(beta[-1] - (beta[:-1] * mu / sd).sum())
    return Model(
        tuple((n, round(float(v), 2)) for n, v in zip(names, raw, strict=True)), round(bias, 2)
    )
