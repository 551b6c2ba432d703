"""Text-dump cleaning speed: pages per second on one core (single process).

Reads the text dumps of ../shared/data/cleaning/l3s-gn1-text.jsonl.gz (never their gold),
cleans them all several times and prints the median, for

* ``clean_text`` — the text-level cleaner alone (rules, metadata, block selection);
* ``clean``      — the whole entry point on a text Page (decode, clean_text, language id).

The per-line caches are emptied before every run, so every run pays for every distinct
line once, as a crawler meeting new sites would. Prints the machine it ran on.

    .venv/bin/python bench/bench_clean.py [--runs 5] [--file PATH]
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
DEFAULT = SHARED / "data" / "cleaning" / "l3s-gn1-text.jsonl.gz"


def reference_seconds() -> float:
    """CPU seconds of a fixed pure-Python loop, best of 3: compare machines (and a busy
    machine with a quiet one) by it; an idle recent x86 core takes about 0.1 s."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        sum(range(10**7))
        best = min(best, time.process_time() - started)
    return best


def _clear_caches() -> None:
    from storytrace.clean import rules, text

    rules.line_reason.cache_clear()
    rules.comment_marker.cache_clear()
    text._quick.cache_clear()
    text.line_score.cache_clear()
    text._classify.cache_clear()


def timed(runs: int, fn: Callable[[], int]) -> tuple[list[float], list[float]]:
    """Pages per second of wall time and per second of this process's CPU time.

    On a shared machine the wall-clock rate depends on the neighbours; the CPU-time
    rate is what one core, given to this process alone, would do.
    """
    wall, cpu = [], []
    for _ in range(runs):
        _clear_caches()
        started, started_cpu = time.perf_counter(), time.process_time()
        pages = fn()
        wall.append(pages / (time.perf_counter() - started))
        cpu.append(pages / (time.process_time() - started_cpu))
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--file", type=Path, default=DEFAULT)
    args = parser.parse_args()
    if not args.file.is_file():
        print(f"skipped: {args.file} is absent (../shared not mounted); nothing to time")
        return 0

    from storytrace.clean import CleanError, clean, clean_text, detect_language
    from storytrace.records import Page

    with gzip.open(args.file, "rt", encoding="utf-8") as fh:
        dumps = [json.loads(line)["input"] for line in fh if line.strip()]
    pages = [
        Page(
            raw=d.encode("utf-8"), source=f"bench:{n}", origin="text", kind="text", encoding="utf-8"
        )
        for n, d in enumerate(dumps)
    ]
    n_lines = sum(d.count("\n") + 1 for d in dumps)
    detect_language("warm up the language model once")  # model load is not per page
    clean_text(dumps[0])

    def run_text() -> int:
        for d in dumps:
            clean_text(d)
        return len(dumps)

    def run_clean() -> int:
        done = 0
        for page in pages:
            with contextlib.suppress(CleanError):  # an empty page still counts as handled
                clean(page)
            done += 1
        return done

    print(f"machine: {describe()}; load average {os.getloadavg()[0]:.2f}")
    print(f"reference: sum(range(10**7)) takes {reference_seconds():.3f} CPU seconds here")
    print(f"input: {args.file.name}: {len(dumps)} text dumps, {n_lines} lines; {args.runs} runs")
    for name, fn in (("clean_text", run_text), ("clean (with language id)", run_clean)):
        wall, cpu = timed(args.runs, fn)
        print(
            f"{name:26s} median {statistics.median(cpu):8.1f} pages per CPU-second"
            f" (min {min(cpu):.1f}, max {max(cpu):.1f});"
            f" wall clock {statistics.median(wall):.1f} pages/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
