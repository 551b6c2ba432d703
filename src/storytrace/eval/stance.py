"""``storytrace eval stance``: the stance judge on FNC-1-style headline/body pairs.

Input: JSONL (optionally gzip'd), one pair a line: ``headline`` (the claim), ``body`` (the
version), ``stance`` in agree, disagree, discuss, unrelated (``id`` optional). The gold
stance is read only for scoring; nothing here learns from it.

Measures: per-class precision, recall and F1, their macro average, the confusion matrix,
and the FNC-1 weighted score as the challenge's official scorer computes it: +0.25 when a
pair is rightly called related or unrelated, and +0.75 more when a related pair gets its
exact label among agree/disagree/discuss. The maximum is what a perfect system scores.
The spread of macro and disagree F1 when the bodies are resampled
(:func:`body_bootstrap`) says how far a figure would move on another sample of stories.

Splits: ``dev`` and ``check`` are the two halves of a file by body (:func:`split_pairs`),
so that thresholds can be chosen on one half and measured on the other (docs/stance.md).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import platform
import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storytrace.errors import InputError

if TYPE_CHECKING:
    from storytrace.compare.stance import StanceJudge

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = frozenset(("agree", "disagree", "discuss"))
#: The organisers' baseline on the FNC-1 competition test set, from their repository's
#: README (gradient boosting on hand-made features): 8761.75 of 11651.25.
BASELINE_FNC = 8761.75 / 11651.25


#: The halves of a file that :func:`split_pairs` makes, and "all" for the whole file.
SPLITS = ("dev", "check", "all")
#: A pair id that names its body ("r00176-b12": body "b12"), as our FNC-1 export writes it.
_BODY_IN_ID = re.compile(r"-(b\d+)$")


@dataclass(slots=True)
class Pair:
    id: str
    headline: str
    body: str
    stance: str
    #: The body's id: ``body_id`` of the row, else the "-bN" end of ``id``, else a hash of
    #: the body text. Pairs that share a body share it.
    body_id: str = ""

    def __post_init__(self) -> None:
        if not self.body_id:
            m = _BODY_IN_ID.search(self.id)
            self.body_id = (
                m.group(1)
                if m
                else "sha1:" + hashlib.sha1(self.body.encode("utf-8", "replace")).hexdigest()[:16]
            )


def read_pairs(path: str | Path) -> Iterator[Pair | InputError]:
    """Pairs of a JSONL(.gz) file; a bad line becomes an :class:`InputError` naming it."""
    path = Path(path)
    opener: Any = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError(where, f"not JSON ({exc.msg})")
                continue
            if not isinstance(row, dict):
                yield InputError(where, "not a JSON object")
                continue
            headline, body, stance = row.get("headline"), row.get("body"), row.get("stance")
            if not isinstance(headline, str) or not isinstance(body, str):
                yield InputError(where, "needs string 'headline' and 'body'")
                continue
            if stance not in LABELS:
                yield InputError(where, f"'stance' must be one of {', '.join(LABELS)}")
                continue
            body_id = row.get("body_id")
            yield Pair(
                str(row.get("id", n)),
                headline,
                body,
                stance,
                str(body_id) if isinstance(body_id, (str, int)) else "",
            )


def _rank(body_id: str) -> str:
    return hashlib.sha1(f"fnc1:{body_id}".encode()).hexdigest()


def split_of_bodies(pairs: Sequence[Pair]) -> dict[str, str]:
    """Body text -> "dev" or "check": a fixed, label-blind split of a file by body.

    Bodies are ranked by sha1("fnc1:" + body id); the first half (rounded up) is ``dev``,
    where thresholds are chosen and errors studied, the second half ``check``, where they
    are only measured. Splitting by body keeps every headline judged against one body on
    the same side (rules read bodies: a body seen in dev must not be scored in check).
    A text filed under several ids goes with its first id in the ranking, so the same text
    never lands on both sides."""
    ids_of: dict[str, set[str]] = {}
    for p in pairs:
        ids_of.setdefault(p.body, set()).add(p.body_id)
    # One key per distinct body text: its id that ranks first.
    key = {text: min(ids, key=_rank) for text, ids in ids_of.items()}
    ranked = sorted(set(key.values()), key=_rank)
    half = (len(ranked) + 1) // 2
    side = {k: ("dev" if n < half else "check") for n, k in enumerate(ranked)}
    return {text: side[k] for text, k in key.items()}


def split_pairs(pairs: Sequence[Pair], split: str) -> list[Pair]:
    """The pairs of one half (``dev``, ``check``) or ``all`` of them, in file order."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: use one of {', '.join(SPLITS)}")
    if split == "all":
        return list(pairs)
    side = split_of_bodies(pairs)
    return [p for p in pairs if side[p.body] == split]


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    """(score, maximum) of the FNC-1 weighted measure."""
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        g_rel, p_rel = g in RELATED, p in RELATED
        best += 1.0 if g_rel else 0.25
        if g_rel == p_rel:
            score += 0.25
            if g_rel and g == p:
                score += 0.75
    return score, best


