"""``storytrace eval clean``: score cleaned text against gold main content.

Input: the cleaning JSONL (optionally gzip) of ``shared/data`` — one page per line with
``id``, ``site``, ``url``, ``format`` (text|html), ``input``, ``gold``, ``gold_has_title``.
Texts are compared as bags of words (lower-cased ``\\w+`` tokens as multisets): a page's
true positives are the size of the multiset intersection. Reported: precision, recall and
F1 micro-averaged over all tokens of the file, and macro F1 (mean of the pages' F1).

Pages of one site are cleaned as a set, as a crawler would: the site's
:class:`SiteProfile` is built from all its pages' lines first (never from ``gold``), then
each page is cleaned with it. :func:`score_records` takes any extractor, so a baseline
can be scored the same way in the same run.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storytrace.records import MediaKind

#: An extractor maps one benchmark record to the text it extracts (title first where it
#: finds one). It may raise: the page then scores as empty and the error is counted.
Extractor = Callable[[Mapping[str, Any]], str]

_TOKEN = re.compile(r"\w+", re.UNICODE)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def bag(text: str) -> Counter[str]:
    """Lower-cased ``\\w+`` tokens as a multiset."""
    return Counter(_TOKEN.findall(text.lower()))


def overlap(pred: Counter[str], gold: Counter[str]) -> int:
    """Size of the multiset intersection."""
    if len(pred) > len(gold):
        pred, gold = gold, pred
    return sum(min(n, gold[t]) for t, n in pred.items() if t in gold)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1; an empty prediction of an empty gold is perfect."""
    if n_pred == 0 and n_gold == 0:
        return 1.0, 1.0, 1.0
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def gold_text(record: Mapping[str, Any]) -> str:
    """The gold main content; a gold that is only an HTML comment ("no article") is empty."""
    return _HTML_COMMENT.sub(" ", str(record.get("gold") or ""))


@dataclass(slots=True)
class PageScore:
    id: str
    site: str | None
    tp: int
    n_pred: int
    n_gold: int
    error: str | None = None

    @property
    def f1(self) -> float:
        return prf(self.tp, self.n_pred, self.n_gold)[2]


@dataclass(slots=True)
class CleanScores:
    name: str
    pages: list[PageScore] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def tp(self) -> int:
        return sum(p.tp for p in self.pages)

    @property
    def n_pred(self) -> int:
        return sum(p.n_pred for p in self.pages)

    @property
    def n_gold(self) -> int:
        return sum(p.n_gold for p in self.pages)

    @property
    def micro(self) -> tuple[float, float, float]:
        return prf(self.tp, self.n_pred, self.n_gold)

    @property
    def macro_f1(self) -> float:
        return sum(p.f1 for p in self.pages) / len(self.pages) if self.pages else 0.0

    @property
    def errors(self) -> int:
        return sum(1 for p in self.pages if p.error)

    @property
    def pages_per_s(self) -> float:
        return len(self.pages) / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> dict[str, Any]:
        p, r, f = self.micro
        return {
            "extractor": self.name,
            "pages": len(self.pages),
            "precision": round(p, 4),
            "recall": round(r, 4),
            "micro_f1": round(f, 4),
            "macro_f1": round(self.macro_f1, 4),
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "pages_per_s": round(self.pages_per_s, 1),
        }


def read_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """The records of a cleaning JSONL file (``.gz`` read transparently).

    A line that is not a JSON object raises ``ValueError`` naming the file and line:
    a benchmark file with a broken line is not one to report figures on.
    """
    path = Path(path)
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict) or "input" not in record or "gold" not in record:
                raise ValueError(f"{path}:{number}: not a cleaning record (needs input and gold)")
            yield record


def record_page(record: Mapping[str, Any]) -> Any:
    """The :class:`Page` a crawler would have produced for a benchmark record."""
    from storytrace.records import Page

    kind: MediaKind = "html" if record.get("format") == "html" else "text"
    raw = str(record.get("input") or "").encode("utf-8")
    return Page(
        raw=raw,
        source=f"{record.get('id')}",
        origin="jsonl",
        kind=kind,
        url=record.get("url") or None,
        encoding="utf-8",
    )


