"""``storytrace eval stories``: cluster a stories JSONL file and score the partition.

Online, the articles go through the same path as the pipeline's: each one is stored in a
fresh temporary SQLite store and placed by :class:`~storytrace.stories.store.StoryIndex`,
which persists every placement; the partition is read back from the store. ``--batch``
clusters in memory, encoding everything at once.

Scores are the project's fixed measures: item-weighted B-cubed (per article, the share of its
predicted story that is gold-correct, and of its gold story that was found, averaged over
articles; F1 of the averages) and pairwise precision/recall/F1 over same-story pairs.
"""

from __future__ import annotations

import gzip
import json
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from storytrace.ingest.pages import parse_datetime

if TYPE_CHECKING:
    from storytrace.stories.cluster import ClusterConfig


@dataclass(frozen=True, slots=True)
class Scores:
    b3_precision: float
    b3_recall: float
    b3_f1: float
    pair_precision: float
    pair_recall: float
    pair_f1: float
    #: Number of distinct predicted and gold stories over the scored articles.
    stories: int
    gold_stories: int
    articles: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "b3_precision": self.b3_precision,
            "b3_recall": self.b3_recall,
            "b3_f1": self.b3_f1,
            "pair_precision": self.pair_precision,
            "pair_recall": self.pair_recall,
            "pair_f1": self.pair_f1,
            "stories": self.stories,
            "gold_stories": self.gold_stories,
            "articles": self.articles,
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score_partition(
    predicted: Mapping[str, Hashable],
    gold: Mapping[str, Hashable],
    *,
    subset: Iterable[str] | None = None,
) -> Scores:
    """Score ``predicted`` (article id -> story) against ``gold`` (article id -> story).

    Both must label the same articles. With ``subset``, B-cubed is averaged over those articles
    only, still measured against the full stories they sit in (so a cross-language story that
    was found whole scores 1.0 for each of its languages); pairwise figures count pairs whose
    two members are both in the subset.
    """
    if set(predicted) != set(gold):
        odd = next(iter(set(gold) ^ set(predicted)))
        raise ValueError(f"predicted and gold label different articles (e.g. {odd!r})")
    items: Sequence[str] = list(gold) if subset is None else [i for i in subset if i in gold]
    pred_size = Counter(predicted.values())
    gold_size = Counter(gold.values())
    cell = Counter((predicted[i], gold[i]) for i in gold)
    n = len(items)
    if n == 0:
        return Scores(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, 0, 0)
    p_sum = r_sum = 0.0
    for i in items:
        shared = cell[(predicted[i], gold[i])]
        p_sum += shared / pred_size[predicted[i]]
        r_sum += shared / gold_size[gold[i]]
    b3_p, b3_r = p_sum / n, r_sum / n

    # Pairwise over the subset: same-story pairs whose two members are both scored.
    sub_cell = Counter((predicted[i], gold[i]) for i in items)
    sub_pred = Counter(predicted[i] for i in items)
    sub_gold = Counter(gold[i] for i in items)
    tp = sum(_pairs(c) for c in sub_cell.values())
    pred_pairs = sum(_pairs(c) for c in sub_pred.values())
    gold_pairs = sum(_pairs(c) for c in sub_gold.values())
    # No predicted pairs means no false merges: precision is perfect by convention.
    pair_p = tp / pred_pairs if pred_pairs else 1.0
    pair_r = tp / gold_pairs if gold_pairs else 1.0
    return Scores(
        b3_precision=b3_p,
        b3_recall=b3_r,
        b3_f1=_f1(b3_p, b3_r),
        pair_precision=pair_p,
        pair_recall=pair_r,
        pair_f1=_f1(pair_p, pair_r),
        stories=len(sub_pred),
        gold_stories=len(sub_gold),
        articles=n,
    )


def multilingual_articles(gold: Mapping[str, Hashable], lang: Mapping[str, str]) -> list[str]:
    """Articles whose gold story spans more than one language."""
    langs: dict[Hashable, set[str]] = defaultdict(set)
    for item, story in gold.items():
        langs[story].add(lang[item])
    return [item for item, story in gold.items() if len(langs[story]) > 1]


@dataclass(frozen=True, slots=True)
class Record:
    """One line of a stories JSONL file."""

    id: str
    title: str
    text: str
    lang: str | None
    published: datetime | None
    outlet: str | None
    url: str | None
    story: str
    baseline_story: str | None = None


