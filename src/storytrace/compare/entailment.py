"""Does a premise entail, leave open, or contradict a hypothesis?

:class:`Entailment` is the interface every judge satisfies: ``scores(premise, hypothesis)``
returns probabilities for ``entailment``, ``neutral`` and ``contradiction`` that sum to 1.
The default is :class:`RuleEntailment`: lexical coverage of the hypothesis by the premise,
and contradiction signals (negation flip, refutation words, antonyms, number mismatch,
argument swap) with hedges pulling towards neutral. It needs no model and no training.

Plugging in an NLI model (any cross-encoder the user has installed)::

    from storytrace.compare.entailment import CrossEncoderEntailment, use_entailment
    use_entailment(CrossEncoderEntailment("cross-encoder/nli-deberta-v3-small"), weight=0.7)

After that, :func:`get_entailment` (which the compare and stance code call) returns a
:class:`CombinedEntailment`: the model's probabilities averaged with the rules' with
``weight`` on the model, so rule evidence (a refutation word, a swapped number) still
counts. ``use_entailment(None)`` restores the rules alone. Any object with a ``name`` and a
``scores`` method works, e.g. a wrapper around a remote service.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

from storytrace.compare import lexicon_stance as lx
from storytrace.stories.features import fold

LABELS = ("entailment", "neutral", "contradiction")


@runtime_checkable
class Entailment(Protocol):
    """A judge of premise → hypothesis (NLI)."""

    #: Short name, recorded with the relations it judged.
    name: str

    def scores(self, premise: str, hypothesis: str) -> dict[str, float]:
        """{"entailment": p, "neutral": p, "contradiction": p}, summing to 1."""
        ...


def top_label(scores: dict[str, float]) -> str:
    """The label with the highest score (ties go to neutral, the cautious answer)."""
    best = max(scores.values())
    if scores.get("neutral", 0.0) == best:
        return "neutral"
    return max(LABELS, key=lambda k: scores.get(k, 0.0))


def _normalised(raw: dict[str, float]) -> dict[str, float]:
    vals = {k: max(0.0, float(raw.get(k, 0.0))) for k in LABELS}
    total = sum(vals.values())
    if total <= 0:
        return {"entailment": 0.0, "neutral": 1.0, "contradiction": 0.0}
    return {k: v / total for k, v in vals.items()}


# ---------------------------------------------------------------- rule signals

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:'\w+)?", re.UNICODE)
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
_PASSIVE_AUX = frozenset("is are was were been be being get got gets".split())
_ANTONYM_OF: dict[str, frozenset[str]] = {}
for _a, _b in lx.ANTONYMS:
    _ANTONYM_OF[_a] = _ANTONYM_OF.get(_a, frozenset()) | {_b}
    _ANTONYM_OF[_b] = _ANTONYM_OF.get(_b, frozenset()) | {_a}


def tokens(text: str) -> list[str]:
    """Folded word tokens; "n't" joins its verb as "nt" ("didn't" → "didnt")."""
    folded = fold(text).replace("’", "'").replace("n't", "nt")
    out = []
    for tok in _TOKEN.findall(folded):
        if "'" in tok:
            head, _, tail = tok.partition("'")
            out.append(head)
            if tail and tail != "s":
                out.append(tail)
        else:
            out.append(tok)
    return out


def stem(word: str) -> str:
    """A cheap, language-blind stem: the first six letters (numbers whole)."""
    return word if word[:1].isdigit() else word[:6]


def content_stems(toks: Sequence[str]) -> list[str]:
    """Stems of the words that carry content (no function words, 3+ letters or a number)."""
    return [
        stem(t)
        for t in toks
        if (t[:1].isdigit() or len(t) >= 3) and t not in lx.STOPWORDS and t not in lx.NEGATORS
    ]


def _phrase_hits(toks: Sequence[str], phrases: Sequence[str]) -> list[str]:
    joined = " " + " ".join(toks) + " "
    out = []
    for p in phrases:
        at = joined.find(f" {p} ")
        while at >= 0:
            after = joined[at + len(p) + 2 :]
            if not any(after.startswith(w + " ") for w in lx.PHRASE_NOT_BEFORE.get(p, ())):
                out.append(p)
                break
            at = joined.find(f" {p} ", at + 1)
    return out


def _numbers(toks: Sequence[str]) -> set[str]:
    return {t.replace(",", "") for t in toks if _NUMBER.match(t)}


@dataclass(slots=True)
class Signals:
    """What the rules saw in one premise/hypothesis pair (kept as evidence)."""

    #: Share of the hypothesis' content stems found in the premise.
    coverage: float = 0.0
    negation_flip: bool = False
    refutation: list[str] = field(default_factory=list)
    hedges: list[str] = field(default_factory=list)
    antonyms: list[tuple[str, str]] = field(default_factory=list)
    #: Numbers of the hypothesis absent from a premise that gives other numbers.
    number_mismatch: list[str] = field(default_factory=list)
    #: (x, y): the hypothesis has x before y around a shared verb, the premise the reverse.
    role_swap: tuple[str, str] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "coverage": round(self.coverage, 3),
            "negation_flip": self.negation_flip,
            "refutation": self.refutation,
            "hedges": self.hedges,
            "antonyms": [list(p) for p in self.antonyms],
            "number_mismatch": self.number_mismatch,
            "role_swap": list(self.role_swap) if self.role_swap else None,
        }


def refutation_cues(toks: Sequence[str]) -> list[str]:
    """Refutation words and phrases in a token list (in order of the lexicon)."""
    return [t for t in toks if t in lx.REFUTE_WORDS] + _phrase_hits(toks, lx.REFUTE_PHRASES)


#: Tokens looked back from a cue word for a negator that takes it back ("not a hoax").
NEGATION_REACH = 2


def _negated_at(toks: Sequence[str], i: int) -> bool:
    return any(_is_negator(t) for t in toks[max(0, i - NEGATION_REACH) : i])


def strong_refutation_cues(toks: Sequence[str], language: str | None = None) -> list[str]:
    """Refutations the text asserts itself ("hoax", "not true"), not denials it reports.
    ``language`` drops cue words that mean something else in it ("faux pas"). A negated cue
    ("not a hoax", "isn't fake") says the opposite and is left out (see
    :func:`negated_refutation_cues`)."""
    skip = lx.FALSE_FRIENDS.get(language or "", frozenset())
    words = [
        t
        for i, t in enumerate(toks)
        if t in lx.REFUTE_STRONG and t not in skip and not _negated_at(toks, i)
    ]
    return words + _phrase_hits(toks, lx.REFUTE_STRONG_PHRASES)


def negated_refutation_cues(toks: Sequence[str], language: str | None = None) -> list[str]:
    """Refutation words the text takes back ("no hoax", "they're not fake"): it vouches
    for what others call false."""
    skip = lx.FALSE_FRIENDS.get(language or "", frozenset())
    return [
        t
        for i, t in enumerate(toks)
        if t in lx.REFUTE_STRONG and t not in skip and _negated_at(toks, i)
    ]


def reported_refutation_cues(toks: Sequence[str]) -> list[str]:
    """Denials and disputes the text reports ("denied", "dismissed", "no proof")."""
    return [t for t in toks if t in lx.REFUTE_REPORTED] + _phrase_hits(
        toks, lx.REFUTE_REPORTED_PHRASES
    )


#: Coordinators among :data:`~storytrace.compare.lexicon_stance.SUBORDINATORS`.
_COORDINATORS = frozenset("but mais aber".split())
#: Words that open another clause after a negator ("not to" is the negated verb's own).
_CLAUSE_OPENERS = lx.SUBORDINATORS - _COORDINATORS - {"to"}


def negated_predicates(toks: Sequence[str], *, main_clause: bool = False) -> list[str]:
    """Stems of the content words a verb negation applies to: the first content word
    after "not", "never", "didn't"... skipping function words and softeners ("did not
    actually adopt" -> "adopt"). "No" before a noun is left out: it negates a thing, not
    the statement ("no comment"). ``main_clause`` keeps only negations before the first
    subordinating word ("... so he won't ...", "... for not ..." negate a side clause);
    "but" joins two main clauses ("X, but not to Y" asserts the contrast), so it does not stop."""
    out = []
    for i, t in enumerate(toks):
        if main_clause and t in lx.SUBORDINATORS and t not in _COORDINATORS:
            break
        if t not in lx.VERB_NEGATORS and not (t.endswith("nt") and t[:-2] in _AUX):
            continue
        for nxt in toks[i + 1 : i + 4]:
            if nxt in _CLAUSE_OPENERS:
                break  # the negated verb is not across a clause edge ("won't say if X")
            if nxt in lx.STOPWORDS or nxt in lx.SOFTENERS or _is_negator(nxt):
                continue
            if len(nxt) >= 3 or nxt[:1].isdigit():
                out.append(stem(nxt))
            break
    return out


def negation_count(toks: Sequence[str]) -> int:
    """How many negators a token list has ("not", "never", "didn't", "pas", ...)."""
    return _negations(toks)


def hedge_cues(toks: Sequence[str], *, main_clause: bool = False) -> list[str]:
    """Hedging and attribution words and phrases in a token list. ``main_clause`` leaves
    out a hedge that opens a relative clause ("the woman who claimed ..."): it describes
    a participant; it does not hedge what the text says about her."""
    return [
        t
        for i, t in enumerate(toks)
        if t in lx.HEDGE_WORDS and not (main_clause and i and toks[i - 1] in lx.RELATIVES)
    ] + _phrase_hits(toks, lx.HEDGE_PHRASES)


def _is_negator(t: str) -> bool:
    return t in lx.NEGATORS or (t.endswith("nt") and t[:-2] in _AUX)


def _negations(toks: Sequence[str]) -> int:
    return sum(1 for t in toks if _is_negator(t))


_AUX = frozenset("is are was were do does did has have had could would should wo ca".split())


#: Content words looked at on each side of a pivot word when reading argument order.
ARG_WINDOW = 6


def _argument_sides(toks: Sequence[str], shared: set[str]) -> dict[str, tuple[set[str], set[str]]]:
    """For each shared content stem (the pivot, e.g. a verb): the shared stems within
    :data:`ARG_WINDOW` content words before and after it, in active-voice order (a passive
    "Y was beaten by X" is read as X before Y)."""
    stems = [stem(t) if t not in lx.STOPWORDS else "" for t in toks]
    content = [i for i, s in enumerate(stems) if s]
    out: dict[str, tuple[set[str], set[str]]] = {}
    for n, i in enumerate(content):
        pivot = stems[i]
        if pivot not in shared or pivot in out:
            continue
        left = {stems[j] for j in content[max(0, n - ARG_WINDOW) : n]} & shared - {pivot}
        right = {stems[j] for j in content[n + 1 : n + 1 + ARG_WINDOW]} & shared - {pivot}
        passive = (i > 0 and toks[i - 1] in _PASSIVE_AUX) and "by" in toks[i + 1 : i + 4]
        out[pivot] = (right, left) if passive else (left, right)
    return out


def _role_swap(
    h_toks: Sequence[str], p_toks: Sequence[str], shared: set[str]
) -> tuple[str, str] | None:
    """(x, y) when the hypothesis has x before and y after a pivot the premise has with
    y before and x after (and not also x before): who did what to whom is swapped."""
    h_sides = _argument_sides(h_toks, shared)
    p_sides = _argument_sides(p_toks, shared)
    for pivot, (h_left, h_right) in h_sides.items():
        if pivot not in p_sides:
            continue
        p_left, p_right = p_sides[pivot]
        moved_right = (h_left & p_right) - p_left
        moved_left = (h_right & p_left) - p_right
        if moved_right and moved_left:
            return (sorted(moved_right)[0], sorted(moved_left)[0])
    return None


def rule_signals(premise: str, hypothesis: str) -> Signals:
    """Every rule signal for the pair (see :class:`Signals`)."""
    p_toks, h_toks = tokens(premise), tokens(hypothesis)
    p_stems, h_stems = set(content_stems(p_toks)), content_stems(h_toks)
    sig = Signals()
    if not h_stems:
        return sig
    h_set = set(h_stems)
    shared = h_set & p_stems
    sig.coverage = len(shared) / len(h_set)
    sig.negation_flip = (_negations(p_toks) % 2) != (_negations(h_toks) % 2)
    sig.refutation = [c for c in refutation_cues(p_toks) if c not in set(h_toks)]
    sig.hedges = [c for c in hedge_cues(p_toks) if c not in set(h_toks)]
    p_words = set(p_toks)
    h_words = set(h_toks)
    for w in h_toks:
        for anti in _ANTONYM_OF.get(w, ()):
            if anti in p_words and anti not in h_words and w not in p_words:
                sig.antonyms.append((w, anti))
    p_nums, h_nums = _numbers(p_toks), _numbers(h_toks)
    if p_nums and h_nums:
        sig.number_mismatch = sorted(h_nums - p_nums)
    if len(shared) >= 3:
        sig.role_swap = _role_swap(h_toks, p_toks, shared)
    return sig


class RuleEntailment:
    """The default judge: transparent rules, no model.

    Entailment grows with how much of the hypothesis the premise covers; each
    contradiction signal, weighted by that coverage (a refutation of something else is no
    contradiction), moves mass to contradiction; hedges in the premise move mass to
    neutral (the premise reports the claim without vouching for it).
    """

    name = "rules"

    #: How strongly each signal argues for contradiction when coverage is complete. Coarse,
    #: hand-set from what each signal means (an explicit refutation word is the surest).
    WEIGHTS: ClassVar[dict[str, float]] = {
        "refutation": 0.8,
        "negation_flip": 0.7,
        "antonym": 0.7,
        "role_swap": 0.8,
        "number_mismatch": 0.5,
    }

    def signals(self, premise: str, hypothesis: str) -> Signals:
        return rule_signals(premise, hypothesis)

    def scores(self, premise: str, hypothesis: str) -> dict[str, float]:
        return self.scores_from(rule_signals(premise, hypothesis))

    def scores_from(self, sig: Signals) -> dict[str, float]:
        """Scores for already computed signals (callers that also want the evidence)."""
        w = self.WEIGHTS
        cov = sig.coverage
        strength = max(
            w["refutation"] if sig.refutation else 0.0,
            w["negation_flip"] if sig.negation_flip else 0.0,
            w["antonym"] if sig.antonyms else 0.0,
            w["role_swap"] if sig.role_swap else 0.0,
            w["number_mismatch"] if sig.number_mismatch else 0.0,
        )
        contradiction = strength * cov
        hedge = min(1.0, 0.35 * len(sig.hedges))
        entailment = cov**2 * (1.0 - contradiction) * (1.0 - 0.6 * hedge)
        neutral = max(0.0, 1.0 - entailment - contradiction)
        return _normalised(
            {"entailment": entailment, "neutral": neutral, "contradiction": contradiction}
        )


class CombinedEntailment:
    """A model's scores averaged with the rules' (``weight`` on the model)."""

    def __init__(self, model: Entailment, weight: float = 0.7, rules: Entailment | None = None):
        if not 0.0 <= weight <= 1.0:
            raise ValueError(f"weight must be in [0, 1], not {weight}")
        self.model = model
        self.rules = rules or RuleEntailment()
        self.weight = weight
        self.name = f"{model.name}+{self.rules.name}"

    def scores(self, premise: str, hypothesis: str) -> dict[str, float]:
        m = _normalised(self.model.scores(premise, hypothesis))
        r = _normalised(self.rules.scores(premise, hypothesis))
        return {k: self.weight * m[k] + (1 - self.weight) * r[k] for k in LABELS}


class CrossEncoderEntailment:
    """An NLI cross-encoder from sentence-transformers (installed by the user).

    ``labels`` is the model's output order; the common NLI cross-encoders use
    contradiction, entailment, neutral. Loaded on first use.
    """

    def __init__(
        self,
        model: str | Any,
        labels: Sequence[str] = ("contradiction", "entailment", "neutral"),
    ) -> None:
        if sorted(labels) != sorted(LABELS):
            raise ValueError(f"labels must name {LABELS} once each, not {tuple(labels)}")
        self.labels = tuple(labels)
        self._spec = model if isinstance(model, str) else None
        self._model = None if isinstance(model, str) else model
        self.name = f"nli:{self._spec or type(model).__name__}"
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                from storytrace.errors import StorytraceError

                try:
                    from sentence_transformers import CrossEncoder
                except ImportError as exc:
                    raise StorytraceError(
                        f"{self.name} needs sentence-transformers: pip install "
                        "sentence-transformers"
                    ) from exc
                self._model = CrossEncoder(self._spec)
        return self._model

    def scores(self, premise: str, hypothesis: str) -> dict[str, float]:
        import numpy as np

        model = self._model or self._load()
        logits = np.asarray(model.predict([(premise, hypothesis)]), dtype=np.float64)
        logits = logits.reshape(-1)[: len(self.labels)]
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        return {label: float(p) for label, p in zip(self.labels, probs, strict=True)}


_installed: Entailment | None = None
_default = RuleEntailment()


def use_entailment(model: Entailment | None, *, weight: float = 0.7) -> None:
    """Install ``model`` for every later :func:`get_entailment` call, combined with the
    rules (``weight`` on the model; 1.0 = the model alone). None restores the rules."""
    global _installed
    if model is None:
        _installed = None
    elif weight >= 1.0:
        _installed = model
    else:
        _installed = CombinedEntailment(model, weight=weight)


def get_entailment() -> Entailment:
    """The judge in use: the installed model combined with the rules, or the rules."""
    return _installed or _default
