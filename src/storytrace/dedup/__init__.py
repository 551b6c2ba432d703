"""dedup: copies of one text (re-posts, wire copies), found by URL, exact text or MinHash.

Pure keys live in :mod:`.urls` and :mod:`.sketch`; the store-backed decisions in
:mod:`.copies`. Attributes load lazily so that importing the package (the CLI does)
does not pull in numpy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storytrace.dedup.copies import (
        THRESHOLD,
        CopyDecision,
        RegroupReport,
        assign,
        regroup,
    )
    from storytrace.dedup.sketch import (
        BANDS,
        NUM_PERM,
        ROWS,
        SHINGLE,
        lsh_bands,
        lsh_probability,
        minhash,
        similarity,
        text_fingerprint,
        text_keys,
    )
    from storytrace.dedup.urls import normalize_url

_WHERE = {
    "normalize_url": "urls",
    "text_fingerprint": "sketch",
    "text_keys": "sketch",
    "minhash": "sketch",
    "lsh_bands": "sketch",
    "lsh_probability": "sketch",
    "similarity": "sketch",
    "SHINGLE": "sketch",
    "NUM_PERM": "sketch",
    "BANDS": "sketch",
    "ROWS": "sketch",
    "assign": "copies",
    "regroup": "copies",
    "CopyDecision": "copies",
    "RegroupReport": "copies",
    "THRESHOLD": "copies",
}

__all__ = [
    "BANDS",
    "NUM_PERM",
    "ROWS",
    "SHINGLE",
    "THRESHOLD",
    "CopyDecision",
    "RegroupReport",
    "assign",
    "lsh_bands",
    "lsh_probability",
    "minhash",
    "normalize_url",
    "regroup",
    "similarity",
    "text_fingerprint",
    "text_keys",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
