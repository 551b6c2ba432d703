"""Copy detection: signature speed, LSH lookup cost vs store size, and (``--tune``) the
measurements behind the shingle size, band layout and threshold.

    .venv/bin/python bench/bench_dedup.py                 # speed + lookup cost
    .venv/bin/python bench/bench_dedup.py --sizes 1000,4000,16000
    .venv/bin/python bench/bench_dedup.py --tune          # needs ../shared/data

Speed is CPU time of this process (per core), median (and best) of 7 runs, over synthetic
~600-word articles (pseudo-words with a Zipf-like spread); with ../shared present, also
over the shared stories' texts (read at run time, never copied). The load average is
printed with the machine: on a shared machine other processes slow even CPU time down.

--tune builds, for each shared story text, synthetic wire copies (a dateline and a
credit line of pseudo-words added; 1% or 3% of words replaced; the last 20% cut) and
measures the Jaccard similarity of copies, of same-story rewrites by other outlets
(BASIL triplets, PAC pairs) and of unrelated texts for shingle sizes 1..7 (true and
estimated, with misses and false merges per threshold); then, for the chosen size, how
often each LSH layout makes candidates of each kind of pair.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import statistics
import string
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from machine import describe

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


# --- synthetic text -------------------------------------------------------------------


def vocabulary(size: int = 20_000, seed: int = 11) -> tuple[list[str], list[float]]:
    """Pseudo-words with Zipf weights: news-like word frequencies, no real text."""
    rng = random.Random(seed)
    words = sorted(
        {
            "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 11)))
            for _ in range(size)
        }
    )
    rng.shuffle(words)
    return words, [1.0 / (rank + 1) for rank in range(len(words))]


def synthetic_articles(n: int, words: int = 600, seed: int = 1) -> list[str]:
    vocab, weights = vocabulary()
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        paragraphs, left = [], words
        while left > 0:
            k = min(left, rng.randint(25, 80))
            paragraphs.append(" ".join(rng.choices(vocab, weights, k=k)).capitalize() + ".")
            left -= k
        out.append("\n\n".join(paragraphs))
    return out


def wire_copy(text: str, rng: random.Random, edit: float = 0.0) -> str:
    """A partner site's run of ``text``: dateline, credit line, a share of words replaced."""
    vocab, _ = vocabulary()
    dateline = f"{rng.choice(vocab).upper()} ({rng.choice(vocab).title()}) - "
    credit = " ".join(rng.choice(vocab) for _ in range(rng.randint(6, 14)))
    words = text.split(" ")
    if edit:
        words = [rng.choice(vocab) if rng.random() < edit else w for w in words]
    return dateline + " ".join(words) + "\n\n" + credit.capitalize() + "."


# --- speed ------------------------------------------------------------------------------


def cpu_rate(fn: Callable[[str], object], texts: Sequence[str], runs: int = 7) -> str:
    """Texts per CPU-second over ``runs`` passes: the median, and the best (on a shared
    machine the spread shows how much other load slowed the median down)."""
    rates = []
    for _ in range(runs):
        t0 = time.process_time()
        for text in texts:
            fn(text)
        rates.append(len(texts) / max(time.process_time() - t0, 1e-9))
    return f"{statistics.median(rates):6.0f} articles/s per core (best {max(rates):.0f})"


def shared_texts() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for name in ("basil.jsonl", "pac.jsonl"):
        path = SHARED / "stories" / name
        if path.exists():
            with path.open(encoding="utf-8") as f:
                rows += [json.loads(line) for line in f if line.strip()]
    return [r for r in rows if r.get("text")]


