"""Text-dump cleaning speed: pages per CPU-second on one core (single process).

Reads the text dumps of ../shared/data/cleaning/l3s-gn1-text.jsonl.gz (never their gold),
cleans them all several times and prints the median, for

* ``clean``      — the headline figure: the whole entry point on a text Page, as
  ``storytrace ingest`` runs it on a dump (decode, clean_text, language id, Article);
* ``clean_text`` — the text-level cleaner alone (rules, metadata, block selection).

The two are timed in alternating runs, so that a neighbour's load falls on both alike.

It times whichever cleaner ``import storytrace.clean`` loads, and says which: the
mypyc-compiled modules that ``make env`` (scripts/compile) builds, or the Python ones
(``STORYTRACE_PURE_PYTHON=1``, or no build).

The per-line caches are emptied before every run, so every run pays for every distinct
line once, as a crawler meeting new sites would. Prints the machine it ran on.

    .venv/bin/python bench/bench_clean.py [--runs 5] [--file PATH]

To compare with an earlier commit without touching the working tree, export its package
and put it first on the path (alternate the two on a shared machine):

    git archive COMMIT src/storytrace | tar -x -C /tmp/before
    PYTHONPATH=/tmp/before/src .venv/bin/python bench/bench_clean.py --runs 3
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
    """Empty every per-line cache of the cleaner (whatever the modules cache)."""
    from storytrace.clean import meta, rules, site, text

    for module in (meta, rules, site, text):
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def timed(fn: Callable[[], int]) -> tuple[float, float]:
    """One cold run (caches emptied): pages per second of wall time and per second of this
    process's CPU time. On a shared machine the wall-clock rate depends on the neighbours;
    the CPU-time rate is what one core, given to this process alone, would do."""
    _clear_caches()
    started, started_cpu = time.perf_counter(), time.process_time()
    pages = fn()
    wall = pages / (time.perf_counter() - started)
    return wall, pages / (time.process_time() - started_cpu)


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

    from storytrace.clean import _compiled

    print(f"machine: {describe()}; load average {os.getloadavg()[0]:.2f} (1 min) at start")
    print(
        "cleaner: "
        + (
            "compiled with mypyc (scripts/compile; STORYTRACE_PURE_PYTHON=1 for Python)"
            if _compiled.active
            else "pure Python (scripts/compile builds the compiled one)"
        )
    )
    print(f"reference: sum(range(10**7)) takes {reference_seconds():.3f} CPU seconds here")
    print(f"input: {args.file.name}: {len(dumps)} text dumps, {n_lines} lines; {args.runs} runs")
    kinds = (("clean (with language id)", run_clean), ("clean_text", run_text))
    rates: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name, _ in kinds}
    for _ in range(args.runs):
        for name, fn in kinds:
            wall, cpu = timed(fn)
            rates[name][0].append(wall)
            rates[name][1].append(cpu)
    for name, (walls, cpus) in rates.items():
        print(
            f"{name:26s} median {statistics.median(cpus):8.1f} pages per CPU-second"
            f" (min {min(cpus):.1f}, max {max(cpus):.1f});"
            f" wall clock {statistics.median(walls):.1f} pages/s"
        )
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
