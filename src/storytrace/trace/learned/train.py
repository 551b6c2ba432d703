"""Train the two CRFs of the learned English extractor from a parsed corpus.

``scripts/train_attribution.py`` is the command-line front; this module holds the steps so
that tests can train a tiny model on sentences of their own.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storytrace.trace.learned.corpus import Parsed
from storytrace.trace.learned.features import (
    _token_ids,
    cue_features,
    cue_labels,
    prepare,
    role_features,
    role_labels,
    role_window,
)

if TYPE_CHECKING:
    from storytrace.trace.learned.wordvec import WordClusters

#: Averaged perceptron for cues: on PolNeAR dev it generalised better than L-BFGS (cue F1
#: 0.718 against 0.670, which fitted train to 0.94).
CUE_PARAMS: dict[str, Any] = {"algorithm": "ap", "max_iterations": 10}
#: The same for roles (given gold cues on dev: content overlap 0.882 against 0.865 for
#: L-BFGS with c1=0.1, c2=0.01, 150 iterations; and minutes instead of twenty).
ROLE_PARAMS: dict[str, Any] = {"algorithm": "ap", "max_iterations": 10}


def training_sequences(
    corpus: list[Parsed],
    *,
    cues: bool = True,
    roles: bool = True,
    clusters: WordClusters | None = None,
) -> tuple[list[tuple[list[list[str]], list[str]]], list[tuple[list[list[str]], list[str]]]]:
    """(features, labels) sequences for the cue tagger and for the role tagger."""
    cue_seqs: list[tuple[list[list[str]], list[str]]] = []
    role_seqs: list[tuple[list[list[str]], list[str]]] = []
    for item in corpus:
        df = prepare(item.doc, item.rules, clusters)
        gold_cues = [a["cue"][0] for a in item.gold if a["cue"]]
        for para in df.paragraphs if cues else ():
            cue_seqs.append((cue_features(df, para), cue_labels(item.doc, para, gold_cues)))
        para_of = {i: para for para in df.paragraphs for i in para}
        for a in item.gold if roles else ():
            toks = _token_ids(item.doc, a["cue"][:1])
            if not toks or toks[0] not in para_of:
                continue
            para = para_of[toks[0]]
            toks = [i for i in toks if i in para_of and para_of[i] is para]
            window = role_window(df, para, toks)
            role_seqs.append(
                (
                    role_features(df, window, toks),
                    role_labels(item.doc, window, toks, a["source"], a["content"]),
                )
            )
    return cue_seqs, role_seqs


def cluster_words(corpus: list[Parsed]) -> tuple[list[str], list[str]]:
    """Lemmas of the corpus's words, and of the words inside its gold cues (for the word
    clusters of :mod:`~storytrace.trace.learned.wordvec`; only centroids are kept)."""
    from storytrace.trace.learned.features import _lemma

    words: set[str] = set()
    cue_words: set[str] = set()
    for item in corpus:
        words.update(_lemma(t) for t in item.doc if t.is_alpha)
        for a in item.gold:
            toks = _token_ids(item.doc, a["cue"])
            cue_words.update(_lemma(item.doc[i]) for i in toks if item.doc[i].is_alpha)
    return sorted(words), sorted(cue_words)


def train_crf(
    seqs: list[tuple[list[list[str]], list[str]]], out: Path, params: dict[str, Any]
) -> None:
    """Fit one CRF and write it to ``out``; deterministic for the same sequences.

    ``params`` are CRFsuite's, plus ``algorithm`` (default ``lbfgs``).
    """
    import pycrfsuite

    # CRFsuite's online algorithms shuffle with the C library's rand(): reseed it so that a
    # model does not depend on what was trained before it in the same process.
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.srand(1)
    except (OSError, AttributeError):
        pass
    params = dict(params)
    trainer = pycrfsuite.Trainer(algorithm=params.pop("algorithm", "lbfgs"), verbose=False)
    for xs, ys in seqs:
        trainer.append(xs, ys)
    trainer.set_params(params)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
