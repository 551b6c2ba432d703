"""Story tracing on BASIL triplets (../shared/data/stories/basil.jsonl): the same event
reported by three outlets (The New York Times, Fox News, HuffPost), mostly in their own
words. There is no gold for citations or derivation, so this is a descriptive check of
the story-level tracer on real news, not a score:

* how many independent origins each triplet gets (3: three own reports; fewer: one of
  them re-reports another, or all lean on one agency);
* which outlets the articles cite, and which citation edges join the triplet's outlets;
* how many article pairs text reuse calls a derivation (``copy``/``rewrite``), which for
  three newsrooms writing their own copy should be rare: a high rate would mean the
  verbatim threshold is too loose for real news.

    .venv/bin/python bench/eval_trace_basil.py [STORIES=70] [--no-attributions]
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from machine import describe
from storytrace.records import Article
from storytrace.trace.chains import Member
from storytrace.trace.records import ArticleTrace
from storytrace.trace.story import trace_members

BASIL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "stories" / "basil.jsonl"
#: BASIL's outlet codes, as the outlets name themselves.
OUTLETS = {"nyt": "The New York Times", "fox": "Fox News", "hpo": "HuffPost"}


def main() -> None:
    if not BASIL.is_file():
        sys.exit(f"BASIL not available: {BASIL} is absent (../shared not mounted)")
    args = [int(a) for a in sys.argv[1:] if a.isdigit()]
    limit = args[0] if args else 70
    attributions = "--no-attributions" not in sys.argv
    rows = [json.loads(line) for line in BASIL.read_text(encoding="utf-8").splitlines() if line]
    stories: dict[str, list[dict]] = {}
    for r in rows:
        stories.setdefault(r["story"], []).append(r)
    chosen = sorted(stories)[:limit]
    origins: Counter[int] = Counter()
    cited: Counter[str] = Counter()
    inner: Counter[tuple[str, str, str]] = Counter()
    kinds: Counter[str] = Counter()
    pairs = derived = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for n, story in enumerate(chosen):
        items = []
        for i, r in enumerate(stories[story], 1):
            paragraphs = [p for p in r["text"].split("\n\n") if p.strip()]
            outlet = OUTLETS.get(r["outlet"], r["outlet"])
            day = date.fromisoformat(r["published"]) if r["published"] else None
            art = Article(page_hash=r["id"], title=r["title"], paragraphs=paragraphs, outlet=outlet)
            art.language = r["lang"]
            items.append((Member(i, outlet, day, r["lang"], r["title"]), art))
        # without attributions: every article counts as traced, with none found
        skip = None if attributions else {m.article_id: ArticleTrace([]) for m, _ in items}
        result = trace_members(items, traces=skip)
        origins[result.origins.count] += 1
        own = {m.outlet for m, _ in items}
        for e in result.chains.edges:
            if e.citing in own:
                cited[e.cited] += 1
                if e.cited in own:
                    inner[(e.citing, e.cited, e.via)] += 1
        pairs += len(items) * (len(items) - 1) // 2
        for link in result.reuse:
            if link.derived:
                derived += 1
                kinds[link.kind] += 1
        if (n + 1) % 10 == 0:
            print(f"  {n + 1} stories ...", file=sys.stderr)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    print(f"machine: {describe()}")
    print(
        f"BASIL: {len(chosen)} triplets, {sum(len(stories[s]) for s in chosen)} articles; "
        f"attributions {'on' if attributions else 'off (reuse and mentions only)'}"
    )
    print(
        "independent origins per triplet: "
        + ", ".join(f"{k}: {v}" for k, v in sorted(origins.items()))
    )
    print(f"derived reuse links: {derived} of {pairs} article pairs ({dict(kinds)})")
    print(
        "citation edges between the triplet's outlets: "
        + (
            ", ".join(f"{a} -> {b} ({via}) x{c}" for (a, b, via), c in inner.most_common())
            or "none"
        )
    )
    print("most cited: " + ", ".join(f"{k} {v}" for k, v in cited.most_common(12)))
    print(f"time: {cpu:.1f} CPU-s, {wall:.1f} s wall ({len(chosen) / cpu:.2f} stories/s per core)")


if __name__ == "__main__":
    main()