def bench_speed() -> None:
    from storytrace.dedup import minhash, text_fingerprint, text_keys

    texts = synthetic_articles(400)
    mean_words = statistics.mean(len(t.split()) for t in texts)
    print(f"synthetic articles: {len(texts)}, {mean_words:.0f} words on average")
    for name, fn in (
        ("minhash", minhash),
        ("text_fingerprint", text_fingerprint),
        ("text_keys (both)", text_keys),
    ):
        print(f"  {name:18s} {cpu_rate(fn, texts)}")
    rows = shared_texts()
    if rows:
        stexts = [r["text"] for r in rows]
        mean_words = statistics.mean(len(t.split()) for t in stexts)
        print(f"shared stories texts: {len(stexts)}, {mean_words:.0f} words on average")
        print(f"  {'minhash':18s} {cpu_rate(minhash, stexts)}")
        print(f"  {'text_keys (both)':18s} {cpu_rate(text_keys, stexts)}")


# --- LSH lookup cost vs store size -----------------------------------------------------


def bench_lookup(sizes: Sequence[int]) -> None:
    from storytrace.dedup.sketch import lsh_bands, minhash, signature_bytes
    from storytrace.records import Article, Page
    from storytrace.store import Store

    texts = synthetic_articles(max(sizes), words=300, seed=5)
    probes = synthetic_articles(200, words=300, seed=6)
    copies = [wire_copy(t, random.Random(i)) for i, t in enumerate(texts[:200])]
    print("LSH lookup on a SQLite store (band_candidates + signature fetch of candidates):")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            store = Store.open(Path(tmp) / "lsh.db")
            t0 = time.perf_counter()
            with store.transaction():
                for i, text in enumerate(texts[:size]):
                    page = Page(raw=f"{i}".encode(), source=f"a{i}", origin="file")
                    ref = store.add_page(page)
                    aid = store.save_article(ref.id, Article(page.content_hash, None, [text]))
                    sig = minhash(text)
                    store.add_signature(aid, signature_bytes(sig), lsh_bands(sig))
            build = time.perf_counter() - t0
            times, found = [], 0
            for probe in [*probes, *copies]:
                bands = lsh_bands(minhash(probe))
                t0 = time.perf_counter()
                candidates = store.band_candidates(bands)
                for c in candidates:
                    store.signature(c)
                times.append(time.perf_counter() - t0)
                found += bool(candidates)
            store.close()
        unrelated = statistics.median(times[: len(probes)]) * 1e3
        copy = statistics.median(times[len(probes) :]) * 1e3
        print(
            f"  {size:7d} articles (built in {build:.1f} s): median lookup {unrelated:.2f} ms "
            f"for a new text, {copy:.2f} ms for a copy; {found - len(copies)} of "
            f"{len(probes)} new texts had candidates"
        )


