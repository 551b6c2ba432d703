"""``storytrace eval divergence``: the token scorer on hand-made pairs (our own words), and
the command end to end on a tiny X-PARADE-shaped file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from storytrace.cli import app
from storytrace.eval.divergence import Pair, Report, score_pair, token_offsets

TEXT = "The council met. The mayor resigned."
TOKENS = ("EN:", "The", "council", "met", ".", "The", "mayor", "resigned", ".")


def _pair(votes: list[tuple[int, int]], pair_type: str = "es-en") -> Pair:
    return Pair("t", pair_type, "premise", TEXT, TOKENS, tuple(votes))


def test_token_offsets_skip_the_language_tag_and_follow_the_text() -> None:
    spans = token_offsets(TEXT, TOKENS)
    assert spans[0] is None  # "EN:" is not in the text
    assert spans[1] == (0, 3) and spans[5] == (17, 20)  # the second "The", not the first
    assert spans[-1] == (35, 36)


def test_scores_by_hand() -> None:
    # gold (majority of 3): "mayor resigned" (2 votes each); "met" has 1 vote (any only)
    votes = [(0, 3), (0, 3), (0, 3), (1, 3), (0, 3), (0, 3), (2, 3), (2, 3), (0, 3)]
    report = Report()
    # predicted: the whole second sentence, "The mayor resigned."
    score_pair(_pair(votes), [(17, 36)], report)
    majority = report.counts[("all", "majority")]
    assert (majority.tp, majority.fp, majority.fn) == (2, 2, 0)
    # 8 tokens in the text, 2 new: flagging all of them scores 2 * 2 / (2 + 8)
    assert majority.scores() == {
        "precision": 0.5,
        "recall": 1.0,
        "f1": 0.6667,
        "flag_all_f1": 0.4,
    }
    anyone = report.counts[("all", "any")]
    assert (anyone.tp, anyone.fp, anyone.fn) == (2, 2, 1)
    assert report.counts[("es-en", "majority")].tp == 2


def test_hindi_pairs_are_kept_apart() -> None:
    report = Report()
    score_pair(_pair([(3, 3)] * len(TOKENS), "hi-en"), [(0, 36)], report)
    assert report.counts[("all-hi", "majority")].tp == 8
    assert report.counts[("all", "majority")].tp == 0


def _item(
    text: str, words: list[str], new: list[int], pair_type: str, premise: str
) -> dict[str, object]:
    """One X-PARADE item whose two annotators both marked ``new`` (token indexes)."""
    return {
        "tokens": {"0": "EN:", **{str(i + 1): w for i, w in enumerate(words)}},
        "text": text,
        "pair_type": pair_type,
        "premise": premise,
        "pageid": "1",
        "annotations": [{"annotator_id": n, "spans": {"new information": new}} for n in range(2)],
    }


def test_command_flags_the_sentence_the_premise_lacks(tmp_path: Path) -> None:
    text = (
        "The town council approved the new library budget on Monday evening. "
        "The harbour master announced that the ferry service will stop in November."
    )
    words = text.replace(".", " .").split()
    second = words.index("harbour") - 1  # "The" of the second sentence
    new = list(range(second + 1, len(words) + 1))  # token indexes (0 is the tag)
    premise = "On Monday evening the town council approved the new budget of the library."
    item = _item(text, words, new, "en-en", premise)
    path = tmp_path / "en-en-adj-dev.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "divergence", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["pairs"] == 1
    assert summary["recall"] == 1.0  # the ferry sentence is an addition
    assert summary["precision"] >= 0.9  # and the budget sentence is not


def test_command_refuses_a_bad_split(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "divergence", str(tmp_path), "--split", "x"])
    assert result.exit_code == 2


def test_coverage_samples_and_the_fit_of_the_coverage_model(tmp_path: Path) -> None:
    from storytrace.compare.coverage import fit
    from storytrace.eval.divergence import coverage_samples

    text = "Rain flooded several streets in the centre, and residents had to sleep at neighbours."
    words = text.replace(",", " ,").replace(".", " .").split()
    new = [i + 1 for i in range(words.index("and"), len(words))]
    item = _item(text, words, new, "fr-en", "La pluie a inondé plusieurs rues du centre.")
    (tmp_path / "fr-en-adj-dev.json").write_text(json.dumps([item]), encoding="utf-8")
    samples = coverage_samples([tmp_path], split="dev")
    assert [(round(share), n) for _, share, n in samples] == [(0, 7), (1, 7)]
    said, unsaid = samples[0][0], samples[1][0]
    assert said["s_al"] > unsaid["s_al"] and said["w_al"] > unsaid["w_al"]
    # the fit finds that coverage speaks against new information
    rows = [{"s_al": 0.2 + 0.1 * k} for k in range(6)]
    model = fit(rows, ["s_al"], [1, 1, 1, 0, 0, 0], [1] * 6)
    assert model.weights[0][1] < 0 and model.probability({"s_al": 0.2}) > 0.5
