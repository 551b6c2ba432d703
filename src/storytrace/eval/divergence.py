"""``storytrace eval divergence``: compare's additions on X-PARADE paragraph pairs.

X-PARADE (Rodriguez et al. 2023) pairs a paragraph with a paragraph on the same topic in
another language (Wikipedia; en<->es, en<->zh, en<->hi) and has annotators mark the
hypothesis paragraph's tokens that are *new information* against the premise. Here the
premise and the hypothesis go through :func:`storytrace.compare.compare_versions` as two
versions, premise first, and every character of the hypothesis that compare reports as an
addition (a claim with no counterpart, or a detail an aligned claim adds, with its marks)
is flagged; a hypothesis token is predicted "new" when any of its characters is.

Gold: a token is new when a majority of the pair's annotators (more than half) marked it
"new information" (the headline), or when any one did; "new information (inferable)" and
"connotation difference" are not new information here. Scores are token-level precision,
recall and F1 over all pairs of the files, and per pair type ("en-es": premise English,
hypothesis Spanish). USE, the default encoder, has no Hindi: pairs with Hindi are reported
on their own line and kept out of the overall figure.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storytrace.errors import InputError

SPLITS = ("dev", "test", "all")
#: Languages the default encoder (multilingual USE) was not trained on.
UNCOVERED = frozenset({"hi"})


@dataclass(frozen=True, slots=True)
class Pair:
    """One X-PARADE item: the hypothesis's tokens with their gold votes."""

    id: str
    pair_type: str  # "<premise language>-<hypothesis language>"
    premise: str
    text: str
    tokens: tuple[str, ...]
    #: per token: (annotators who marked it new information, annotators)
    votes: tuple[tuple[int, int], ...]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tokens: int = 0

    def add(self, predicted: bool, gold: bool) -> None:
        self.tokens += 1
        if predicted and gold:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1

    def scores(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        gold = self.tp + self.fn
        # for scale: flagging every token (precision = the share of new tokens, recall 1)
        every = 2 * gold / (gold + self.tokens) if self.tokens else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "flag_all_f1": round(every, 4),
        }


@dataclass
class Report:
    pairs: int = 0
    seconds: float = 0.0
    #: (pair type or "all"/"all-hi", gold rule "majority"/"any") -> counts
    counts: dict[tuple[str, str], Counts] = field(default_factory=lambda: defaultdict(Counts))
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        head = self.counts[("all", "majority")].scores()
        out: dict[str, Any] = {
            **head,
            "gold": "majority of annotators",
            "any_annotator": self.counts[("all", "any")].scores(),
            "pairs": self.pairs,
            "pairs_per_s": round(self.pairs / self.seconds, 2) if self.seconds else 0.0,
            "per_pair_type": {
                key: {"majority": c.scores(), "any": self.counts[(key, "any")].scores()}
                for (key, rule), c in sorted(self.counts.items())
                if rule == "majority" and key != "all"
            },
        }
        return out


def token_offsets(text: str, tokens: Sequence[str]) -> list[tuple[int, int] | None]:
    """Character span of each token in ``text``, found left to right (None when a token
    is not in the text, e.g. the "ES:" language tag X-PARADE puts first)."""
    spans: list[tuple[int, int] | None] = []
    pos = 0
    for tok in tokens:
        at = text.find(tok, pos) if tok else -1
        if at < 0 or at - pos > 200:  # (a token far ahead is a stray match)
            spans.append(None)
            continue
        spans.append((at, at + len(tok)))
        pos = at + len(tok)
    return spans


