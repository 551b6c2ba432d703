"""Compare the bundled examples' page pairs and score against examples/MANIFEST.json.

For each pair in the manifest's ``relations``: every planted difference (number, hedge
added/removed/resolved, role swap, attribution added, development, added) and every
``only_in_a`` / ``only_in_b`` detail must be found, and nothing else flagged. Headline,
byline and dateline differences are page furniture, not claims: they are listed, not
scored. A flagged relation (anything but same / paraphrase / more or less specific) that
matches no planted item is a false flag.

    .venv/bin/python bench/eval_compare_examples.py [--verbose] [--unscored]

``--unscored`` also compares each example story whole, as ``storytrace compare`` does, and
prints every flag between two pages the manifest does not pair: nothing is planted there,
so these are to be read, not scored (docs/compare-core.md, "The demo stories read pair by
pair").

The pages go through the real pipeline (ingest, clean) into a temporary SQLite store.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

FURNITURE = frozenset({"headline", "byline", "dateline"})
#: Which relation kinds find a planted difference of each manifest kind.
COMPATIBLE: dict[str, frozenset[str]] = {
    "number": frozenset({"number mismatch"}),
    "hedge added": frozenset({"hedge added"}),
    "hedge removed": frozenset({"hedge dropped"}),
    "hedge resolved": frozenset({"hedge dropped"}),
    "role swap": frozenset({"role swap"}),
    "attribution added": frozenset({"attribution added"}),
    # a possibility that happened: the hedge goes, or the source does, or it conflicts
    "development": frozenset({"hedge dropped", "attribution dropped", "other conflict"}),
    "added": frozenset({"addition"}),
}
AGREEING = frozenset({"same", "paraphrase", "more specific", "less specific"})


def norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s or "")).strip()


def touches(planted: str, text: str | None) -> bool:
    """The planted string and the text share most of the shorter one."""
    p, t = norm(planted), norm(text)
    if not p or not t:
        return False
    if p in t or t in p:
        return True
    m = SequenceMatcher(None, p, t, autojunk=False).find_longest_match(0, len(p), 0, len(t))
    return m.size >= min(40, 0.6 * min(len(p), len(t)))


def marked(rel: Any, side: str) -> list[str]:
    sentence = rel.evidence.get(side) or ""
    return [sentence[s:e] for s, e in rel.evidence.get(f"{side}_marks", [])] or [sentence]


@dataclass
class PairReport:
    a: str
    b: str
    type: str
    planted: int = 0
    found: int = 0
    missed: list[str] = field(default_factory=list)
    false_flags: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)
    flagged: int = 0

    @property
    def ok(self) -> bool:
        return not self.missed and not self.false_flags

    def line(self) -> str:
        return (
            f"{self.a} -> {self.b} ({self.type}): found {self.found}/{self.planted}, "
            f"false flags {len(self.false_flags)} of {self.flagged} flagged"
        )


def load_versions(db_dir: Path) -> dict[str, Any]:
    """Every example page as a compare Version, through ingest and clean into SQLite."""
    from storytrace.compare import Version
    from storytrace.pipeline import Pipeline
    from storytrace.store import Store

    manifest = json.loads((EXAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    with Store.open(db_dir / "examples.db") as store:
        order = [str(EXAMPLES / name) for name in manifest["ingest_order"]]
        Pipeline(store).ingest(order[:-1])
        Pipeline(store).ingest(order[-1:])  # the re-crawl, in a later run
        for article in store.articles(limit=None):
            page = store.page(article.page_id)
            assert page is not None
            for entry in manifest["pages"]:
                if entry.get("record"):
                    match = page.url == entry["record"] and (
                        entry["file"].startswith("updates/") == ("updates" in page.source)
                    )
                else:
                    match = page.source.endswith(entry["file"])
                if match:
                    value = article.published.value if article.published else None
                    published = value if isinstance(value, datetime) else None
                    out[entry["id"]] = Version(
                        id=entry["id"],
                        text=article.text,
                        language=article.language or "en",
                        title=article.title or "",
                        outlet=article.outlet,
                        published=published,
                    )
    return out


def score_pair(spec: dict[str, Any], comparison: Any) -> PairReport:
    from storytrace.compare.claims import DATELINE

    rep = PairReport(spec["a"], spec["b"], spec["type"])
    flagged = [r for r in comparison.relations if r.kind not in AGREEING]
    rep.flagged = len(flagged)
    explained: set[int] = set()
    for diff in spec["differences"]:
        if diff["kind"] in FURNITURE:
            rep.furniture.append(diff["kind"])
            continue
        rep.planted += 1
        kinds = COMPATIBLE.get(diff["kind"], frozenset())
        hit = False
        for k, r in enumerate(flagged):
            on_a = "a_contains" not in diff or touches(diff["a_contains"], r.evidence.get("a"))
            on_b = "b_contains" not in diff or touches(diff["b_contains"], r.evidence.get("b"))
            if on_a and on_b:
                explained.add(k)  # on the planted pair: another view of the same change
                hit = hit or r.kind in kinds
        if hit:
            rep.found += 1
        else:
            a_s, b_s = diff.get("a_contains") or "", diff.get("b_contains") or ""
            rep.missed.append(f"{diff['kind']}: {a_s!r} / {b_s!r}")
    for side, kind in (("a", "omission"), ("b", "addition")):
        for item in spec[f"only_in_{side}"]:
            if DATELINE.fullmatch(item) or DATELINE.match(item + " x"):
                rep.furniture.append(f"only_in_{side} dateline")
                continue
            rep.planted += 1
            hit = False
            for k, r in enumerate(flagged):
                if any(touches(item, m) for m in marked(r, side)) or (
                    r.kind in ("attribution dropped", "attribution added")
                    and touches(item, r.evidence.get(side))
                ):
                    explained.add(k)
                    hit = hit or r.kind == kind
            if hit:
                rep.found += 1
            else:
                rep.missed.append(f"{kind}: {item!r}")
    for k, r in enumerate(flagged):
        if k not in explained:
            rep.false_flags.append(
                f"{r.kind}: a={norm(r.evidence.get('a'))[:110]!r} "
                f"b={norm(r.evidence.get('b'))[:110]!r} ({r.evidence.get('why')})"
            )
    return rep


def evaluate(versions: dict[str, Any] | None = None) -> list[PairReport]:
    from storytrace.compare import compare_versions

    manifest = json.loads((EXAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))
    if versions is None:
        with tempfile.TemporaryDirectory() as tmp:
            versions = load_versions(Path(tmp))
    reports = []
    for spec in manifest["relations"]:
        comparison = compare_versions([versions[spec["a"]], versions[spec["b"]]])
        reports.append(score_pair(spec, comparison))
    return reports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and false flags")
    parser.add_argument(
        "--unscored",
        action="store_true",
        help="print the flags between page pairs the manifest does not score, to read",
    )
    parser.add_argument(
        "--speed",
        action="store_true",
        help="also time one comparison of a 20-version story (the example pages, repeated)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from machine import describe

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        versions = load_versions(Path(tmp))
    reports = evaluate(versions)
    elapsed = time.perf_counter() - t0
    planted = sum(r.planted for r in reports)
    found = sum(r.found for r in reports)
    false = sum(len(r.false_flags) for r in reports)
    for r in reports:
        print(r.line())
        if args.verbose:
            for m in r.missed:
                print("   MISSED", m)
            for f in r.false_flags:
                print("   FALSE ", f)
    print(
        f"total: planted differences found {found}/{planted} "
        f"(recall {found / max(1, planted):.3f}), false flags {false}; "
        f"{len(reports)} pairs in {elapsed:.1f} s (incl. ingest and model load)"
    )
    if args.unscored:
        unscored(versions)
    if args.speed:
        speed(versions)
    print(describe())
    return 0


def _when(v: Any) -> float:
    """A version's publication time for ordering (naive times read as UTC; none last)."""
    if v.published is None:
        return float("inf")
    t = v.published if v.published.tzinfo else v.published.replace(tzinfo=UTC)
    return float(t.timestamp())


