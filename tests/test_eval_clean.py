"""The bag-of-words scorer on hand-computed examples, and `storytrace eval clean`."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from storytrace.eval.clean import bag, overlap, prf, read_records, score_records

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
L3S = SHARED / "data" / "cleaning" / "l3s-gn1-text.jsonl.gz"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command line, in a child process."""
    code = "import sys; from storytrace.cli import main; sys.argv[0] = 'storytrace'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300
    )


def test_bag_is_lowercased_word_multiset() -> None:
    assert bag("The cat, the HAT!") == {"the": 2, "cat": 1, "hat": 1}


def test_overlap_is_multiset_intersection() -> None:
    # pred: a a b c ; gold: a b b d -> min counts: a 1, b 1 -> 2
    assert overlap(bag("a a b c"), bag("a b b d")) == 2
    assert overlap(bag(""), bag("a")) == 0


def test_prf_hand_computed() -> None:
    p, r, f = prf(2, 4, 4)
    assert (p, r, f) == (0.5, 0.5, 0.5)
    p, r, f = prf(3, 4, 6)
    assert p == pytest.approx(0.75) and r == pytest.approx(0.5) and f == pytest.approx(0.6)
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert prf(0, 3, 0)[2] == 0.0


def test_micro_and_macro_on_two_pages() -> None:
    records = [
        {"id": "1", "input": "x", "gold": "a b c d", "gold_has_title": False, "out": "a b x y"},
        {"id": "2", "input": "x", "gold": "e f", "gold_has_title": False, "out": "e f"},
    ]

    def extract(record: Mapping[str, Any]) -> str:
        return str(record["out"])

    scores = score_records(records, extract, name="fixed")
    # page 1: tp 2, pred 4, gold 4 -> F1 0.5 ; page 2: tp 2, pred 2, gold 2 -> F1 1.0
    p, r, f = scores.micro
    assert (scores.tp, scores.n_pred, scores.n_gold) == (4, 6, 6)
    assert p == pytest.approx(4 / 6) and r == pytest.approx(4 / 6) and f == pytest.approx(4 / 6)
    assert scores.macro_f1 == pytest.approx(0.75)


def test_a_failing_extractor_scores_empty_and_is_counted() -> None:
    def extract(record: Mapping[str, Any]) -> str:
        raise RuntimeError("broken page")

    scores = score_records([{"id": "9", "input": "", "gold": "a b"}], extract, name="bad")
    assert scores.errors == 1 and scores.tp == 0
    assert scores.pages[0].error is not None and "9" in scores.pages[0].error


TITLES = [
    "Ferry timetable changes in June",
    "Bridge repairs delayed again",
    "Moorby school wins rowing cup",
    "Storm warning for the estuary",
]


def _fictional_records() -> list[dict[str, Any]]:
    pages = []
    for n in range(4):
        body = (
            f"The river ferry number {n} between Aldwick and Moorby will run every half hour "
            f"from June, the transport board announced, after {n + 2} years of complaints "
            "about crowded boats."
        )
        dump = "\n".join(["Moorby Courier", "Home", "Sport", TITLES[n], body, "Back to top"])
        pages.append(
            {
                "id": f"p{n}",
                "site": "courier.example",
                "url": f"http://courier.example/{n}",
                "format": "text",
                "input": dump,
                "gold": f"{TITLES[n]}\n\n{body}",
                "gold_has_title": True,
            }
        )
    return pages


def test_cli_json_on_a_fictional_file(tmp_path: Path) -> None:
    path = tmp_path / "tiny.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for rec in _fictional_records():
            fh.write(json.dumps(rec) + "\n")
    assert len(list(read_records(path))) == 4
    out = _run("eval", "clean", str(path), "--json")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    for key in ("micro_f1", "macro_f1", "precision", "recall", "pages", "pages_per_s"):
        assert key in summary
    assert summary["pages"] == 4
    assert summary["micro_f1"] == pytest.approx(1.0)


def test_cli_rejects_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text('{"id": "1", "input": "x", "gold": "y"}\nnot json\n', encoding="utf-8")
    out = _run("eval", "clean", str(path), "--json")
    assert out.returncode == 2
    assert "broken.jsonl:2" in out.stderr


@pytest.mark.shared
def test_eval_clean_on_a_slice_of_l3s() -> None:
    if not L3S.is_file():
        pytest.skip(f"evaluation data not available: {L3S} is absent (../shared not mounted)")
    out = _run("eval", "clean", str(L3S), "--json", "--limit", "40")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    assert summary["pages"] == 40
    assert summary["errors"] == 0
    # far above what keeping every line gives (about 0.3 on this data)
    assert summary["micro_f1"] > 0.8
