"""The stance scorer (hand-computed confusion matrices, the FNC-1 formula), the JSONL
reader, the ``eval stance`` command, and a sanity run on FNC-1 when ../shared is there."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storytrace.cli import app
from storytrace.errors import InputError
from storytrace.eval.stance import (
    Pair,
    body_bootstrap,
    fnc_score,
    load_pairs,
    read_pairs,
    score,
    split_of_bodies,
    split_pairs,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FNC1 = SHARED / "data" / "divergence" / "fnc1-test.jsonl.gz"


def test_fnc_score_formula() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated", "unrelated", "agree"]
    pred = ["agree", "discuss", "unrelated", "unrelated", "agree", "agree"]
    # agree right: 1.0; disagree as discuss: related only, 0.25; discuss missed: 0;
    # unrelated right: 0.25; unrelated called agree: 0; agree right: 1.0.
    got, best = fnc_score(gold, pred)
    assert got == pytest.approx(2.5)
    assert best == pytest.approx(4 * 1.0 + 2 * 0.25)


def test_per_class_scores_by_hand() -> None:
    # confusion (gold -> predicted): agree 2 -> agree, 1 -> discuss;
    # disagree 1 -> disagree, 1 -> agree; discuss 2 -> discuss; unrelated 3 -> unrelated.
    gold = ["agree"] * 3 + ["disagree"] * 2 + ["discuss"] * 2 + ["unrelated"] * 3
    pred = ["agree", "agree", "discuss", "disagree", "agree", "discuss", "discuss"] + [
        "unrelated"
    ] * 3
    report = score(gold, pred)
    p, r, f = report.prf("agree")
    assert (p, r) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert f == pytest.approx(2 / 3)
    p, r, f = report.prf("disagree")
    assert (p, r, f) == (pytest.approx(1.0), pytest.approx(0.5), pytest.approx(2 / 3))
    p, r, f = report.prf("discuss")
    assert (p, r, f) == (pytest.approx(2 / 3), pytest.approx(1.0), pytest.approx(0.8))
    assert report.prf("unrelated") == (1.0, 1.0, 1.0)
    assert report.macro_f1 == pytest.approx((2 / 3 + 2 / 3 + 0.8 + 1.0) / 4)
    summary = report.summary()
    assert summary["disagree_f1"] == pytest.approx(0.6667, abs=1e-4)
    assert summary["confusion"]["disagree"]["agree"] == 1
    # fnc: 7 related all called related (7 * 0.25) + 5 exact (5 * 0.75) + 3 unrelated right.
    assert summary["fnc_score"] == pytest.approx(7 * 0.25 + 5 * 0.75 + 3 * 0.25)
    assert summary["fnc_max"] == pytest.approx(7 + 0.75)


def test_a_class_never_predicted_scores_zero() -> None:
    report = score(["disagree", "agree"], ["agree", "agree"])
    assert report.prf("disagree") == (0.0, 0.0, 0.0)
    assert report.prf("agree") == (pytest.approx(0.5), 1.0, pytest.approx(2 / 3))


def _write(path: Path, rows: Sequence[object], *, extra: str = "") -> Path:
    text = "".join(json.dumps(r) + "\n" for r in rows) + extra
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


ROWS = [
    {
        "id": "a",
        "headline": "Giant squid found alive in Lake Morrow",
        "body": "Biologists found a giant squid alive in Lake Morrow on Tuesday. "
        "The animal was moved to a research tank at the Morrow Institute.",
        "stance": "agree",
    },
    {
        "id": "b",
        "headline": "Giant squid found alive in Lake Morrow",
        "body": "The city council approved a new budget for road repairs on Monday.",
        "stance": "unrelated",
    },
]


def test_reader_names_bad_lines(tmp_path: Path) -> None:
    bad = [{"headline": "x", "body": "y", "stance": "maybe"}, ["not", "an", "object"]]
    path = _write(tmp_path / "pairs.jsonl.gz", [*ROWS, *bad], extra="{oops\n")
    items = list(read_pairs(path))
    assert [i.id for i in items if not isinstance(i, InputError)] == ["a", "b"]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert len(errors) == 3
    assert errors[0].startswith(f"{path}:3: ") and "stance" in errors[0]
    assert "not a JSON object" in errors[1]
    assert "not JSON" in errors[2]


def test_cli_json_last_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "pairs.jsonl", [*ROWS, {"headline": 1}])
    result = CliRunner().invoke(app, ["eval", "stance", str(path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    for key in ("macro_f1", "disagree_f1", "fnc_score", "fnc_score_ratio", "pairs", "pairs_per_s"):
        assert key in summary
    assert summary["pairs"] == 2
    assert summary["errors"] == 1
    assert summary["disagree_f1_sd"] == 0.0 and "macro_f1_sd" in summary
    assert summary["unrelated_f1"] == 1.0
    assert summary["fnc_score"] == pytest.approx(1.25)


def test_cli_text_report_and_missing_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "pairs.jsonl", ROWS)
    result = CliRunner().invoke(app, ["eval", "stance", str(path), "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert "1 pairs" in result.stdout and "FNC score" in result.stdout
    assert "macro F1" in result.stdout and "pairs/s" in result.stdout
    assert "resamples of the bodies" in result.stdout
    missing = CliRunner().invoke(app, ["eval", "stance", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 2
    bad_encoder = CliRunner().invoke(app, ["eval", "stance", str(path), "--encoder", "nope"])
    assert bad_encoder.exit_code == 2
    assert "unknown encoder" in bad_encoder.stderr


def _pairs(n_bodies: int, per_body: int = 3) -> list[Pair]:
    return [
        Pair(f"h{h}-b{b}", f"headline {h}", f"body text number {b}.", "unrelated")
        for b in range(n_bodies)
        for h in range(per_body)
    ]


def test_body_id_from_row_id_or_field_or_text() -> None:
    assert Pair("r00012-b345", "h", "x", "agree").body_id == "b345"
    assert Pair("7", "h", "x", "agree", "body-9").body_id == "body-9"
    anonymous = Pair("7", "h", "some body", "agree")
    assert anonymous.body_id.startswith("sha1:")
    assert anonymous.body_id == Pair("8", "other", "some body", "agree").body_id


def test_split_by_body_disjoint_covering_and_deterministic() -> None:
    pairs = _pairs(41)
    dev, check = split_pairs(pairs, "dev"), split_pairs(pairs, "check")
    assert len(dev) + len(check) == len(pairs)
    assert {p.id for p in dev} | {p.id for p in check} == {p.id for p in pairs}
    assert not {p.body for p in dev} & {p.body for p in check}
    # Every headline of a body stays on its body's side; halves by body, dev rounded up.
    assert len({p.body for p in dev}) == 21 and len({p.body for p in check}) == 20
    # The ranking is sha1("fnc1:" + body id), whatever the file order.
    ranked = sorted(
        {p.body_id for p in pairs}, key=lambda i: hashlib.sha1(f"fnc1:{i}".encode()).hexdigest()
    )
    assert {p.body_id for p in dev} == set(ranked[:21])
    again = split_pairs(list(reversed(pairs)), "dev")
    assert {p.id for p in again} == {p.id for p in dev}
    assert split_pairs(pairs, "all") == pairs
    with pytest.raises(ValueError, match="unknown split"):
        split_pairs(pairs, "train")


def test_split_keeps_a_text_filed_under_two_ids_on_one_side() -> None:
    pairs = _pairs(30)
    twins = [Pair(f"x{n}-b{900 + n}", "h", p.body, "agree") for n, p in enumerate(pairs[::3])]
    side = split_of_bodies(pairs + twins)
    assert set(side.values()) == {"dev", "check"}
    dev = split_pairs(pairs + twins, "dev")
    check = split_pairs(pairs + twins, "check")
    assert not {p.body for p in dev} & {p.body for p in check}


def test_cli_split(tmp_path: Path) -> None:
    rows = [
        {**ROWS[n % 2], "id": f"p{n}-b{n}", "body": f"{ROWS[n % 2]['body']} ({n})"}
        for n in range(8)
    ]
    path = _write(tmp_path / "pairs.jsonl", rows)
    seen: list[int] = []
    for split in ("dev", "check", "all"):
        result = CliRunner().invoke(app, ["eval", "stance", str(path), "--json", "--split", split])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout.strip().splitlines()[-1])
        assert summary["split"] == split
        seen.append(summary["pairs"])
    assert seen[0] + seen[1] == seen[2] == 8 and seen[0] == 4
    bad = CliRunner().invoke(app, ["eval", "stance", str(path), "--split", "train"])
    assert bad.exit_code == 2 and "--split" in bad.stderr


def test_fnc1_halves() -> None:
    if not FNC1.is_file():
        pytest.skip(f"FNC-1 test data not found at {FNC1} (../shared is absent)")
    everything, errors = load_pairs(FNC1)
    dev, _ = load_pairs(FNC1, split="dev")
    check, _ = load_pairs(FNC1, split="check")
    assert not errors and len(dev) + len(check) == len(everything)
    dev_bodies, check_bodies = {p.body for p in dev}, {p.body for p in check}
    assert not dev_bodies & check_bodies
    assert abs(len(dev_bodies) - len(check_bodies)) <= 1
    # Both halves hold every class (the split is label-blind, but not degenerate).
    for half in (dev, check):
        assert {p.stance for p in half} == {"agree", "disagree", "discuss", "unrelated"}


def test_fnc1_slice_beats_all_unrelated() -> None:
    if not FNC1.is_file():
        pytest.skip(f"FNC-1 test data not found at {FNC1} (../shared is absent)")
    from storytrace.eval.stance import evaluate

    report = evaluate(FNC1, limit=800)
    assert report.pairs == 800 and not report.errors
    gold_unrelated = sum(
        report.confusion[("unrelated", p)] for p in ("agree", "disagree", "discuss", "unrelated")
    )
    share = gold_unrelated / report.pairs
    all_unrelated_macro = (2 * share / (share + 1)) / 4
    assert report.macro_f1 > all_unrelated_macro + 0.1
    assert report.fnc / report.fnc_max > 0.75


def test_body_bootstrap_spread() -> None:
    # Every body judged perfectly: no spread, whatever the resample.
    gold = ["agree", "disagree", "unrelated", "discuss"] * 5
    bodies = [f"b{i // 4}" for i in range(20)]
    assert body_bootstrap(gold, gold, bodies) == (0.0, 0.0)
    # One body all wrong on its disagree pairs, the others right: a spread, the same for
    # the same seed, and pairs of one body move together.
    predicted = list(gold)
    predicted[1] = "agree"
    first = body_bootstrap(gold, predicted, bodies)
    assert first[0] > 0.0 and first[1] > 0.0
    assert body_bootstrap(gold, predicted, bodies) == first
    assert body_bootstrap([], [], []) == (0.0, 0.0)