# --- tuning -------------------------------------------------------------------------------


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def tune() -> None:
    from storytrace.dedup.sketch import (
        BANDS,
        ROWS,
        SHINGLE,
        lsh_bands,
        lsh_probability,
        minhash,
        minhash_shingles,
        shingle_hashes,
        similarity,
    )

    rows = [r for r in shared_texts() if len(r["text"].split()) >= 80]
    if not rows:
        print(f"--tune needs {SHARED} (absent): skipped")
        return
    others = []
    gz = SHARED / "cleaning" / "l3s-gn1-text.jsonl.gz"
    if gz.exists():
        with gzip.open(gz, "rt", encoding="utf-8") as f:
            others = [g for g in (json.loads(line)["gold"] for line in f) if len(g.split()) >= 80]
    rng = random.Random(3)
    texts = [r["text"] for r in rows]
    variants = {
        "wire copy": [wire_copy(t, rng) for t in texts],
        "1%-edited": [wire_copy(t, rng, edit=0.01) for t in texts],
        "3%-edited": [wire_copy(t, rng, edit=0.03) for t in texts],
        "trimmed to 80%": [wire_copy(" ".join(t.split(" ")[: len(t.split(" ")) * 4 // 5]), rng)
                           for t in texts],
    }  # fmt: skip
    by_story: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_story.setdefault(r["story"], []).append(i)
    rewrites = [p for ids in by_story.values() for p in combinations(ids, 2)]
    pool = texts + others
    unrelated = [
        (i, j)
        for i, j in (tuple(rng.sample(range(len(pool)), 2)) for _ in range(5_000))
        if not (i < len(rows) and j < len(rows) and rows[i]["story"] == rows[j]["story"])
    ]
    print(
        f"tuning on {len(texts)} story texts ({len(by_story)} stories, {len(rewrites)} "
        f"same-story pairs), {len(others)} more news texts, {len(unrelated)} unrelated pairs"
    )
    print("true Jaccard by shingle size k: copies p1/min, rewrites max/p99, unrelated max")
    print("  k | " + " | ".join(f"{v:>14s}" for v in variants) + " |    rewrites | unrelated")
    for k in range(1, 8):
        sets = [set(shingle_hashes(t, k).tolist()) for t in pool]
        cells = []
        for copies in variants.values():
            js = [
                jaccard(sets[i], set(shingle_hashes(c, k).tolist())) for i, c in enumerate(copies)
            ]
            cells.append(f"{pct(js, 0.01):.3f}/{min(js):.3f}".rjust(14))
        rew = [jaccard(sets[i], sets[j]) for i, j in rewrites]
        unr = [jaccard(sets[i], sets[j]) for i, j in unrelated]
        print(
            f"  {k} | " + " | ".join(cells) + f" | {max(rew):.3f}/{pct(rew, 0.99):.3f} |"
            f"     {max(unr):.3f}"
        )
    thresholds = (0.5, 0.6, 0.7, 0.8, 0.9)
    print(f"estimated Jaccard (128 permutations): copies missed / rewrites merged at {thresholds}")
    for k in range(2, 6):
        sigs = [minhash_shingles(shingle_hashes(t, k)) for t in texts]
        cells = []
        for copies in variants.values():
            est = [similarity(sigs[i], minhash_shingles(shingle_hashes(c, k)))
                   for i, c in enumerate(copies)]  # fmt: skip
            cells.append("/".join(str(sum(e < th for e in est)) for th in thresholds).rjust(14))
        er = [similarity(sigs[i], sigs[j]) for i, j in rewrites]
        merged = "/".join(str(sum(e >= th for e in er)) for th in thresholds)
        print(f"  {k} | " + " | ".join(cells) + f" | {merged} (max {max(er):.3f})")
    sigs = [minhash(t) for t in pool]
    print(f"LSH layouts at k={SHINGLE}: share of pairs that become candidates")
    print(
        "  bands x rows | " + " | ".join(f"{v:>14s}" for v in variants) + " | rewrites | unrelated"
    )
    for bands, rows_ in ((16, 8), (21, 6), (25, 5), (32, 4), (42, 3)):
        keys = [set(lsh_bands(s, bands, rows_)) for s in sigs]
        cells = []
        for copies in variants.values():
            hit = [bool(keys[i] & set(lsh_bands(minhash(c), bands, rows_)))
                   for i, c in enumerate(copies)]  # fmt: skip
            cells.append(f"{statistics.mean(hit):.4f}".rjust(14))
        r = statistics.mean(bool(keys[i] & keys[j]) for i, j in rewrites)
        u = statistics.mean(bool(keys[i] & keys[j]) for i, j in unrelated)
        print(f"  {bands:5d} x {rows_}    | " + " | ".join(cells) + f" |   {r:.4f} |  {u:.5f}")
    print(f"S-curve of {BANDS} x {ROWS}: " + ", ".join(
        f"P({j:.1f})={lsh_probability(j):.4f}" for j in (0.2, 0.4, 0.6, 0.7, 0.8, 0.9)
    ))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000,16000", help="store sizes for lookups")
    parser.add_argument("--tune", action="store_true", help="shingle/band/threshold study")
    args = parser.parse_args()
    print(f"machine: {describe()}; load average {os.getloadavg()[0]:.2f}")
    if args.tune:
        tune()
        return
    bench_speed()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if sizes:  # --sizes "" skips the (slow to build) lookup study
        bench_lookup(sizes)


if __name__ == "__main__":
    main()
