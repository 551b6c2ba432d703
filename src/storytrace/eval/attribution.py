"""``storytrace eval attribution``: extract attributions from benchmark texts and score them.

Input is the attribution JSONL of ``../shared/data/README.md`` (``id``, ``text``,
``attributions`` with ``source``/``cue``/``content`` lists of ``[start, end]``).

Measures, per role (cue, source, content), pooled over the file:

* **exact**: a predicted span counts when its start and end equal those of a gold span of
  the same role in the same article. A discontinuous role contributes each of its pieces as
  a span; predicted and gold spans are matched one to one (a multiset intersection), so
  one source shared by two attributions must be found twice.
* **overlap** (token-overlap credit, as in BBC R&D's Citron evaluation): spans are
  counted in tokens (runs of word characters, or single other non-space characters);
  credit is the number of token positions covered by both a predicted and a gold span of
  the role, again one to one (a token covered by two gold spans needs two predictions).
  Precision divides by predicted tokens, recall by gold tokens.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storytrace.errors import InputError

ROLES = ("cue", "source", "content")
_TOKEN = re.compile(r"\w+|[^\w\s]")

Spans = Sequence[Sequence[int]]


@dataclass(slots=True)
class GoldArticle:
    id: str
    text: str
    #: One dict per attribution: role -> list of (start, end).
    attributions: list[dict[str, list[tuple[int, int]]]]


@dataclass(slots=True)
class RoleCounts:
    tp: int = 0
    predicted: int = 0
    gold: int = 0
    tok_overlap: int = 0
    tok_predicted: int = 0
    tok_gold: int = 0

    def add(self, other: RoleCounts) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold
        self.tok_overlap += other.tok_overlap
        self.tok_predicted += other.tok_predicted
        self.tok_gold += other.tok_gold

    def exact(self) -> tuple[float, float, float]:
        return _prf(self.tp, self.predicted, self.gold)

    def overlap(self) -> tuple[float, float, float]:
        return _prf(self.tok_overlap, self.tok_predicted, self.tok_gold)


@dataclass(slots=True)
class Report:
    roles: dict[str, RoleCounts] = field(default_factory=lambda: {r: RoleCounts() for r in ROLES})
    articles: int = 0
    gold_attributions: int = 0
    predicted_attributions: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for role, counts in self.roles.items():
            p, r, f = counts.exact()
            op, orc, of = counts.overlap()
            out.update(
                {
                    f"{role}_precision": round(p, 4),
                    f"{role}_recall": round(r, 4),
                    f"{role}_f1": round(f, 4),
                    f"{role}_overlap_precision": round(op, 4),
                    f"{role}_overlap_recall": round(orc, 4),
                    f"{role}_overlap_f1": round(of, 4),
                }
            )
        out["articles"] = self.articles
        out["gold_attributions"] = self.gold_attributions
        out["predicted_attributions"] = self.predicted_attributions
        out["seconds"] = round(self.seconds, 3)
        out["articles_per_s"] = round(self.articles / self.seconds, 3) if self.seconds else 0.0
        out["errors"] = len(self.errors)
        return out


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _token_starts(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _tokens_in(tokens: list[tuple[int, int]], spans: Iterable[tuple[int, int]]) -> Counter[int]:
    """Token indices covered by ``spans`` (a token counts when it lies inside a span)."""
    import bisect

    starts = [s for s, _ in tokens]
    covered: Counter[int] = Counter()
    for s, e in spans:
        i = bisect.bisect_left(starts, s)
        while i < len(tokens) and tokens[i][1] <= e:
            covered[i] += 1
            i += 1
    return covered


def score_article(
    text: str,
    predicted: Sequence[dict[str, list[tuple[int, int]]]],
    gold: Sequence[dict[str, list[tuple[int, int]]]],
) -> dict[str, RoleCounts]:
    """Counts for one article; ``predicted`` and ``gold`` hold one dict per attribution."""
    tokens = _token_starts(text)
    out: dict[str, RoleCounts] = {}
    for role in ROLES:
        pred_spans = [tuple(s) for a in predicted for s in a.get(role, ())]
        gold_spans = [tuple(s) for a in gold for s in a.get(role, ())]
        pc, gc = Counter(pred_spans), Counter(gold_spans)
        counts = RoleCounts(
            tp=sum((pc & gc).values()), predicted=len(pred_spans), gold=len(gold_spans)
        )
        pt = Counter[int]()
        gt = Counter[int]()
        for a in predicted:
            pt.update(_tokens_in(tokens, [tuple(s) for s in a.get(role, ())]))  # type: ignore[misc]
        for a in gold:
            gt.update(_tokens_in(tokens, [tuple(s) for s in a.get(role, ())]))  # type: ignore[misc]
        counts.tok_overlap = sum((pt & gt).values())
        counts.tok_predicted = sum(pt.values())
        counts.tok_gold = sum(gt.values())
        out[role] = counts
    return out


def read_gold(path: str | Path) -> Iterator[GoldArticle | InputError]:
    """Articles of an attribution JSONL file (``.gz`` read transparently).

    A bad line becomes an :class:`InputError` naming ``file:line`` instead of stopping the run.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                row = json.loads(line)
                text = row["text"]
                if not isinstance(text, str):
                    raise TypeError("'text' is not a string")
                atts = []
                for a in row.get("attributions") or []:
                    atts.append(
                        {role: [(int(s), int(e)) for s, e in (a.get(role) or [])] for role in ROLES}
                    )
                yield GoldArticle(str(row.get("id", where)), text, atts)
            except (ValueError, KeyError, TypeError) as exc:
                yield InputError(where, f"bad attribution record ({exc})")


