"""The relation of each aligned pair of claims, with confidence and evidence.

Kinds describe version b against version a: "hedge added" = b hedges what a asserted;
"more specific" = b carries details a lacks. One aligned pair may differ in several ways
(a dropped source *and* an added "reportedly"): each way is its own relation. A pair with
no difference gets one agreeing relation (same, paraphrase, more or less specific).

Evidence marks are (start, end) offsets into the evidence sentences.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from storytrace.compare.claims import same_entity
from storytrace.compare.lexicon import fold, hedges_in, negations_in, words
from storytrace.compare.numbers import same_quantity
from storytrace.compare.records import Claim, Quantity, Relation, RelationKind, Version
from storytrace.trace.outlets import ANAPHORS

#: Contradictions need the two claims to be about the same thing: a vector cosine at
#: least this high (same language / across languages), on top of the alignment.
CONFLICT_COSINE = 0.6
CONFLICT_COSINE_CROSS = 0.68
#: A fragment one side lacks is flagged when at most this share of its content words
#: occurs anywhere in the other version (otherwise it is said elsewhere, or reworded).
FRAGMENT_FOUND_MAX = 0.5


class EntailmentLike(Protocol):
    name: str

    def scores(self, premise: str, hypothesis: str) -> dict[str, float]: ...


@dataclass(slots=True)
class PairContext:
    """What relations of one pair of versions need beyond the two claims."""

    va: Version
    vb: Version
    #: b credits a's outlet at the top ("X reported that ..."): b re-reports a, and its
    #: unattributed or a-attributed claims carry a's own attributions.
    b_cites_a: bool = False
    a_vocab: set[str] = field(default_factory=set)
    b_vocab: set[str] = field(default_factory=set)

    @property
    def same_language(self) -> bool:
        return self.va.language == self.vb.language


# ------------------------------------------------------------------ words


@lru_cache(maxsize=16)
def stop_words(language: str) -> frozenset[str]:
    """Function words of ``language`` (spaCy's lists, which need no model), folded."""
    import importlib

    try:
        mod = importlib.import_module(f"spacy.lang.{language}.stop_words")
        words_ = set(mod.STOP_WORDS)
    except ImportError:
        words_ = set()
    words_ |= {"said", "says", "say", "told", "added", "reported", "according"}
    return frozenset(fold(w) for w in words_)


def stem(word: str) -> str:
    w = fold(word).strip("'")
    for suffix in ("ies", "es", "s", "ed", "ing", "ly", "en", "e"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    return w[:7]


def content_words(text: str, language: str) -> list[tuple[str, int, int]]:
    stops = stop_words(language)
    return [
        (stem(w), s, e)
        for w, s, e in words(text)
        if fold(w) not in stops and not w.isdigit() and len(w) > 1
    ]


def vocabulary(text: str, language: str) -> set[str]:
    return {w for w, _, _ in content_words(text, language)}


# ------------------------------------------------------------------ sources


def _name_words(s: str) -> set[str]:
    return {fold(w) for w, _, _ in words(s) if len(w) > 2 and w[:1].isupper()} | {
        fold(w) for w, _, _ in words(s) if len(w) > 3 and fold(w) not in stop_words("en")
    }


def cites_outlet(source: str | None, outlet: str | None) -> bool:
    """Whether ``source`` names ``outlet`` ("the Gazette" for "Harbour Gazette") or refers
    back to a newspaper ("the newspaper", "the regional newspaper")."""
    if not source:
        return False
    toks = [fold(w) for w, _, _ in words(source)]
    if toks and toks[-1] in ANAPHORS and len(toks) <= 3:
        return True
    if not outlet:
        return False
    ow = {fold(w) for w, _, _ in words(outlet)} - stop_words("en") - stop_words("fr") - {"l'echo"}
    ow |= {fold(w)[2:] for w, _, _ in words(outlet) if fold(w).startswith(("l'", "d'"))}
    sw = {fold(w) for w, _, _ in words(source)} | {
        fold(w)[2:] for w, _, _ in words(source) if fold(w).startswith(("l'", "d'"))
    }
    return bool(ow & sw)


def b_cites_a(claims_b: Sequence[Claim], va: Version) -> bool:
    """b credits a's outlet in its first paragraph: a declared re-report of a."""
    first = [c for c in claims_b if c.paragraph == 0]
    return any(
        cites_outlet(c.source, va.outlet) and c.source and not _anaphor_only(c.source)
        for c in first
    )


def _anaphor_only(source: str) -> bool:
    toks = [fold(w) for w, _, _ in words(source)]
    return bool(toks) and toks[-1] in ANAPHORS and len(toks) <= 3


_ANON = ("anonymous", "anonymous group")
_NAMED = ("named person", "organisation", "media outlet", "document", "role")


def _same_source(sa: str, sb: str, ka: str | None, kb: str | None) -> bool:
    ea, eb = _name_words(sa), _name_words(sb)
    if ea & eb:
        return True
    if (ka in _ANON) != (kb in _ANON):
        return False
    # both anonymous, or names that differ only across languages: not a change we can show
    return not (ka == "named person" and kb == "named person")


# ------------------------------------------------------------------ relations


def _rel(
    kind: RelationKind,
    a: Claim | None,
    b: Claim | None,
    conf: float,
    why: str,
    ctx: PairContext,
    a_marks: Sequence[tuple[int, int]] = (),
    b_marks: Sequence[tuple[int, int]] = (),
    **extra: Any,
) -> Relation:
    ev: dict[str, Any] = {
        "a": a.text if a else None,
        "b": b.text if b else None,
        "a_marks": [tuple(m) for m in a_marks],
        "b_marks": [tuple(m) for m in b_marks],
        "why": why,
    }
    ev.update(extra)
    return Relation(kind, a, b, round(min(1.0, max(0.0, conf)), 3), ev, ctx.va.id, ctx.vb.id)


def _local(q: Quantity, c: Claim) -> tuple[int, int]:
    return (q.span[0] - c.span[0], q.span[1] - c.span[0])


def _next_word(q: Quantity, c: Claim) -> str:
    rest = c.text[q.span[1] - c.span[0] :]
    m = re.match(r"\s+(?:of\s+|de\s+|d')?([\w-]+)", rest)
    return stem(m.group(1)) if m else ""


def number_relations(
    a: Claim, b: Claim, cos: float, ctx: PairContext
) -> tuple[list[Relation], int]:
    """Number mismatches, and how many unmatched numbers remain on each side (+a, -b)."""
    used: set[int] = set()
    ua: list[Quantity] = []
    for qa in a.numbers:
        hit = next(
            (k for k, qb in enumerate(b.numbers) if k not in used and same_quantity(qa, qb)), None
        )
        if hit is None:
            ua.append(qa)
        else:
            used.add(hit)
    ub = [qb for k, qb in enumerate(b.numbers) if k not in used]
    out: list[Relation] = []
    need = CONFLICT_COSINE if ctx.same_language else CONFLICT_COSINE_CROSS
    taken: set[int] = set()
    if cos >= need - 0.1:
        for qa in ua:
            for k, qb in enumerate(ub):
                if k in taken or qa.kind != qb.kind or qa.unit != qb.unit:
                    continue
                if ctx.same_language and qa.kind == "count":
                    wa, wb = _next_word(qa, a), _next_word(qb, b)
                    if wa and wb and wa != wb:
                        continue
                taken.add(k)
                what = "time" if qa.kind == "time" else "number"
                out.append(
                    _rel(
                        "number mismatch",
                        a,
                        b,
                        0.55 + 0.4 * min(1.0, cos),
                        f"{what} differs: {qa.text!r} vs {qb.text!r}",
                        ctx,
                        [_local(qa, a)],
                        [_local(qb, b)],
                        a_value=qa.value,
                        b_value=qb.value,
                    )
                )
                break
    return out, len(ua) - len(ub)


def _date_mismatch(a: Claim, b: Claim, cos: float, ctx: PairContext) -> Relation | None:
    need = CONFLICT_COSINE if ctx.same_language else CONFLICT_COSINE_CROSS
    if cos < need:
        return None
    da = [d for d in a.dates if d not in b.dates]
    db = [d for d in b.dates if d not in a.dates]
    for x in da:
        for y in db:
            if _granularity(x) == _granularity(y):
                return _rel(
                    "date mismatch", a, b, 0.5 + 0.4 * cos, f"date differs: {x} vs {y}", ctx
                )
    return None


def _granularity(date_key: str) -> str:
    if date_key.startswith("wd-"):
        return "weekday"
    if date_key.startswith("y"):
        return "year"
    return "day" if "-d" in date_key else "month"


def _role_swap(a: Claim, b: Claim, ctx: PairContext) -> Relation | None:
    for ea, ag_a, pa_a in a.frames:
        for eb, ag_b, pa_b in b.frames:
            if ea != eb:
                continue
            swapped = [x for x in ag_a if any(same_entity(x, y) for y in pa_b)] + [
                x for x in pa_a if any(same_entity(x, y) for y in ag_b)
            ]
            kept = [x for x in ag_a if any(same_entity(x, y) for y in ag_b)] + [
                x for x in pa_a if any(same_entity(x, y) for y in pa_b)
            ]
            if swapped and not kept:
                marks_a = _find_all(a.text, swapped)
                marks_b = _find_all(b.text, swapped)
                return _rel(
                    "role swap",
                    a,
                    b,
                    0.85,
                    f"same event ({ea}) with the sides exchanged: "
                    f"a: agent {list(ag_a)}, patient {list(pa_a)}; "
                    f"b: agent {list(ag_b)}, patient {list(pa_b)}",
                    ctx,
                    marks_a,
                    marks_b,
                    roles={
                        "a": {"agent": list(ag_a), "patient": list(pa_a)},
                        "b": {"agent": list(ag_b), "patient": list(pa_b)},
                    },
                )
    return None


def _find_all(text: str, keys: Sequence[str]) -> list[tuple[int, int]]:
    from storytrace.compare.lexicon import COUNTRY_OF

    out = []
    for w, s, e in words(text):
        f = fold(w)
        f = f[:-2] if f.endswith("'s") else f
        if any(COUNTRY_OF.get(f) == k or (len(f) > 3 and f in k.split()) for k in keys):
            out.append((s, e))
    return out


def _hedge_relations(a: Claim, b: Claim, ctx: PairContext) -> list[Relation]:
    ha = hedges_in(a.text, ctx.va.language)
    hb = hedges_in(b.text, ctx.vb.language)
    if ha and not hb:
        return [
            _rel(
                "hedge dropped",
                a,
                b,
                0.75,
                f"a hedges ({', '.join(h for h, _, _ in ha)}), b asserts",
                ctx,
                [(s, e) for _, s, e in ha],
            )
        ]
    if hb and not ha:
        return [
            _rel(
                "hedge added",
                a,
                b,
                0.75,
                f"b hedges ({', '.join(h for h, _, _ in hb)}) what a asserts",
                ctx,
                (),
                [(s, e) for _, s, e in hb],
            )
        ]
    return []


def _attribution_relations(
    a: Claim, b: Claim, ctx: PairContext, speech: tuple[bool, bool]
) -> list[Relation]:
    sa, sb = a.source, b.source
    if ctx.b_cites_a and (sb is None or cites_outlet(sb, ctx.va.outlet)):
        return []  # b re-reports a: what a attributes stays attributed through a
    if sb and cites_outlet(sb, ctx.va.outlet) and not _anaphor_only(sb):
        if sa is None:
            return [_rel("attribution added", a, b, 0.7, f"b credits {sb!r}, the outlet of a", ctx)]
        return []
    if sa and not sb:
        if speech[1]:
            return []  # b has a speech verb whose source was not found: unknown, not dropped
        return [
            _rel("attribution dropped", a, b, 0.65, f"a attributes to {sa!r}; b asserts it", ctx)
        ]
    if sb and not sa:
        if speech[0]:
            return []
        return [_rel("attribution added", a, b, 0.65, f"b attributes to {sb!r}; a asserts it", ctx)]
    if sa and sb and not _same_source(sa, sb, a.source_kind, b.source_kind):
        return [
            _rel(
                "attribution changed",
                a,
                b,
                0.6,
                f"a: {sa!r} ({a.source_kind}); b: {sb!r} ({b.source_kind})",
                ctx,
            )
        ]
    return []


def fragment_relations(
    a: Claim, bs: Sequence[Claim], ctx: PairContext, *, reverse: bool = False
) -> list[Relation]:
    """Parts of ``a`` that its aligned claims ``bs`` (same language) leave out: runs of
    content words missing from them and mostly absent from the other version too.
    With ``reverse``, ``a`` is a claim of version b and the result are additions."""
    lang = ctx.vb.language if reverse else ctx.va.language
    other_vocab = ctx.a_vocab if reverse else ctx.b_vocab
    ta = [(fold(w), s, e) for w, s, e in words(a.text)]
    joined = " ".join(c.text for c in bs)
    tb = [fold(w) for w, _, _ in words(joined)]
    stops = stop_words(lang)
    sm = difflib.SequenceMatcher(a=[t for t, _, _ in ta], b=tb, autojunk=False)
    out: list[Relation] = []
    for op, i1, i2, _, _ in sm.get_opcodes():
        if op not in ("delete", "replace") or i2 <= i1:
            continue
        run = ta[i1:i2]
        content = [stem(t) for t, _, _ in run if t not in stops and not t.isdigit() and len(t) > 1]
        if len(content) < 2:
            continue
        found = sum(1 for c in content if c in other_vocab)
        if found / len(content) >= FRAGMENT_FOUND_MAX:
            continue
        mark = (run[0][1], run[-1][2])
        piece = a.text[mark[0] : mark[1]]
        b0 = bs[0]
        if reverse:
            out.append(
                _rel("addition", b0, a, 0.6, f"detail only in b: {piece!r}", ctx, (), [mark])
            )
        else:
            out.append(_rel("omission", a, b0, 0.6, f"detail only in a: {piece!r}", ctx, [mark]))
    return out


def relate(
    a: Claim,
    b: Claim,
    cos: float,
    ctx: PairContext,
    *,
    speech: tuple[bool, bool] = (False, False),
    entailment: EntailmentLike | None = None,
) -> list[Relation]:
    """Every way ``b`` differs from ``a`` (an aligned pair), or one agreeing relation."""
    need = CONFLICT_COSINE if ctx.same_language else CONFLICT_COSINE_CROSS
    out: list[Relation] = []
    nums, extra = number_relations(a, b, cos, ctx)
    out += nums
    d = _date_mismatch(a, b, cos, ctx)
    if d:
        out.append(d)
    swap = _role_swap(a, b, ctx)
    if swap:
        out.append(swap)
    na = negations_in(a.text, ctx.va.language)
    nb = negations_in(b.text, ctx.vb.language)
    if bool(na) != bool(nb) and cos >= need and not swap:
        out.append(
            _rel(
                "negation flip",
                a,
                b,
                0.45 + 0.4 * cos,
                "one side negates what the other asserts",
                ctx,
                [(s, e) for _, s, e in na],
                [(s, e) for _, s, e in nb],
            )
        )
    out += _hedge_relations(a, b, ctx)
    out += _attribution_relations(a, b, ctx, speech)
    if entailment is not None:
        scores = entailment.scores(a.text, b.text)
        contra = float(scores.get("contradiction", 0.0))
        conflicts = [r for r in out if r.cell == "contradicts"]
        for r in conflicts:
            r.confidence = round((r.confidence + contra) / 2, 3)
            r.evidence["entailment"] = {k: round(v, 3) for k, v in scores.items()}
        if not conflicts and contra >= 0.5 and contra >= max(scores.values()) and cos >= need:
            out.append(
                _rel(
                    "other conflict",
                    a,
                    b,
                    contra,
                    f"{getattr(entailment, 'name', 'entailment')} judges a and b contradictory",
                    ctx,
                    entailment={k: round(v, 3) for k, v in scores.items()},
                )
            )
    if out:
        return out
    if " ".join(a.text.split()) == " ".join(b.text.split()):
        return [_rel("same", a, b, 0.99, "identical sentences", ctx)]
    if extra < 0:
        return [_rel("more specific", a, b, 0.5 + 0.4 * cos, "b gives figures a lacks", ctx)]
    if extra > 0:
        return [_rel("less specific", a, b, 0.5 + 0.4 * cos, "a gives figures b lacks", ctx)]
    return [
        _rel("paraphrase", a, b, min(0.95, 0.4 + 0.6 * cos), "same statement in other words", ctx)
    ]