def load_records(path: Path) -> tuple[list[Record], list[str]]:
    """Records of a stories JSONL file (``.gz`` too) and one error line per bad line."""
    opener = gzip.open if path.suffix == ".gz" else open
    records: list[Record] = []
    errors: list[str] = []
    seen: set[str] = set()
    with opener(path, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: not JSON ({exc.msg})")
                continue
            if not isinstance(row, dict):
                errors.append(f"{where}: not a JSON object")
                continue
            rid, story = row.get("id"), row.get("story")
            if not isinstance(rid, str) or not rid or story is None:
                errors.append(f"{where}: needs string 'id' and 'story'")
                continue
            if rid in seen:
                errors.append(f"{where}: duplicate id {rid!r}")
                continue
            seen.add(rid)
            title = row["title"] if isinstance(row.get("title"), str) else ""
            text = row["text"] if isinstance(row.get("text"), str) else ""
            if not (title + text).strip():
                errors.append(f"{where}: {rid!r} has neither title nor text")
                continue
            baseline = row.get("baseline_story")
            records.append(
                Record(
                    id=rid,
                    title=title or "",
                    text=text or "",
                    lang=row.get("lang") if isinstance(row.get("lang"), str) else None,
                    published=parse_datetime(row.get("published")),
                    outlet=row.get("outlet") if isinstance(row.get("outlet"), str) else None,
                    url=row.get("url") if isinstance(row.get("url"), str) else None,
                    story=str(story),
                    baseline_story=None if baseline is None else str(baseline),
                )
            )
    return records, errors


def arrival_order(records: Sequence[Record]) -> list[Record]:
    """Published order, undated last, ties by id (the order a live feed would give)."""
    far = datetime.max.replace(tzinfo=UTC)
    return sorted(records, key=lambda r: (r.published or far, r.id))


@dataclass(slots=True)
class Report:
    file: str
    mode: str
    overall: Scores
    by_language: dict[str, Scores]
    multilingual: Scores | None
    baseline: Scores | None
    seconds: float
    errors: list[str]
    merges: int

    @property
    def articles_per_s(self) -> float:
        return self.overall.articles / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> dict[str, object]:
        out: dict[str, object] = {"file": self.file, "mode": self.mode, **self.overall.as_dict()}
        out["articles_per_s"] = round(self.articles_per_s, 2)
        out["seconds"] = round(self.seconds, 3)
        out["merges"] = self.merges
        out["by_language"] = {k: v.as_dict() for k, v in sorted(self.by_language.items())}
        out["multilingual"] = self.multilingual.as_dict() if self.multilingual else None
        out["baseline"] = self.baseline.as_dict() if self.baseline else None
        out["bad_lines"] = len(self.errors)
        return out


def evaluate(
    path: Path,
    *,
    batch: bool = False,
    config: ClusterConfig | None = None,
    limit: int | None = None,
) -> Report:
    """Cluster the articles of ``path`` (never reading their gold story) and score them."""
    records, errors = load_records(path)
    if limit is not None:
        records = records[:limit]
    if not records:
        raise ValueError(f"{path}: no usable records")
    ordered = arrival_order(records)
    started = time.perf_counter()
    predicted = run_clustering(ordered, batch=batch, config=config)
    seconds = time.perf_counter() - started

    gold = {r.id: r.story for r in records}
    lang = {r.id: r.lang or "?" for r in records}
    overall = score_partition(predicted.labels, gold)
    by_language = {
        code: score_partition(predicted.labels, gold, subset=[i for i in gold if lang[i] == code])
        for code in sorted(set(lang.values()))
    }
    multi_ids = multilingual_articles(gold, lang)
    multilingual = score_partition(predicted.labels, gold, subset=multi_ids) if multi_ids else None
    baseline = None
    if any(r.baseline_story is not None for r in records):
        # Articles the baseline left without a story stand alone.
        base = {r.id: r.baseline_story or f"\0alone:{r.id}" for r in records}
        baseline = score_partition(base, gold)
    return Report(
        file=str(path),
        mode="batch" if batch else "online",
        overall=overall,
        by_language=by_language,
        multilingual=multilingual,
        baseline=baseline,
        seconds=seconds,
        errors=errors,
        merges=predicted.merges,
    )


@dataclass(frozen=True, slots=True)
class Clustered:
    labels: dict[str, Hashable]
    merges: int


def run_clustering(
    ordered: Sequence[Record], *, batch: bool = False, config: ClusterConfig | None = None
) -> Clustered:
    """Feed the records, in order, through the clusterer (online: through a store)."""
    if not batch:
        return run_stored(ordered, config=config)
    from storytrace.stories.cluster import Clusterer, StoryItem

    clusterer = Clusterer(config)
    items = [
        StoryItem(
            key=r.id,
            title=r.title,
            text=r.text,
            lang=r.lang,
            published=r.published,
            outlet=r.outlet,
        )
        for r in ordered
    ]
    clusterer.add(items)
    labels: dict[str, Hashable] = {str(k): v for k, v in clusterer.partition().items()}
    return Clustered(labels, len(clusterer.merges))


#: Records stored and placed per transaction.
_CHUNK = 256


def run_stored(ordered: Sequence[Record], *, config: ClusterConfig | None = None) -> Clustered:
    """Store each record as a page and an article in a temporary SQLite store and place it
    online, as the pipeline does; read the partition back from the store."""
    import tempfile

    import sqlalchemy as sa

    from storytrace.records import Article, Dated, Page
    from storytrace.store import Store
    from storytrace.stories.store import StoryIndex
    from storytrace.stories.tables import story_aliases
    from storytrace.stories.views import partition

    with tempfile.TemporaryDirectory(prefix="storytrace-eval-") as tmp:
        store = Store.open(Path(tmp) / "stories.db")
        try:
            index = StoryIndex(store, config)
            key_of: dict[int, str] = {}
            for start in range(0, len(ordered), _CHUNK):
                with store.transaction():
                    for r in ordered[start : start + _CHUNK]:
                        # The id keeps records with the same text apart (pages are
                        # stored once per content).
                        raw = f"{r.id}\n{r.title}\n\n{r.text}".encode("utf-8", "replace")
                        page = Page(raw=raw, source=f"eval:{r.id}", origin="jsonl", kind="text")
                        ref = store.add_page(page)
                        article_id = store.save_article(
                            ref.id,
                            Article(
                                page_hash=page.content_hash,
                                title=r.title,
                                paragraphs=[r.text] if r.text else [],
                                url=r.url,
                                outlet=r.outlet,
                                language=r.lang,
                                published=Dated(r.published, "eval") if r.published else None,
                            ),
                        )
                        key_of[article_id] = r.id
                        index.add(
                            article_id,
                            title=r.title,
                            text=r.text,
                            language=r.lang,
                            published=r.published,
                            outlet=r.outlet,
                        )
            labels: dict[str, Hashable] = {
                key_of[a]: s for a, s in partition(store, encoder=index.encoder).items()
            }
            with store.engine.connect() as conn:
                merges = conn.execute(sa.select(sa.func.count()).select_from(story_aliases))
                n_merges = int(merges.scalar() or 0)
        finally:
            store.close()
    return Clustered(labels, n_merges)


def render(report: Report) -> str:
    """A plain-text table of the scores (ours beside the file's baseline, if any)."""

    def row(name: str, s: Scores) -> str:
        return (
            f"{name:<14} {s.articles:>7} {s.b3_precision:>7.3f} {s.b3_recall:>7.3f} "
            f"{s.b3_f1:>7.3f} {s.pair_precision:>7.3f} {s.pair_recall:>7.3f} {s.pair_f1:>7.3f} "
            f"{s.stories:>7} {s.gold_stories:>6}"
        )

    head = (
        f"{'':<14} {'arts':>7} {'B3 P':>7} {'B3 R':>7} {'B3 F1':>7} {'pair P':>7} "
        f"{'pair R':>7} {'pair F1':>7} {'stories':>7} {'gold':>6}"
    )
    lines = [f"{report.file} ({report.mode})", head, row("storytrace", report.overall)]
    if report.baseline is not None:
        lines.append(row("baseline", report.baseline))
    if report.multilingual is not None:
        lines.append(row("multilingual", report.multilingual))
    for code, s in report.by_language.items():
        lines.append(row(f"lang {code}", s))
    lines.append(
        f"{report.overall.articles} articles in {report.seconds:.1f} s "
        f"({report.articles_per_s:.1f} articles/s), {report.merges} merges"
    )
    return "\n".join(lines)
