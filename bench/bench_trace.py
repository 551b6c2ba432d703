"""Attribution extraction speed: articles/s per core on full news articles, and peak memory.

    .venv/bin/python bench/bench_trace.py [N=60] [--synthetic] [--language en] [--rules]

Articles: the first N texts of ../shared/data/attribution/polnear-dev.jsonl.gz (real news,
about 4,900 characters each) when that file is there, else N synthetic articles written
from a small vocabulary with reporting sentences mixed in (``--synthetic`` forces these).
One process, one core: parsing (spaCy), the learned English tagger (two CRFs, with our
rules' output as features; ``--rules`` runs the rules alone), source typing and citation
edges.
Per-core rate is articles per CPU-second of this process, so it holds on a busy machine;
wall-clock rate is printed too. The parser is loaded before timing.
"""

from __future__ import annotations

import gzip
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from machine import describe
from synth import paragraph

POLNEAR_DEV = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "attribution"
    / "polnear-dev.jsonl.gz"
)
_NAMES = ["Ilse Varga", "Olan Brisk", "Mara Velt", "the harbour authority", "two officials"]
_CUES = ["said", "told reporters", "warned", "claimed", "added"]


def synthetic(n: int) -> list[str]:
    out = []
    for i in range(n):
        rng = random.Random(i)
        paras = []
        for _ in range(rng.randint(8, 14)):
            p = paragraph(rng)
            who, cue = rng.choice(_NAMES), rng.choice(_CUES)
            if rng.random() < 0.5:
                p += f" “{paragraph(rng)}” {who} {cue}."
            else:
                p += f" {who.capitalize()} {cue} that {paragraph(rng).lower()}"
            paras.append(p)
        out.append("\n\n".join(paras))
    return out


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 60
    language = sys.argv[sys.argv.index("--language") + 1] if "--language" in sys.argv else "en"
    if "--synthetic" not in sys.argv and POLNEAR_DEV.is_file():
        with gzip.open(POLNEAR_DEV, "rt", encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for _, line in zip(range(n), f, strict=False)]
        what = f"PolNeAR dev articles ({POLNEAR_DEV.name})"
    else:
        texts = synthetic(n)
        what = "synthetic articles"

    from storytrace.trace import trace_article
    from storytrace.trace.model import english_extractor, set_english_extractor, spacy_pipeline

    if "--rules" in sys.argv:
        set_english_extractor("rules")
    spacy_pipeline(language)
    trace_article("Warm-up: the mayor said the bridge was closed.", language=language)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    chars = sum(len(t) for t in texts)
    found = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for text in texts:
        found += len(trace_article(text, language=language).attributions)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"machine: {describe()}")
    per_article = chars / len(texts)
    print(f"input: {len(texts)} {what}, {per_article:,.0f} chars/article, language {language}")
    if language == "en":
        print(f"English extractor: {english_extractor()}")
    print(f"attributions found: {found} ({found / len(texts):.1f}/article)")
    print(f"per core: {len(texts) / cpu:.2f} articles/s ({chars / cpu / 1000:,.0f} k chars/s CPU)")
    print(f"wall clock: {len(texts) / wall:.2f} articles/s ({wall:.1f} s)")
    print(f"peak memory: {peak / 1024:.0f} MiB (before timing {rss_before / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