@dataclass(slots=True)
class Report:
    pairs: int = 0
    #: (gold, predicted) -> count
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    fnc: float = 0.0
    fnc_max: float = 0.0
    #: Seconds for the whole run, and for analysing/encoding the distinct texts in it.
    seconds: float = 0.0
    prepare_seconds: float = 0.0
    #: CPU seconds of this process over the same span (all its threads): pairs per CPU
    #: second is the speed per core, whatever the machine's load.
    cpu_seconds: float = 0.0
    bodies: int = 0
    headlines: int = 0
    encoder: str = "use"
    #: Which part of the file was judged (:data:`SPLITS`).
    split: str = "all"
    #: Standard deviations of macro F1 and disagree F1 over resamples of the bodies
    #: (:func:`body_bootstrap`): how much the figures move with the choice of stories.
    macro_f1_sd: float | None = None
    disagree_f1_sd: float | None = None

    def prf(self, label: str) -> tuple[float, float, float]:
        tp = self.confusion[(label, label)]
        predicted = sum(self.confusion[(g, label)] for g in LABELS)
        gold = sum(self.confusion[(label, p)] for p in LABELS)
        p = tp / predicted if predicted else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def macro_f1(self) -> float:
        return sum(self.prf(k)[2] for k in LABELS) / len(LABELS)

    @property
    def pairs_per_s(self) -> float:
        return self.pairs / self.seconds if self.seconds else 0.0

    @property
    def pairs_per_cpu_s(self) -> float:
        return self.pairs / self.cpu_seconds if self.cpu_seconds else 0.0

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "split": self.split,
            "pairs": self.pairs,
            "macro_f1": round(self.macro_f1, 4),
        }
        for k in LABELS:
            p, r, f = self.prf(k)
            out[f"{k}_precision"] = round(p, 4)
            out[f"{k}_recall"] = round(r, 4)
            out[f"{k}_f1"] = round(f, 4)
        out.update(
            {
                "fnc_score": round(self.fnc, 2),
                "fnc_max": round(self.fnc_max, 2),
                "fnc_score_ratio": round(self.fnc / self.fnc_max, 4) if self.fnc_max else 0.0,
                "baseline_fnc_score_ratio": round(BASELINE_FNC, 4),
                "confusion": {g: {p: self.confusion[(g, p)] for p in LABELS} for g in LABELS},
                "seconds": round(self.seconds, 2),
                "prepare_seconds": round(self.prepare_seconds, 2),
                "pairs_per_s": round(self.pairs_per_s, 1),
                "cpu_seconds": round(self.cpu_seconds, 2),
                "pairs_per_cpu_s": round(self.pairs_per_cpu_s, 1),
                "bodies": self.bodies,
                "headlines": self.headlines,
                "encoder": self.encoder,
                "errors": len(self.errors),
            }
        )
        if self.macro_f1_sd is not None:
            out["macro_f1_sd"] = round(self.macro_f1_sd, 4)
            out["disagree_f1_sd"] = round(self.disagree_f1_sd or 0.0, 4)
        return out


def score(gold: Sequence[str], predicted: Sequence[str]) -> Report:
    """A report (confusion, per-class and FNC scores) for two aligned label lists."""
    report = Report(pairs=len(gold))
    report.confusion.update(zip(gold, predicted, strict=True))
    report.fnc, report.fnc_max = fnc_score(gold, predicted)
    return report


#: Resamples of the bodies in :func:`body_bootstrap`.
BOOTSTRAP_ROUNDS = 300


def body_bootstrap(
    gold: Sequence[str],
    predicted: Sequence[str],
    bodies: Sequence[str],
    rounds: int = BOOTSTRAP_ROUNDS,
    seed: int = 0,
) -> tuple[float, float]:
    """(sd of macro F1, sd of disagree F1) when the bodies are drawn again with
    replacement, each with all its pairs: the spread to expect from another sample of
    stories of the same kind. A body carries many pairs whose labels hang together (one
    debunking body makes all its claims "disagree"), so pairs are not resampled alone.
    Deterministic for a given ``seed``."""
    import numpy as np

    ids = {b: i for i, b in enumerate(dict.fromkeys(bodies))}
    index = {k: i for i, k in enumerate(LABELS)}
    per_body = np.zeros((len(ids), len(LABELS), len(LABELS)))
    for g, p, b in zip(gold, predicted, bodies, strict=True):
        per_body[ids[b], index[g], index[p]] += 1
    if not len(ids) or rounds < 2:
        return 0.0, 0.0
    rng = np.random.default_rng(seed)
    macro, disagree = [], []
    for _ in range(rounds):
        weights = np.bincount(rng.integers(0, len(ids), len(ids)), minlength=len(ids))
        conf = np.tensordot(weights, per_body, axes=1)
        tp = np.diag(conf)
        precision = np.divide(tp, conf.sum(0), out=np.zeros(len(LABELS)), where=conf.sum(0) > 0)
        recall = np.divide(tp, conf.sum(1), out=np.zeros(len(LABELS)), where=conf.sum(1) > 0)
        both = precision + recall
        f1 = np.divide(2 * precision * recall, both, out=np.zeros(len(LABELS)), where=both > 0)
        macro.append(f1.mean())
        disagree.append(f1[index["disagree"]])
    return float(np.std(macro)), float(np.std(disagree))