def unscored(versions: dict[str, Any]) -> None:
    """Each example story compared whole; the flags between pages the manifest leaves
    unpaired, with both sentences."""
    from storytrace.compare import compare_versions

    manifest = json.loads((EXAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))
    scored = {frozenset((r["a"], r["b"])) for r in manifest["relations"]}
    stories: dict[str, list[Any]] = {}
    for page in manifest["pages"]:
        if page["id"] in versions:
            stories.setdefault(page["story"], []).append(versions[page["id"]])
    for story, members in stories.items():
        members.sort(key=_when)
        comparison = compare_versions(members)
        flags = [
            r
            for r in comparison.relations
            if r.kind not in AGREEING
            and r.a is not None
            and r.b is not None
            and r.cell in ("differs", "contradicts")
            and frozenset((r.a.version, r.b.version)) not in scored
        ]
        print(f"{story}: {len(members)} pages, {len(flags)} flags between unscored pairs")
        for r in flags:
            print(f"   {r.kind}: {r.a.version} -> {r.b.version}")
            print(f"      a: {r.a.text}")
            print(f"      b: {r.b.text}")


def speed(versions: dict[str, Any]) -> None:
    """stories/s for a 20-version story on one core: trace, spaCy, vectors, 190 pairs."""
    from storytrace.compare import Version, compare_versions

    pages = list(versions.values())
    story = [
        Version(f"{v.id}-{k}", v.text, v.language, v.title, v.outlet)
        for k, v in ((k, pages[k % len(pages)]) for k in range(20))
    ]
    from storytrace.compare.lexicon import clear_caches

    compare_versions(story[:2])  # models loaded before timing
    clear_caches()
    t = time.perf_counter()
    result = compare_versions(story)
    dt = time.perf_counter() - t
    claims = sum(len(c) for c in result.claims.values())
    print(
        f"speed: 20 versions ({claims} claims, 190 version pairs) in {dt:.2f} s = "
        f"{1 / dt:.3f} stories/s on one core (first sight of each text: no cache)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
