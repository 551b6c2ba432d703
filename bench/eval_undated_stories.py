"""Stories when some pages have no date: B-cubed F1 with a share of the dates hidden.

    .venv/bin/python bench/eval_undated_stories.py [FILE ...] [--share 0.2 0.4] [--seeds 3]
        [--stored] [--old]

Text dumps and copy-pasted pages often carry no date. This reads stories files
(``../shared/data/stories/basil.jsonl`` and ``pac.jsonl`` by default), hides the date of a
share of the articles (chosen by a seeded hash of the id, so every run hides the same
ones), feeds all of them in their true date order, as a crawl would meet them, and scores
the partition as ``storytrace eval stories`` does: over all articles, and over the undated
ones alone. Means over ``--seeds`` choices. ``--stored`` goes through a store (the online
path) instead of the clusterer alone (the same partition, slower); ``--old`` places
undated articles at the stream's clock with the usual time decay, as storytrace did
before ``ClusterConfig.undated_cost``.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from machine import describe
from storytrace.eval.stories import arrival_order, load_records, run_clustering, score_partition
from storytrace.stories.cluster import ClusterConfig

_DEFAULT = ("../shared/data/stories/basil.jsonl", "../shared/data/stories/pac.jsonl")


def _hidden(ids: list[str], share: float, seed: int) -> set[str]:
    return {
        i
        for i in ids
        if int(hashlib.sha1(f"{seed}:{i}".encode()).hexdigest(), 16) % 1000 < share * 1000
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", default=list(_DEFAULT))
    parser.add_argument("--share", type=float, nargs="+", default=[0.2, 0.4])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--stored", action="store_true", help="through a store (online path)")
    parser.add_argument("--old", action="store_true", help="undated articles at the clock")
    args = parser.parse_args()
    config = ClusterConfig(undated_cost=None) if args.old else ClusterConfig()
    print(
        f"# {describe()}; {'stored' if args.stored else 'batch'}; "
        f"{'clock placement (old)' if args.old else 'undated_cost ' + str(config.undated_cost)}"
    )
    for name in args.files:
        path = Path(name)
        if not path.exists():
            sys.exit(f"{path}: not found (the evaluation data sits in ../shared/data)")
        records, errors = load_records(path)
        for error in errors:
            print(f"skipped: {error}", file=sys.stderr)
        ordered = arrival_order(records)
        gold = {r.id: r.story for r in ordered}
        ids = [r.id for r in ordered]
        out = [path.stem]
        for share in [0.0, *args.share]:
            scores, undated = [], []
            for seed in range(args.seeds if share else 1):
                hidden = _hidden(ids, share, seed)
                fed = [
                    dataclasses.replace(r, published=None) if r.id in hidden else r for r in ordered
                ]
                labels = run_clustering(fed, batch=not args.stored, config=config).labels
                scores.append(score_partition(labels, gold).b3_f1)
                if hidden:
                    undated.append(score_partition(labels, gold, subset=hidden).b3_f1)
            cell = f"{share:.0%} hidden: {statistics.mean(scores):.3f}"
            if undated:
                cell += f" (undated {statistics.mean(undated):.3f})"
            out.append(cell)
        print(" | ".join(out), flush=True)


if __name__ == "__main__":
    main()