def load_pairs(
    path: str | Path, *, split: str = "all", limit: int | None = None
) -> tuple[list[Pair], list[str]]:
    """The pairs of one split of ``path`` (the first ``limit`` of it), and the bad lines.

    The whole file is read first: the split ranks all of its bodies."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: use one of {', '.join(SPLITS)}")
    pairs: list[Pair] = []
    errors: list[str] = []
    for item in read_pairs(path):
        if isinstance(item, InputError):
            errors.append(str(item))
        else:
            pairs.append(item)
    pairs = split_pairs(pairs, split)
    return (pairs[:limit] if limit is not None else pairs), errors


def evaluate(
    path: str | Path,
    *,
    limit: int | None = None,
    encoder: str = "use",
    split: str = "all",
    judge: StanceJudge | None = None,
) -> Report:
    """Judge every pair of one split of ``path`` (the first ``limit``) and score the labels.

    Each distinct body and headline is analysed and encoded once, in batches, before the
    pairs are judged; the reported time includes that. ``judge`` reuses a judge (and the
    texts it has prepared), e.g. to compare settings."""
    from storytrace.compare.stance import StanceJudge

    pairs, errors = load_pairs(path, split=split, limit=limit)
    start, cpu_start = time.perf_counter(), time.process_time()
    if judge is None:
        judge = StanceJudge(encoder=encoder)
    headlines = list(dict.fromkeys(p.headline for p in pairs))
    bodies = list(dict.fromkeys(p.body for p in pairs))
    judge.prepare(headlines, bodies)
    prepared = time.perf_counter()
    gold: list[str] = []
    predicted: list[str] = []
    body_ids: list[str] = []
    for p in pairs:
        try:
            label = judge.judge(p.headline, p.body).label
        except Exception as exc:  # one odd pair is reported, not fatal to the run
            errors.append(f"{path}: pair {p.id}: {type(exc).__name__}: {exc}")
            continue
        gold.append(p.stance)
        predicted.append(label)
        body_ids.append(p.body_id)
    report = score(gold, predicted)
    report.macro_f1_sd, report.disagree_f1_sd = body_bootstrap(gold, predicted, body_ids)
    report.seconds = time.perf_counter() - start
    report.cpu_seconds = time.process_time() - cpu_start
    report.prepare_seconds = prepared - start
    report.errors = errors
    report.bodies, report.headlines = len(bodies), len(headlines)
    report.encoder = judge.encoder_name
    report.split = split
    return report


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown cpu"


def format_report(report: Report) -> str:
    """The report as a plain-text table."""
    lines = [
        f"{report.pairs} pairs ({report.bodies} bodies, {report.headlines} headlines),"
        f" split {report.split}"
    ]
    lines.append(f"{'':<10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
    for k in LABELS:
        p, r, f = report.prf(k)
        gold = sum(report.confusion[(k, q)] for q in LABELS)
        lines.append(f"{k:<10} {p:6.3f} {r:6.3f} {f:6.3f} {gold:6d}")
    lines.append(f"macro F1   {report.macro_f1:.4f}")
    if report.macro_f1_sd is not None:
        lines.append(
            f"spread     sd over {BOOTSTRAP_ROUNDS} resamples of the bodies: macro F1"
            f" {report.macro_f1_sd:.3f}, disagree F1 {report.disagree_f1_sd or 0.0:.3f}"
        )
    ratio = report.fnc / report.fnc_max if report.fnc_max else 0.0
    lines.append(
        f"FNC score  {report.fnc:.2f} of {report.fnc_max:.2f} = {ratio:.4f}"
        f"  (organisers' baseline on the FNC-1 test set: {BASELINE_FNC:.4f})"
    )
    lines.append("confusion (rows gold, columns predicted):")
    lines.append(f"{'':<10}" + "".join(f"{k:>10}" for k in LABELS))
    for g in LABELS:
        lines.append(f"{g:<10}" + "".join(f"{report.confusion[(g, p)]:>10d}" for p in LABELS))
    lines.append(
        f"speed      {report.pairs_per_s:.1f} pairs/s wall, {report.pairs_per_cpu_s:.1f} pairs"
        f" per CPU second ({report.seconds:.1f} s wall, {report.cpu_seconds:.1f} s CPU; of the"
        f" wall time {report.prepare_seconds:.1f} s analysing and encoding texts with"
        f" '{report.encoder}')"
    )
    lines.append(f"machine    {_cpu()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    if report.errors:
        lines.append(f"{len(report.errors)} line(s) skipped (see stderr)")
    return "\n".join(lines)