def parse_item(item: dict[str, Any], where: str) -> Pair:
    try:
        tokens_by_index = {int(k): str(v) for k, v in item["tokens"].items()}
        order = sorted(tokens_by_index)
        annotations = item["annotations"]
        marked = [set(a["spans"].get("new information") or []) for a in annotations]
        return Pair(
            id=f"{where}:{item.get('pageid', '')}",
            pair_type=str(item["pair_type"]),
            premise=str(item["premise"]),
            text=str(item["text"]),
            tokens=tuple(tokens_by_index[i] for i in order),
            votes=tuple((sum(i in m for m in marked), len(marked)) for i in order),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise InputError(where, f"not an X-PARADE item ({exc!r})") from None


def find_files(paths: Iterable[Path], split: str) -> list[Path]:
    """The X-PARADE files under ``paths`` (files or folders) of the split."""
    if split not in SPLITS:
        raise InputError("--split", f"{split}: use one of {', '.join(SPLITS)}")
    files: list[Path] = []
    for path in paths:
        found = sorted(path.rglob("*.json")) if path.is_dir() else [path]
        files += [
            f for f in found if split == "all" or f.stem.endswith(f"-{split}") or not path.is_dir()
        ]
    return files


def read_pairs(files: Sequence[Path], errors: list[str]) -> list[Pair]:
    pairs: list[Pair] = []
    for f in files:
        try:
            items = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            errors.append(f"{f}: {exc}")
            continue
        if not isinstance(items, list):
            errors.append(f"{f}: not a list of X-PARADE items")
            continue
        for n, item in enumerate(items):
            try:
                pairs.append(parse_item(item, f"{f.name}#{n}"))
            except InputError as exc:
                errors.append(str(exc))
    return pairs


def new_spans(premise: str, text: str, languages: tuple[str, str]) -> list[tuple[int, int]]:
    """Character spans of ``text`` that compare reports as additions against ``premise``."""
    from storytrace.compare import compare_versions
    from storytrace.compare.records import Version

    comparison = compare_versions(
        [
            Version(id="premise", text=premise, language=languages[0]),
            Version(id="hypothesis", text=text, language=languages[1]),
        ]
    )
    spans: list[tuple[int, int]] = []
    for rel in comparison.relations:
        if rel.kind != "addition" or rel.b is None or rel.version_b != "hypothesis":
            continue
        start = rel.b.span[0]
        marks = rel.evidence.get("b_marks") or []
        if rel.a is None or not marks:
            spans.append((rel.b.span[0], rel.b.span[1]))
        else:
            spans += [(start + s, start + e) for s, e in marks]
    return spans


def score_pair(pair: Pair, spans: Sequence[tuple[int, int]], report: Report) -> None:
    langs = set(pair.pair_type.split("-"))
    groups = [pair.pair_type, "all-hi" if langs & UNCOVERED else "all"]
    for offsets, (votes, annotators) in zip(
        token_offsets(pair.text, pair.tokens), pair.votes, strict=True
    ):
        if offsets is None:
            continue  # the language tag, or a token the text does not carry
        s, e = offsets
        predicted = any(a < e and s < b for a, b in spans)
        for group in groups:
            report.counts[(group, "majority")].add(predicted, 2 * votes > annotators)
            report.counts[(group, "any")].add(predicted, votes > 0)


def evaluate(paths: Sequence[Path], *, split: str = "dev", limit: int | None = None) -> Report:
    report = Report()
    pairs = read_pairs(find_files(paths, split), report.errors)
    if limit is not None:
        pairs = pairs[:limit]
    started = time.perf_counter()
    for pair in pairs:
        premise_lang, hyp_lang = pair.pair_type.split("-")[:2]
        score_pair(pair, new_spans(pair.premise, pair.text, (premise_lang, hyp_lang)), report)
        report.pairs += 1
    report.seconds = time.perf_counter() - started
    return report


def format_report(report: Report) -> str:
    s = report.summary()
    lines = [
        f"X-PARADE: {s['pairs']} pairs, {s['pairs_per_s']} pairs/s",
        "token-level 'new information' in the hypothesis (gold: majority of annotators;"
        " any annotator in brackets)",
    ]
    for key, fig in s["per_pair_type"].items():
        m, a = fig["majority"], fig["any"]
        note = "  (Hindi: no USE model, fallback only)" if key == "all-hi" else ""
        lines.append(
            f"  {key:8s} P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}"
            f"   [F1 {a['f1']:.3f}]  flag-all F1 {m['flag_all_f1']:.3f}{note}"
        )
    lines.append(
        f"  overall (without Hindi) P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}"
        f"   [F1 {s['any_annotator']['f1']:.3f}]  flag-all F1 {s['flag_all_f1']:.3f}"
    )
    return "\n".join(lines)


def coverage_samples(
    paths: Sequence[Path], *, split: str = "dev"
) -> list[tuple[dict[str, float], float, int]]:
    """(features, share of tokens new by majority, tokens) of every clause of a hypothesis
    claim that compare aligns with a premise claim, on the pairs of ``split`` the default
    encoder covers: what compare/coverage.py's model is fitted on."""
    from storytrace.compare import CachedEmbedder, compare_versions
    from storytrace.compare.claims import split_clauses
    from storytrace.compare.records import Version
    from storytrace.compare.relations import clause_coverage
    from storytrace.stories.encoders import get_encoder

    encoder = get_encoder("use")
    embed = CachedEmbedder(encoder)  # one cache over the whole split

    out: list[tuple[dict[str, float], float, int]] = []
    for pair in read_pairs(find_files(paths, split), []):
        premise_lang, hyp_lang = pair.pair_type.split("-")[:2]
        if {premise_lang, hyp_lang} & UNCOVERED:
            continue
        premise = Version(id="premise", text=pair.premise, language=premise_lang)
        comparison = compare_versions(
            [premise, Version(id="hypothesis", text=pair.text, language=hyp_lang)],
            encoder=encoder,
        )
        partners: dict[str, list[Any]] = {}
        for rel in comparison.relations:
            if rel.a is not None and rel.b is not None:
                found = partners.setdefault(rel.b.id, [])
                if rel.a not in found:
                    found.append(rel.a)
        spans = token_offsets(pair.text, pair.tokens)
        for claim in comparison.claims["hypothesis"]:
            ys = sorted(partners.get(claim.id, []), key=lambda c: c.span)
            if not ys:
                continue
            for s, e in split_clauses(claim.text):
                start, end = claim.span[0] + s, claim.span[0] + e
                inside = [
                    2 * votes > annotators
                    for span, (votes, annotators) in zip(spans, pair.votes, strict=True)
                    if span is not None and start <= span[0] < end
                ]
                if inside:
                    features = clause_coverage(claim.text[s:e], hyp_lang, ys, premise, embed)
                    out.append((features, sum(inside) / len(inside), len(inside)))
    return out


def fit_coverage(paths: Sequence[Path], *, split: str = "dev") -> dict[str, Any]:
    """The coverage model refitted on ``split`` (dev: the tuning split), one model with
    word coverage and one with clause vectors only, as compare/coverage.py ships them::

        .venv/bin/python -c "from pathlib import Path; from storytrace.eval.divergence
        import fit_coverage; print(fit_coverage([Path('../shared/data/divergence/x-parade')]))"
    """
    from storytrace.compare.coverage import VECTORS, WORDS, fit

    samples = coverage_samples(paths, split=split)
    out: dict[str, Any] = {}
    for name, model, rows in (
        ("words", WORDS, [s for s in samples if "w_al" in s[0]]),
        ("vectors", VECTORS, [s for s in samples if "w_al" not in s[0]]),
    ):
        names = [n for n, _ in model.weights]
        out[name] = fit(
            [r for r, _, _ in rows], names, [t for _, t, _ in rows], [n for _, _, n in rows]
        )
    out["clauses"] = len(samples)
    return out
