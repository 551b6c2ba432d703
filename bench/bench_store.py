"""Store throughput: ingest of N synthetic pages (page + article + signature and bands,
grouped in batches), per-call transactions for comparison, band lookup, search and open.

    .venv/bin/python bench/bench_store.py                       # 10,000 pages, SQLite
    .venv/bin/python bench/bench_store.py --pages 2000 --batch 1
    .venv/bin/python bench/bench_store.py --url postgresql+psycopg://user@127.0.0.1:5432/db

Wall-clock seconds (the store waits on disk and on the server, not only on CPU); one
run, so expect a few percent of noise on a shared machine.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from machine import describe
from storytrace.records import Article, Dated, DroppedLine, Page
from storytrace.store import Store
from synth import page as synth_page

BANDS = 16


def records(i: int) -> tuple[Page, Article, bytes, list[bytes]]:
    url, content = synth_page(i, html=False)
    lines = content.split("\n")
    page = Page(raw=content.encode(), source=url, origin="file", kind="text", url=url)
    article = Article(
        page_hash=page.content_hash,
        title=lines[1],
        paragraphs=lines[3:-8],
        url=url,
        site=url.split("/")[2],
        language="en",
        published=Dated(date_of(i), "bench"),
        dropped=[DroppedLine(0, lines[0], "navigation"), DroppedLine(2, lines[2], "byline")],
    )
    digest = hashlib.blake2b(content.encode(), digest_size=64).digest()
    signature = digest * 16  # 1 KiB, the size of a 128 x uint64 MinHash
    bands = [bytes([b]) + digest[b * 4 : b * 4 + 4] for b in range(BANDS)]
    return page, article, signature, bands


def date_of(i: int):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    return datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=i)


def ingest(store: Store, first: int, count: int, batch: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) to store ``count`` synthetic pages."""
    start, cpu = time.perf_counter(), time.process_time()
    for lo in range(first, first + count, batch):
        with store.transaction():
            for i in range(lo, min(lo + batch, first + count)):
                page, article, signature, bands = records(i)
                ref = store.add_page(page)
                article_id = store.save_article(ref.id, article, fingerprint=page.content_hash)
                store.add_signature(article_id, signature, bands)
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=200, help="pages per transaction")
    parser.add_argument("--url", help="a database URL (default: a temporary SQLite file)")
    args = parser.parse_args()

    print(f"machine: {describe()}")
    with tempfile.TemporaryDirectory() as tmp:
        target = args.url or str(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        store = Store.open(target)
        first_open = time.perf_counter() - t0
        print(f"back-end: {store.engine.dialect.name}")
        print(f"open (empty database, migrate to head): {first_open:.3f} s")

        seconds, cpu = ingest(store, 0, args.pages, args.batch)
        print(
            f"ingest {args.pages} pages (page + article + signature + {BANDS} bands), "
            f"{args.batch} per transaction: {seconds:.2f} s wall = {args.pages / seconds:.0f} "
            f"pages/s; {cpu:.2f} s CPU = {cpu / args.pages * 1000:.2f} ms CPU per page "
            "(synthetic page generation included)"
        )
        few = min(500, args.pages)
        seconds, cpu = ingest(store, args.pages, few, 1)
        print(
            f"ingest {few} more, one transaction per page: {few / seconds:.0f} pages/s wall, "
            f"{cpu / few * 1000:.2f} ms CPU per page"
        )

        total = args.pages + few
        probe = [records(i)[3] for i in range(0, total, max(1, total // 200))]
        times = []
        for bands in probe:
            t = time.perf_counter()
            store.band_candidates(bands)
            times.append(time.perf_counter() - t)
        print(
            f"band_candidates ({BANDS} keys) over {total} articles: "
            f"median {statistics.median(times) * 1000:.2f} ms"
        )
        times = []
        for query in ("council harbour", "minister budget vote", "ceasefire border talks"):
            t = time.perf_counter()
            store.search(query, limit=20)
            times.append(time.perf_counter() - t)
        print(
            f"search (20 hits) over {total} articles: "
            f"median {statistics.median(times) * 1000:.1f} ms"
        )
        t = time.perf_counter()
        listed = store.articles(limit=1000)
        print(f"articles(limit=1000): {(time.perf_counter() - t) * 1000:.0f} ms ({len(listed)})")
        store.close()

        t0 = time.perf_counter()
        Store.open(target).close()
        print(f"open again (up to date, no-op): {(time.perf_counter() - t0) * 1000:.1f} ms")
        if not args.url:
            size = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*"))
            print(f"SQLite file size: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
