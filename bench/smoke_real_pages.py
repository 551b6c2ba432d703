"""Real pages end to end: what storytrace flags on pages that were never made for it.

    .venv/bin/python bench/smoke_real_pages.py [--limit N] [--show KIND[,KIND]] [--file PATH]

Ingests the 181 article pages of ``../shared/data/cleaning/scrapinghub-html.jsonl.gz``
(2019-2020, many sites and subjects, a few events told by several sites), or the pages of
another file of the same schema (``--file ../shared/data/cleaning/l3s-gn1-text.jsonl.gz``:
621 text dumps found through a news aggregator in 2007-2008, many stories told by several
sites), into a fresh SQLite
store through the same pipeline as ``storytrace ingest``, then compares every story of two
or more articles as ``storytrace compare`` does. Nothing here is gold-labelled: the figures
are counts to watch, not scores. Most pages share no story, so stories that grow large and
contradictions flagged between them point at over-eager grouping or comparison; every
change that moves these counts should be read (``--show KIND`` prints the evidence).
No page text is copied anywhere; the store lives in a temporary folder.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from machine import describe

PAGES = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "cleaning"
    / "scrapinghub-html.jsonl.gz"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="use the first N pages only")
    parser.add_argument(
        "--show",
        default="",
        help="print the evidence of these relation kinds (comma-separated, e.g. 'hedge added')",
    )
    parser.add_argument("--file", type=Path, default=PAGES, help="pages (cleaning JSONL schema)")
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="write the store to this new SQLite file (to read a story with `storytrace compare"
        " N --evidence --db FILE`) instead of a temporary one",
    )
    args = parser.parse_args()
    if not args.file.is_file():
        print(f"skipped: {args.file} is not here (it comes with ../shared)")
        return 0

    from storytrace.compare import AGREEING
    from storytrace.compare.corroboration import corroborate
    from storytrace.compare.story import compare_story
    from storytrace.pipeline import Pipeline
    from storytrace.store import Store
    from storytrace.stories import views
    from storytrace.stories.store import place_unplaced

    print(f"machine: {describe()}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "pages.jsonl"
        with gzip.open(args.file, "rt", encoding="utf-8") as f, feed.open("w") as out:
            for n, line in enumerate(f):
                if args.limit is not None and n >= args.limit:
                    break
                row = json.loads(line)
                url = row.get("url") or f"https://example.invalid/{row['id']}"
                kind = "text" if row.get("format") == "text" else "html"
                out.write(json.dumps({"url": url, kind: row["input"]}) + "\n")
        if args.keep is not None and args.keep.exists():
            print(f"error: {args.keep} exists; give a new file to --keep")
            return 2
        with Store.open(args.keep or Path(tmp) / "smoke.db") as store:
            report = Pipeline(store).ingest([str(feed)])
            place_unplaced(store)
            sizes = Counter(views.partition(store).values())
            multi = [sid for sid, n in sizes.items() if n > 1]
            kinds: Counter[str] = Counter()
            cells: Counter[str] = Counter()
            show = {k.strip() for k in args.show.split(",") if k.strip()}
            shown: Counter[str] = Counter()
            agreeing = 0
            weak = 0  # pairs of two reports written apart: related, not the claim retold
            corroborated = 0  # claims with two or more independent origins
            for sid in sorted(multi):
                got = compare_story(store, sid)
                if got is None:
                    continue
                corroborated += sum(len(row.origins) > 1 for row in corroborate(got[1], got[0]))
                for rel in got[1].relations:
                    if rel.kind in AGREEING:
                        agreeing += 1
                        weak += bool(rel.evidence.get("weak_link"))
                        continue
                    kinds[rel.kind] += 1
                    cells[rel.cell] += 1
                    if rel.kind in show and shown[rel.kind] < 40:
                        shown[rel.kind] += 1
                        ev = rel.evidence
                        linked = " (linked as a development)" if ev.get("development") else ""
                        why = (
                            f"{rel.kind}: {ev.get('why')} (confidence {rel.confidence:.2f}){linked}"
                        )
                        print(f"* story {sid}: {why}")
                        print(f"    a: {(ev.get('a') or '')[:160]}")
                        print(f"    b: {(ev.get('b') or '')[:160]}")
    seconds = time.perf_counter() - started
    print(
        f"pages {report.seen}: {report.articles} articles, {len(report.rejected)} rejected; "
        f"{len(sizes)} stories, {len(multi)} with 2+ articles, largest {max(sizes.values())}"
    )
    print(
        f"agreeing claim pairs (same, paraphrase, more or less specific): {agreeing}, of"
        f" which {weak} weak (reports written apart: related sentences, not counted as agreeing)"
    )
    print(f"claims with 2+ independent origins: {corroborated}")
    print(f"flagged relations in those stories: {sum(kinds.values())} ({dict(cells)})")
    for kind, n in kinds.most_common():
        print(f"  {kind}: {n}")
    print(f"{seconds:.0f} s in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
