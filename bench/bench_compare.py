"""Compare speed: stories per second for the comparison of a 20-article story, per core.

    .venv/bin/python bench/bench_compare.py              # 3 stories of 20 versions, once
    .venv/bin/python bench/bench_compare.py --rounds 3   # steadier figure
    .venv/bin/python bench/bench_compare.py --versions 80  # how the cost grows with a story

The stories are synthetic but made of real prose: the bundled examples are ingested into
a temporary SQLite store through the real pipeline, each example story is read back as
versions (:func:`storytrace.compare.story.load_story`), and resampled to 20 versions:
version k is one of the story's versions, rewritten (a paragraph dropped, a number
changed, the paragraphs after the lead in another order), so the story has omissions,
number mismatches and reordering to find, as a story with many outlets has.

Figures (CPU seconds of this process, one thread: numpy/BLAS and the encoder are kept to
one thread, so the figure is per core; wall seconds beside):

1. compare only: ``compare_versions`` on 20 versions whose attributions were traced
   beforehand (as ``storytrace compare`` does: the trace runs once, in ``load_story``);
2. end to end: the same with the trace of each version included (attributions None);
3. corroboration and digest on top of (1);
4. peak memory (max RSS) of the process.

Models are loaded (and warmed on one story) before timing.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))

from machine import describe  # noqa: E402
from storytrace.compare import compare_versions  # noqa: E402
from storytrace.compare.records import Version  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
VERSIONS = 20
_NUMBER = re.compile(r"\b\d{1,3}\b")


def _rewrite(v: Version, k: int, rng: random.Random) -> Version:
    paragraphs = v.text.split("\n\n")
    if k >= 1 and len(paragraphs) > 3:
        del paragraphs[rng.randrange(1, len(paragraphs))]
    if k % 3 == 2 and len(paragraphs) > 3:
        rest = paragraphs[1:]
        rng.shuffle(rest)
        paragraphs = [paragraphs[0], *rest]
    text = "\n\n".join(paragraphs)
    if k % 2 == 1:
        found = list(_NUMBER.finditer(text))
        if found:
            m = rng.choice(found)
            text = text[: m.start()] + str(int(m.group()) + 1 + k % 5) + text[m.end() :]
    return replace(v, id=f"{v.id}.{k}", text=text, attributions=None)


def stories(versions: int = VERSIONS) -> list[list[Version]]:
    """Each example story resampled to ``versions`` versions (without attributions)."""
    from storytrace.compare.story import load_story
    from storytrace.pipeline import Pipeline
    from storytrace.store import Store
    from storytrace.stories.views import list_stories

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
        inputs = [str(p) for p in sorted(EXAMPLES.iterdir()) if p.name in {"pages", "feed.xml"}]
        Pipeline(store).ingest([*inputs, str(EXAMPLES / "archive.warc.gz")])
        Pipeline(store).ingest([str(EXAMPLES / "updates")])
        out = []
        for record in sorted(list_stories(store, limit=None), key=lambda s: s.id):
            loaded = load_story(store, record.id, trace=False)
            assert loaded is not None
            base = loaded.versions
            rng = random.Random(record.id)
            out.append([_rewrite(base[k % len(base)], k, rng) for k in range(versions)])
        return out


def traced(versions: list[Version]) -> list[Version]:
    from storytrace.trace import trace_text

    return [
        replace(v, attributions=tuple(trace_text(v.text, language=v.language).attributions))
        for v in versions
    ]


def timed(fn: object, *args: object) -> tuple[float, float, object]:
    cpu, wall = time.process_time(), time.perf_counter()
    result = fn(*args)  # type: ignore[operator]
    return time.process_time() - cpu, time.perf_counter() - wall, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=1, help="Timed passes over the stories.")
    parser.add_argument(
        "--versions", type=int, default=VERSIONS, help="Versions per story (all pairs compared)."
    )
    args = parser.parse_args()
    versions = args.versions
    print(f"machine: {describe()}")
    sets = stories(versions)
    print(f"stories: {len(sets)} example stories resampled to {versions} versions each")
    ready = [traced(vs) for vs in sets]
    compare_versions(ready[0])  # load the encoder and parsers before timing
    from storytrace.compare.corroboration import corroborate
    from storytrace.compare.digest import make_digest

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu = wall = 0.0
    n = 0
    claims = relations = 0
    comparisons = []
    for _ in range(args.rounds):
        for vs in ready:
            c, w, result = timed(compare_versions, vs)
            cpu, wall, n = cpu + c, wall + w, n + 1
            comparisons.append((vs, result))
            claims += sum(len(x) for x in result.claims.values())  # type: ignore[attr-defined]
            relations += len(result.relations)  # type: ignore[attr-defined]
    print(
        f"1. compare only: {n} stories of {versions} versions, {claims / n:.0f} claims and "
        f"{relations / n:.0f} relations per story: {n / cpu:.2f} stories/s per core "
        f"({cpu / n:.2f} CPU s per story, {wall / n:.2f} s wall)"
    )
    cpu = wall = 0.0
    for vs in sets:
        c, w, _ = timed(compare_versions, vs)
        cpu, wall = cpu + c, wall + w
    print(
        f"2. end to end (trace included): {len(sets) / cpu:.2f} stories/s per core "
        f"({cpu / len(sets):.2f} CPU s per story, {wall / len(sets):.2f} s wall)"
    )
    cpu = wall = 0.0
    for _, result in comparisons[: len(ready)]:
        c1, w1, corr = timed(corroborate, result)
        c2, w2, _ = timed(lambda r, k: make_digest(r, corroboration=k), result, corr)
        cpu, wall = cpu + c1 + c2, wall + w1 + w2
    print(
        f"3. corroboration + digest: {cpu / len(ready):.3f} CPU s per story "
        f"({wall / len(ready):.3f} s wall)"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"4. peak memory: {rss / 1024:.0f} MiB max RSS ({rss0 / 1024:.0f} MiB before timing)")


if __name__ == "__main__":
    main()