def _record_site(record: Mapping[str, Any]) -> str | None:
    from storytrace.clean import site_key

    return site_key(record.get("site")) or site_key(record.get("url"))


def storytrace_extractor(records: Sequence[Mapping[str, Any]]) -> Extractor:
    """storytrace's cleaner, with a site profile built from all pages of each site (their
    lines as the pipeline counts them: the dump's lines, or an HTML page's block lines)."""
    from storytrace.clean import SiteProfile, clean
    from storytrace.pipeline import page_lines

    profiles: dict[str, SiteProfile] = {}
    for record in records:
        site = _record_site(record)
        if site is None:
            continue
        try:
            lines = page_lines(record_page(record))
        except Exception:  # a page that cannot be read is scored (as empty) later
            continue
        profiles.setdefault(site, SiteProfile(site)).observe(lines)

    def extract(record: Mapping[str, Any]) -> str:
        site = _record_site(record)
        article = clean(record_page(record), profile=profiles.get(site) if site else None)
        parts = [article.title] if record.get("gold_has_title") and article.title else []
        parts.extend(article.paragraphs)
        return "\n\n".join(parts)

    return extract


def trafilatura_extractor(record: Mapping[str, Any]) -> str:
    """The baseline for HTML: trafilatura by itself (text records: the input as is)."""
    from storytrace.clean.html import trafilatura_alone

    if record.get("format") != "html":
        return str(record.get("input") or "")
    return trafilatura_alone(str(record.get("input") or ""), record.get("url") or None)


def score_records(
    records: Iterable[Mapping[str, Any]],
    extract: Extractor | None = None,
    *,
    name: str = "storytrace",
) -> CleanScores:
    """Score an extractor on benchmark records (default: storytrace's cleaner).

    The time counted is the extractor's: building it (site profiles) and every page, not
    the scoring, nor the one-time loading of the language model.
    """
    recs = list(records)
    if extract is None:
        from storytrace.clean import detect_language

        detect_language("load the language model before the clock starts")
    started = time.perf_counter()
    if extract is None:
        extract = storytrace_extractor(recs)
    spent = time.perf_counter() - started
    scores = CleanScores(name)
    for record in recs:
        error: str | None = None
        started = time.perf_counter()
        try:
            text = extract(record)
        except Exception as exc:  # one bad page must not end the run
            text, error = "", f"{record.get('id')}: {type(exc).__name__}: {exc}"
        spent += time.perf_counter() - started
        gold = bag(gold_text(record))
        pred = bag(text)
        scores.pages.append(
            PageScore(
                id=str(record.get("id")),
                site=record.get("site"),
                tp=overlap(pred, gold),
                n_pred=sum(pred.values()),
                n_gold=sum(gold.values()),
                error=error,
            )
        )
    scores.seconds = spent
    return scores


def score_file(
    path: str | Path,
    *,
    limit: int | None = None,
    extractors: Mapping[str, Extractor | None] | None = None,
) -> list[CleanScores]:
    """Score every extractor (default: storytrace alone) on a cleaning file."""
    recs = list(read_records(path))
    if limit is not None:
        recs = recs[:limit]
    chosen = extractors or {"storytrace": None}
    if extractors is None and any(r.get("format") == "html" for r in recs):
        chosen = {"storytrace": None, "trafilatura alone": trafilatura_extractor}
    return [score_records(recs, ex, name=name) for name, ex in chosen.items()]


def render_table(path: str | Path, results: Sequence[CleanScores]) -> Any:
    """A Rich table of the scores, one row per extractor."""
    from rich.table import Table

    table = Table(title=f"eval clean: {Path(path).name}")
    for col in ("extractor", "pages", "P", "R", "micro F1", "macro F1", "errors", "pg/s"):
        table.add_column(col, justify="left" if col == "extractor" else "right", no_wrap=True)
    for res in results:
        s = res.summary()
        table.add_row(
            s["extractor"],
            str(s["pages"]),
            f"{s['precision']:.4f}",
            f"{s['recall']:.4f}",
            f"{s['micro_f1']:.4f}",
            f"{s['macro_f1']:.4f}",
            str(s["errors"]),
            f"{s['pages_per_s']:.1f}",
        )
    return table
