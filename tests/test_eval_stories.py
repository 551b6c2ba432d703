"""The story scorer on partitions computed by hand, the JSONL loader, and
`storytrace eval stories` end to end (real encoder, real command line)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storytrace.eval.stories import (
    arrival_order,
    load_records,
    multilingual_articles,
    score_partition,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BASIL = SHARED / "data" / "stories" / "basil.jsonl"

# gold: {a b c} {d e}; predicted: {a b} {c d e}
GOLD = {"a": "G1", "b": "G1", "c": "G1", "d": "G2", "e": "G2"}
PRED = {"a": "P1", "b": "P1", "c": "P2", "d": "P2", "e": "P2"}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from storytrace.cli import main; sys.argv[0] = 'storytrace'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=600
    )


def test_bcubed_hand_computed() -> None:
    s = score_partition(PRED, GOLD)
    # precision: a 2/2, b 2/2, c 1/3, d 2/3, e 2/3 -> 11/3 / 5
    assert s.b3_precision == pytest.approx(11 / 15)
    # recall: a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 -> 11/3 / 5
    assert s.b3_recall == pytest.approx(11 / 15)
    assert s.b3_f1 == pytest.approx(11 / 15)
    assert (s.stories, s.gold_stories, s.articles) == (2, 2, 5)


def test_pairwise_hand_computed() -> None:
    s = score_partition(PRED, GOLD)
    # predicted pairs ab, cd, ce, de; gold pairs ab, ac, bc, de; shared ab, de
    assert s.pair_precision == pytest.approx(0.5)
    assert s.pair_recall == pytest.approx(0.5)
    assert s.pair_f1 == pytest.approx(0.5)


def test_singletons_and_one_lump() -> None:
    alone = score_partition({k: k for k in GOLD}, GOLD)
    assert alone.b3_precision == 1.0
    assert alone.b3_recall == pytest.approx((3 * (1 / 3) + 2 * (1 / 2)) / 5)
    assert alone.pair_recall == 0.0
    lump = score_partition({k: "x" for k in GOLD}, GOLD)
    assert lump.b3_recall == 1.0
    assert lump.b3_precision == pytest.approx((3 * 3 / 5 + 2 * 2 / 5) / 5)
    assert lump.pair_precision == pytest.approx(4 / 10)


def test_subset_keeps_whole_stories() -> None:
    s = score_partition(PRED, GOLD, subset=["c", "d"])
    assert s.b3_precision == pytest.approx((1 / 3 + 2 / 3) / 2)
    assert s.b3_recall == pytest.approx((1 / 3 + 1) / 2)
    assert s.articles == 2


def test_perfect_partition_scores_one() -> None:
    s = score_partition({k: v + "!" for k, v in GOLD.items()}, GOLD)
    assert (s.b3_f1, s.pair_f1) == (1.0, 1.0)


def test_mismatched_articles_are_refused() -> None:
    with pytest.raises(ValueError, match="different articles"):
        score_partition({"a": 1}, {"b": 1})


def test_multilingual_articles() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    lang = {"a": "en", "b": "fr", "c": "en", "d": "en"}
    assert sorted(multilingual_articles(gold, lang)) == ["a", "b"]


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n",
        encoding="utf-8",
    )
    return path


def _row(i: str, story: str, title: str, published: str | None, lang: str = "en") -> dict:
    return {
        "id": i, "outlet": None, "lang": lang, "published": published, "title": title,
        "text": "", "url": None, "story": story,
    }  # fmt: skip


def test_loader_reports_bad_lines_and_orders_by_time(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "s.jsonl",
        [
            _row("late", "s1", "Second", "2024-05-02T10:00:00"),
            "{not json",
            {"id": "x"},
            _row("undated", "s2", "Third", None),
            _row("early", "s1", "First", "2024-05-01T09:00:00"),
            _row("early", "s1", "Again", "2024-05-01T09:00:00"),
        ],
    )
    records, errors = load_records(path)
    assert [r.id for r in arrival_order(records)] == ["early", "late", "undated"]
    assert len(errors) == 3
    assert any("s.jsonl:2: not JSON" in e for e in errors)
    assert any("duplicate id 'early'" in e for e in errors)


DAY = "2024-03-01T0"
SMALL = [
    ("a1", "quake", "Strong earthquake of magnitude 6.8 strikes northern Chile", DAY + "2:00"),
    ("b1", "budget", "Parliament of Norway approves the 2025 fisheries budget", DAY + "3:00"),
    ("a2", "quake", "Magnitude 6.8 earthquake shakes northern Chile, no tsunami", DAY + "4:00"),
    ("a3", "quake", "Fuerte terremoto de magnitud 6,8 sacude el norte de Chile", DAY + "5:00"),
    ("b2", "budget", "Norway's parliament passes fisheries budget for 2025", DAY + "6:00"),
    ("c1", "comet", "Astronomers spot a new comet passing close to Jupiter", DAY + "7:00"),
]  # fmt: skip


def test_cli_eval_stories_json(tmp_path: Path) -> None:
    rows: list[object] = [_row(i, s, t, p, "es" if i == "a3" else "en") for i, s, t, p in SMALL]
    path = _write(tmp_path / "small.jsonl", rows)
    done = _run("eval", "stories", str(path), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    for key in ("b3_f1", "b3_precision", "b3_recall", "pair_f1", "stories", "gold_stories",
                "articles", "articles_per_s"):  # fmt: skip
        assert key in result
    assert result["articles"] == 6 and result["gold_stories"] == 3
    assert result["b3_f1"] >= 0.8
    assert set(result["by_language"]) == {"en", "es"}


def test_cli_eval_stories_table_and_missing_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "small.jsonl", [_row(i, s, t, p) for i, s, t, p in SMALL])
    done = _run("eval", "stories", str(path), "--batch")
    assert done.returncode == 0, done.stderr
    assert "B3 F1" in done.stdout and "(batch)" in done.stdout
    missing = _run("eval", "stories", str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 2
    assert "nope.jsonl" in missing.stderr


@pytest.mark.shared
@pytest.mark.slow
def test_basil_reaches_target() -> None:
    if not BASIL.is_file():
        pytest.skip(f"evaluation data not available: {BASIL} is absent (../shared not mounted)")
    from storytrace.eval.stories import evaluate

    report = evaluate(BASIL)
    assert report.overall.articles == 210
    assert report.overall.b3_f1 >= 0.95


def test_online_eval_goes_through_a_store_like_the_pipeline(tmp_path: Path) -> None:
    """The stored online path gives the partition the in-memory clusterer gives, one
    article at a time; records with the same text stay apart."""
    from storytrace.eval.stories import run_clustering, run_stored
    from storytrace.stories.cluster import Clusterer, StoryItem

    rows: list[object] = [_row(i, s, t, p) for i, s, t, p in SMALL]
    rows.append(_row("a1-again", "quake", SMALL[0][2], DAY + "8:00"))
    records, errors = load_records(_write(tmp_path / "small.jsonl", rows))
    assert not errors
    ordered = arrival_order(records)
    stored = run_stored(ordered)
    assert run_clustering(ordered).labels == stored.labels

    memory = Clusterer()
    for r in ordered:
        item = StoryItem(r.id, r.title, r.text, r.lang, r.published, r.outlet)
        memory.add([item])
    expected = memory.partition()
    assert len(stored.labels) == len(rows)

    def groups(labels: dict[str, object]) -> set[frozenset[str]]:
        by: dict[object, set[str]] = {}
        for key, story in labels.items():
            by.setdefault(story, set()).add(str(key))
        return {frozenset(g) for g in by.values()}

    assert groups(stored.labels) == groups({str(k): v for k, v in expected.items()})
    assert stored.labels["a1-again"] == stored.labels["a1"]
