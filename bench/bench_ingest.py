"""Ingest N synthetic pages (JSONL) into a fresh SQLite store: pages/s and peak memory.

    .venv/bin/python bench/bench_ingest.py [N=10000]

Runs the real pipeline (ingest → store → clean → copies) in one process, as
`storytrace ingest` does. Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from machine import describe
from synth import page


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    from storytrace.pipeline import Pipeline
    from storytrace.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "pages.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for i in range(n):
                url, html = page(i)
                f.write(json.dumps({"url": url, "html": html}) + "\n")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        store = Store.open(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        report = Pipeline(store).ingest([str(src)])
        elapsed = time.perf_counter() - t0
        store.close()
        db_mb = (Path(tmp) / "bench.db").stat().st_size / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {describe()}")
    print(
        f"ingest: {n} pages in {elapsed:.1f} s = {n / elapsed:.0f} pages/s (1 process); "
        f"{report.articles} articles, {report.copies} copies, {len(report.rejected)} rejected"
    )
    print(
        f"peak memory: {peak_mb:.0f} MB (before ingest {rss_before / 1024:.0f} MB); "
        f"store {db_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
