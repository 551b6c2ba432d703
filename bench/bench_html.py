"""HTML cleaning speed: pages per second on one core (single process).

Reads the raw HTML of ../shared/data/cleaning/scrapinghub-html.jsonl.gz (never its gold)
and times, over the same pages,

* ``clean_html``        — storytrace's HTML path (parse, text dump, metadata, trafilatura,
  alignment, recovery, text-level rules, language id);
* ``trafilatura alone`` — ``trafilatura.extract`` on the same HTML, for scale;

then one synthetic huge page (an article followed by ~4.5 MB of link lists), which must
finish in seconds, not minutes. Prints the machine it ran on.

    .venv/bin/python bench/bench_html.py [--runs 1] [--limit 181] [--huge-links 90000]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import describe

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT = SHARED / "data" / "cleaning" / "scrapinghub-html.jsonl.gz"


def timed(runs: int, fn: Callable[[], int]) -> tuple[float, float]:
    """Median pages per second of wall time and of this process's CPU time."""
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        pages = fn()
        w1, c1 = time.perf_counter(), time.process_time()
        wall.append(pages / max(w1 - w0, 1e-9))
        cpu.append(pages / max(c1 - c0, 1e-9))
    return statistics.median(wall), statistics.median(cpu)


def huge_page(links: int) -> str:
    paragraph = (
        "<p>The committee met on a grey morning and heard from residents, engineers and the "
        "harbour master before voting, by a narrow margin, to close the old pier to freight "
        "traffic from next spring while keeping the inner wall open to fishing boats "
        "(part {}).</p>"
    )
    items = "".join(f"<li><a href='/offers/{n}'>Sponsored offer {n}</a></li>" for n in range(links))
    story = "".join(paragraph.format(n) for n in range(8))
    return (
        "<html><head><title>Pier vote</title></head><body><article><h1>Pier vote</h1>"
        f"{story}</article><aside><ul>{items}</ul></aside></body></html>"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--huge-links", type=int, default=90_000)
    args = parser.parse_args()

    from storytrace.clean.html import clean_html, trafilatura_alone
    from storytrace.errors import CleanError
    from storytrace.records import Page

    load = os.getloadavg()[0]
    print(f"machine: {describe()}; load average {load:.2f} (other processes share these cores)")
    if args.file.is_file():
        with gzip.open(args.file, "rt", encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()]
        records = [r for r in records if r.get("format") == "html"][: args.limit]
        pages = [
            Page(
                raw=r["input"].encode("utf-8"),
                source=str(r["id"]),
                origin="jsonl",
                kind="html",
                url=r.get("url"),
                encoding="utf-8",
            )
            for r in records
        ]
        size = sum(len(p.raw) for p in pages) / 1e6
        clean_html(pages[0])  # imports and model loading are not per-page costs

        def ours() -> int:
            for page in pages:
                with contextlib.suppress(CleanError):
                    clean_html(page)
            return len(pages)

        def theirs() -> int:
            for r in records:
                trafilatura_alone(r["input"], r.get("url"))
            return len(records)

        print(
            f"{len(pages)} pages, {size:.1f} MB of HTML from {args.file.name}, "
            f"median of {args.runs} run(s)"
        )
        for name, fn in (("clean_html", ours), ("trafilatura alone", theirs)):
            wall, cpu = timed(args.runs, fn)
            print(f"  {name:18s} {wall:6.1f} pages/s wall   {cpu:6.1f} pages/CPU-s")
    else:
        print(f"{args.file} not found: skipping the benchmark pages")

    html = huge_page(args.huge_links)
    page = Page(raw=html.encode("utf-8"), source="huge.html", origin="file", kind="html")
    w0 = time.perf_counter()
    article = clean_html(page)
    print(
        f"huge page: {len(html) / 1e6:.1f} MB, {args.huge_links} links -> "
        f"{len(article.paragraphs)} paragraphs in {time.perf_counter() - w0:.1f} s wall"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