def evaluate(path: str | Path, *, limit: int | None = None, language: str | None = None) -> Report:
    """Extract attributions from each article's text alone and score them against gold.

    ``language`` None detects each text's language (the detection is timed too); the
    parser of a language (and the learned English model) is loaded before the clock starts,
    so rates are steady-state. The extractor is the default one (``STORYTRACE_TRACE_MODEL``
    chooses: ``crf`` or ``rules``).
    """
    from storytrace.trace import extract_attributions
    from storytrace.trace.model import detect, learned_model, spacy_pipeline

    learned_model("en")  # the learned model (if used) is loaded before the clock starts too

    report = Report()
    for item in read_gold(path):
        if isinstance(item, InputError):
            report.errors.append(str(item))
            continue
        if limit is not None and report.articles >= limit:
            break
        if language:
            spacy_pipeline(language)
        else:
            spacy_pipeline(detect(item.text) or "en")
        started = time.perf_counter()
        try:
            found = extract_attributions(item.text, language=language)
        except Exception as exc:  # one bad article must not stop the evaluation
            report.errors.append(f"{item.id}: extraction failed ({type(exc).__name__}: {exc})")
            found = []
        report.seconds += time.perf_counter() - started
        predicted = [
            {"source": list(a.source), "cue": list(a.cue), "content": list(a.content)}
            for a in found
        ]
        for role, counts in score_article(item.text, predicted, item.attributions).items():
            report.roles[role].add(counts)
        report.articles += 1
        report.gold_attributions += len(item.attributions)
        report.predicted_attributions += len(found)
    return report


def format_report(report: Report) -> str:
    """A small table for people; ``--json`` prints :meth:`Report.as_dict` instead."""
    lines = [f"{'role':<8} {'P':>6} {'R':>6} {'F1':>6}   {'oP':>6} {'oR':>6} {'oF1':>6}"]
    for role, counts in report.roles.items():
        p, r, f = counts.exact()
        op, orc, of = counts.overlap()
        lines.append(f"{role:<8} {p:6.3f} {r:6.3f} {f:6.3f}   {op:6.3f} {orc:6.3f} {of:6.3f}")
    rate = report.articles / report.seconds if report.seconds else 0.0
    lines.append(
        f"{report.articles} articles, {report.gold_attributions} gold / "
        f"{report.predicted_attributions} predicted attributions, {rate:.2f} articles/s"
    )
    lines.extend(report.errors)
    return "\n".join(lines)
