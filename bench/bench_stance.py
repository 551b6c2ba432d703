"""Stance judging speed: pairs/s per core, with and without encoding the texts.

    .venv/bin/python bench/bench_stance.py [BODIES=30] [HEADLINES=20] [--synthetic]

Pairs: every headline against every body. The texts are the first BODIES distinct bodies
and HEADLINES distinct headlines of ../shared/data/divergence/fnc1-test.jsonl.gz when that
file is there (real news, about 2,000 characters a body), else synthetic ones written from
a small vocabulary (``--synthetic`` forces these). Two figures: *cold*, analysing and
encoding each distinct text once (USE, one thread) and then judging every pair; *warm*,
judging the pairs again with the texts already prepared (the cost per extra pair). Per-core
rates are pairs per CPU-second of this process, so they hold on a busy machine.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from machine import describe
from synth import paragraph, sentence

FNC1 = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "divergence"
    / "fnc1-test.jsonl.gz"
)


def texts(n_bodies: int, n_headlines: int) -> tuple[list[str], list[str], str]:
    if "--synthetic" not in sys.argv and FNC1.is_file():
        bodies: dict[str, None] = {}
        heads: dict[str, None] = {}
        with gzip.open(FNC1, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if len(bodies) < n_bodies:
                    bodies[row["body"]] = None
                if len(heads) < n_headlines:
                    heads[row["headline"]] = None
                if len(bodies) >= n_bodies and len(heads) >= n_headlines:
                    break
        return list(bodies), list(heads), f"FNC-1 texts ({FNC1.name})"
    rng = random.Random(7)
    body_list = [
        "\n\n".join(paragraph(rng) for _ in range(rng.randint(4, 9))) for _ in range(n_bodies)
    ]
    head_list = [sentence(rng).rstrip(".") for _ in range(n_headlines)]
    return body_list, head_list, "synthetic texts"


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n_bodies = int(args[0]) if args else 30
    n_heads = int(args[1]) if len(args) > 1 else 20
    bodies, heads, what = texts(n_bodies, n_heads)

    from storytrace.compare.stance import StanceJudge
    from storytrace.stories.encoders import get_encoder

    get_encoder("use").encode(["warm-up"])  # model load is not timed
    pairs = [(h, b) for b in bodies for h in heads]
    judge = StanceJudge()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    judge.prepare(heads, bodies)
    labels = [judge.judge(h, b).label for h, b in pairs]
    cold_cpu, cold_wall = time.process_time() - cpu0, time.perf_counter() - wall0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for h, b in pairs:
        judge.judge(h, b)
    warm_cpu, warm_wall = time.process_time() - cpu0, time.perf_counter() - wall0

    chars = sum(len(b) for b in bodies) / len(bodies)
    counts = {k: labels.count(k) for k in sorted(set(labels))}
    print(f"machine: {describe()}")
    print(
        f"input: {len(bodies)} bodies ({chars:,.0f} chars each) x {len(heads)} headlines"
        f" = {len(pairs)} pairs, {what}; labels {counts}"
    )
    print(
        f"cold (encode each text once, then judge): {len(pairs) / cold_cpu:,.0f} pairs/s"
        f" per core, {len(pairs) / cold_wall:,.0f} pairs/s wall ({cold_wall:.1f} s)"
    )
    print(
        f"warm (texts prepared): {len(pairs) / warm_cpu:,.0f} pairs/s per core,"
        f" {len(pairs) / warm_wall:,.0f} pairs/s wall ({warm_wall:.2f} s)"
    )


if __name__ == "__main__":
    main()
