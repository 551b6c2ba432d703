"""Story clustering speed: online assignment with encoding, and the cost per article as
the store grows.

    .venv/bin/python bench/bench_stories.py                       # all figures
    .venv/bin/python bench/bench_stories.py --sizes 10000,100000  # fewer store sizes

1. Throughput: headlines placed one at a time through ``Clusterer.add`` (USE encoding on
   one thread included), as CPU seconds of this process, i.e. per core. With ../shared
   present the OG2021 headlines are read at run time (never copied); otherwise synthetic
   pseudo-word headlines.
2. Cost per article at N stored articles (synthetic growth): the clusterer is brought to
   a steady state by a stream of 1 article/minute (precomputed random unit vectors and
   Zipf-drawn terms), then N articles of older stories are added to its state as they
   would be after weeks of news, then 1,000 more articles are placed and timed. Only the
   window-bounded active index is searched, so the figure should not move with N.
3. Peak memory (max RSS) of this process after the 100k figure.
4. Stored: the same headlines as (1), each stored as a page and an article in a temporary
   SQLite file and placed by ``StoryIndex`` (every placement persisted: story row,
   membership with its reason, term counts), 64 per transaction as the pipeline writes;
   CPU seconds of this process and wall seconds (SQLite's fsyncs show in the wall time).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from machine import describe
from storytrace.stories.cluster import ClusterConfig, Clusterer, Story, StoryItem
from storytrace.stories.encoders import get_encoder

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "stories"
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def _headlines(n: int, rng: random.Random) -> list[str]:
    og = SHARED / "og2021-titles.jsonl"
    if og.is_file():
        with og.open(encoding="utf-8") as fh:
            titles = [json.loads(line)["title"] for line in fh][:n]
        print(f"headlines: first {len(titles)} of {og}")
        return titles
    from synth import sentence

    print("headlines: synthetic (../shared absent)")
    return [sentence(rng) for _ in range(n)]


def throughput(n: int) -> None:
    rng = random.Random(1)
    titles = _headlines(n, rng)
    clusterer = Clusterer()
    clusterer.encoder.encode(["warm up"])
    start = time.process_time()
    for i, title in enumerate(titles):
        clusterer.add([StoryItem(key=i, title=title, published=T0 + timedelta(minutes=i))])
    cpu = time.process_time() - start
    print(f"online, encoding included: {len(titles) / cpu:.1f} articles/s per core "
          f"({len(titles)} articles, {cpu:.1f} CPU s)")  # fmt: skip


def stored_throughput(n: int) -> None:
    import tempfile

    from storytrace.records import Article, Dated, Page
    from storytrace.store import Store
    from storytrace.stories.store import StoryIndex

    titles = _headlines(n, random.Random(1))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        index = StoryIndex(store)
        index.clusterer.encoder.encode(["warm up"])
        start, wall = time.process_time(), time.perf_counter()
        for chunk in range(0, len(titles), 64):
            with store.transaction():
                for i in range(chunk, min(chunk + 64, len(titles))):
                    at = T0 + timedelta(minutes=i)
                    page = Page(raw=f"{i} {titles[i]}".encode(), source=f"b:{i}", origin="text")
                    ref = store.add_page(page)
                    article = Article(page.content_hash, titles[i], [], published=Dated(at, "b"))
                    article_id = store.save_article(ref.id, article)
                    index.add(article_id, title=titles[i], text="", language=None,
                              published=at, outlet=None)  # fmt: skip
        cpu, wall = time.process_time() - start, time.perf_counter() - wall
        store.close()
    print(f"stored (page + article + placement persisted): {len(titles) / cpu:.1f} "
          f"articles/s per core, {len(titles) / wall:.1f} articles/s wall "
          f"({len(titles)} articles)")  # fmt: skip


class Stream:
    """Synthetic articles: a unit vector near one of the live topics, Zipf-drawn terms."""

    def __init__(self, dim: int, seed: int = 7) -> None:
        self.rng = np.random.default_rng(seed)
        self.dim = dim
        self.topics: list[np.ndarray] = []
        self.vocab = 200_000

    def article(self) -> tuple[np.ndarray, list[str]]:
        if not self.topics or self.rng.random() < 0.3:
            self.topics.append(self.rng.standard_normal(self.dim).astype(np.float32))
            self.topics = self.topics[-500:]
        topic = self.topics[int(self.rng.integers(len(self.topics)))]
        v = topic + 0.8 * self.rng.standard_normal(self.dim).astype(np.float32)
        v /= np.linalg.norm(v)
        words = [f"w{int(z)}" for z in self.rng.zipf(1.3, 12) if z < self.vocab]
        return v, words


def _place(c: Clusterer, stream: Stream, i: int) -> None:
    vector, words = stream.article()
    item = StoryItem(key=i, title="", published=T0 + timedelta(minutes=i))
    c.assign(item, vector, " ".join(words))


def cost_at(size: int, *, warm: int = 3000, timed: int = 1000) -> float:
    """Milliseconds of CPU per placed article with ``size`` older articles stored."""
    dim = get_encoder().dim
    c = Clusterer(ClusterConfig(window_hours=24.0))
    c.encoder = get_encoder()
    stream = Stream(dim)
    # History: stories of 1-5 articles, weeks before the stream (out of the window).
    rng = np.random.default_rng(size)
    key = -1
    old = T0 - timedelta(days=60)
    while key > -size:
        sid = c._next_id
        c._next_id += 1
        vec, words = stream.article()
        story = Story(sid, old, old, vec.copy())
        story.add_terms(c.stats.weigh(words))
        for _ in range(int(rng.integers(1, 6))):
            story.members.append(key)
            c.story_of[key] = sid
            c.stats.observe(words)
            key -= 1
        story.weight = len(story.members)
        c.stories[sid] = story
    for i in range(warm):
        _place(c, stream, i)
    start = time.process_time()
    for i in range(warm, warm + timed):
        _place(c, stream, i)
    ms = (time.process_time() - start) / timed * 1000
    print(f"  {size:>9,} stored: {ms:.2f} ms/article ({len(c.index)} active stories, "
          f"{len(c.stories):,} stories in memory)")  # fmt: skip
    return ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="headlines for throughput")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--stored-only", action="store_true", help="only figure 4")
    args = parser.parse_args()
    print(describe())
    if args.stored_only:
        stored_throughput(args.articles)
        return
    throughput(args.articles)
    stored_throughput(args.articles)
    print("cost per article vs stored articles (window 24 h, 1 article/min):")
    base = None
    for size in [int(s) for s in args.sizes.split(",")]:
        ms = cost_at(size)
        base = base or ms
        print(f"    ratio to first: {ms / base:.2f}")
        if size == 100_000:
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"    peak memory after 100k: {rss:.0f} MiB (max RSS of this process)")


if __name__ == "__main__":
    main()
