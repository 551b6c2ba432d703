"""Story-level tracing speed: stories/s for a 20-article story, per core.

    .venv/bin/python bench/bench_trace_story.py [ARTICLES=20] [ROUNDS=3]

The story is synthetic, built from the bundled examples (English, French, German): their
13 articles, cleaned by the real pipeline, are repeated under other outlet names until the
story has ARTICLES members (a syndicated story: the repeats are word-for-word copies and
translations of each other, the worst case for reuse alignment, since every pair aligns).
Two figures:

* **full**: attributions of every article (spaCy / rules), paragraph vectors (USE, one
  thread), pairwise reuse alignment, chains and independent origins;
* **story part only**: the same with the per-article traces already at hand (what a cache
  of per-article results would leave), i.e. encoding, alignment, chains, origins.

Per-core rate is stories per CPU-second of this process (it holds on a busy machine);
wall-clock rate is printed too. Models are loaded before timing.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from machine import describe
from storytrace.pipeline import Pipeline
from storytrace.records import Article
from storytrace.store import Store
from storytrace.stories.encoders import get_encoder
from storytrace.trace import trace_article
from storytrace.trace.chains import Member
from storytrace.trace.story import member_of, trace_members

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def example_articles() -> list[Article]:
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "b.db") as store:
        Pipeline(store).ingest(
            [str(EXAMPLES / "pages"), str(EXAMPLES / "archive.warc.gz"), str(EXAMPLES / "feed.xml")]
        )
        return list(store.articles(limit=None))


def story_of(articles: list[Article], n: int) -> list[tuple[Member, Article]]:
    items = []
    for i in range(n):
        base = articles[i % len(articles)]
        round_ = i // len(articles)
        outlet = base.outlet if round_ == 0 or not base.outlet else f"{base.outlet} {round_ + 1}"
        art = replace(base, outlet=outlet)
        items.append((member_of(art, i + 1), art))
    return items


def main() -> None:
    args = [int(a) for a in sys.argv[1:] if a.isdigit()]
    n = args[0] if args else 20
    rounds = args[1] if len(args) > 1 else 3
    articles = example_articles()
    items = story_of(articles, n)
    # warm up: parsers of every language and the encoder
    for _, a in items[: len(articles)]:
        trace_article(a)
    get_encoder("use").encode(["warm up"])

    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        result = trace_members(items, encoder="use")
    full_cpu, full_wall = time.process_time() - cpu0, time.perf_counter() - wall0
    traces = result.traces

    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        # fresh encoder vectors each round: only the per-article traces are reused
        part = trace_members(items, encoder="use", traces=traces)
    part_cpu, part_wall = time.process_time() - cpu0, time.perf_counter() - wall0

    pairs = len(part.reuse)
    paragraphs = sum(len(a.paragraphs) for _, a in items)
    print(f"machine: {describe()}")
    print(
        f"story: {n} articles, {paragraphs} paragraphs, languages "
        f"{sorted({a.language or '?' for _, a in items})}; {pairs} article pairs share passages; "
        f"origins {result.origins.count}; {rounds} rounds"
    )
    print(
        f"full (attributions + reuse + chains): {rounds / full_cpu:.3f} stories/s per core "
        f"({full_cpu / rounds:.2f} CPU-s per story), {rounds / full_wall:.3f} stories/s wall"
    )
    print(
        f"story part only (traces cached): {rounds / part_cpu:.3f} stories/s per core "
        f"({part_cpu / rounds:.2f} CPU-s per story), {rounds / part_wall:.3f} stories/s wall"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
