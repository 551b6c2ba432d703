"""Text keys for copy detection: an exact fingerprint, MinHash signatures and LSH bands.

Both keys read the same token stream: NFKC, case-folded, split into runs of letters,
marks and digits (everything else separates words; scripts written without spaces,
such as Chinese, Japanese or Thai, give one token per character).

The hot path has no Python loop per word:

* word hashes (numpy): a polynomial hash over code points, read off prefix sums
  (``(H[end] - H[start]) * P**-start`` mod 2**64, every word at once);
* shingle hashes (numpy): the ``SHINGLE`` consecutive word hashes, multiplied by
  distinct odd constants, summed and mixed (splitmix64 finalizer), 64 bits;
* MinHash (rensa, Rust): ``NUM_PERM`` hash functions ``(a*x + b) mod 2**64``, top 32
  bits kept, minimum per function. numpy needed a (NUM_PERM x shingles) matrix for
  this, ~85 us of the ~200 us an article took; rensa does it in ~5 us.

32-bit values halve the storage of a signature; the chance that two different shingles
collide in 32 bits is ~1e-7 per comparison, far below the sampling error of 128
permutations (+-0.035 at Jaccard 0.8).

Every constant derives from fixed seeds (splitmix64 in pure Python; rensa's permutations
from its seed and its pinned algorithm version), so that a signature is the same on every
run and machine. Stored signatures carry ``SCHEME``: when the hashing changes, the scheme
goes up, signatures of another scheme never count as similar and their band keys never
meet the new ones, and ``storytrace regroup`` signs such articles again from their text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import rensa
import xxhash

#: Words per shingle, measured on the shared stories (bench/bench_dedup.py --tune): with
#: 3, copies with a few edited words keep a high similarity (3%-edited: p1 0.74, against
#: 0.64 with 5) while same-story rewrites stay low (max 0.23, against 0.18 with 5);
#: 1-2 word shingles let rewrites climb (max 0.49 / 0.31).
SHINGLE = 3
#: Permutations (hash functions) per signature.
NUM_PERM = 128
#: LSH layout: BANDS x ROWS == NUM_PERM. A pair with Jaccard s becomes a candidate with
#: probability 1 - (1 - s**ROWS)**BANDS (the S-curve, see lsh_probability).
BANDS = 32
ROWS = 4
#: Signature value for "no shingle at all" (empty text); such positions never match.
EMPTY = np.uint32(0xFFFFFFFF)
SIGNATURE_DTYPE = np.dtype("<u4")
#: Signature scheme, stored with every signature and in every band key. 1: numpy
#: permutations of 32-bit shingle hashes (stored bare, without a tag); 2: rensa's
#: RMinHash (algorithm version 2) over 64-bit shingle hashes.
SCHEME = 2
_TAG = b"MH" + bytes((SCHEME, 0))
_RENSA_ALGORITHM = 2
_RENSA_SEED = 0x5EED_0003

Signature = npt.NDArray[np.uint32]

_M64 = (1 << 64) - 1
_U64 = np.uint64

if rensa.RMinHash.ALGORITHM_VERSION != _RENSA_ALGORITHM:  # pragma: no cover - pinned in lock
    raise ImportError(
        f"rensa's RMinHash algorithm is version {rensa.RMinHash.ALGORITHM_VERSION}, signature"
        f" scheme {SCHEME} needs {_RENSA_ALGORITHM}: install the locked rensa"
    )


def _splitmix64(seed: int, count: int) -> list[int]:
    """``count`` 64-bit values from splitmix64: portable, fixed forever."""
    out = []
    state = seed & _M64
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & _M64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
        out.append(z ^ (z >> 31))
    return out


_PRIME = 0x100000001B3  # polynomial base (odd, so invertible mod 2**64)
_PRIME_INV = pow(_PRIME, -1, 1 << 64)
_WORD_MULT = np.array([v | 1 for v in _splitmix64(0x5EED_0001, 16)], dtype=_U64)

_ASCII_WORD = np.zeros(128, dtype=bool)
for _c in "abcdefghijklmnopqrstuvwxyz0123456789":
    _ASCII_WORD[ord(_c)] = True

# Scripts written without spaces between words: one token per character.
_NO_SPACE_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x31FF),  # Bopomofo, Katakana ext.
    (0x3400, 0x4DBF),  # CJK ext. A
    (0x4E00, 0x9FFF),  # CJK unified
    (0xF900, 0xFAFF),  # CJK compatibility
    (0x20000, 0x3FFFF),  # CJK ext. B and later
)


class _Powers:
    """P**i and P**-i mod 2**64, grown on demand (texts can be long)."""

    def __init__(self) -> None:
        self.pow = np.ones(1, dtype=_U64)
        self.inv = np.ones(1, dtype=_U64)
        self._grow(1 << 14)

    def _grow(self, n: int) -> None:
        size = len(self.pow)
        if n <= size:
            return
        new = max(n, 2 * size)
        with np.errstate(over="ignore"):
            step = np.full(new - size, _PRIME, dtype=_U64)
            step[0] = self.pow[-1] * _U64(_PRIME)
            self.pow = np.concatenate([self.pow, np.cumprod(step, dtype=_U64)])
            step[:] = _PRIME_INV
            step[0] = self.inv[-1] * _U64(_PRIME_INV)
            self.inv = np.concatenate([self.inv, np.cumprod(step, dtype=_U64)])

    def get(self, n: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
        self._grow(n)
        return self.pow[:n], self.inv[:n]


_POWERS = _Powers()


def _char_class(cp: int) -> int:
    """0: separator, 1: word character, 2: word character that is a word by itself."""
    if unicodedata.category(chr(cp))[0] not in "LNM":
        return 0
    return 2 if any(lo <= cp <= hi for lo, hi in _NO_SPACE_RANGES) else 1


_UNKNOWN = 255
# Class of every code point, filled in as code points are met (1.1 MB, one per process):
# after warm-up a text is classified by one table lookup, whatever its script.
_CLASS = np.full(0x110000, _UNKNOWN, dtype=np.uint8)
_CLASS[:128] = _ASCII_WORD


def _classes(cps: npt.NDArray[np.integer]) -> npt.NDArray[np.uint8]:
    cls = np.take(_CLASS, cps)
    unknown = cls == _UNKNOWN
    if unknown.any():
        for cp in np.unique(cps[unknown]).tolist():
            _CLASS[cp] = _char_class(cp)
        cls = np.take(_CLASS, cps)
    return cls


_Ints = npt.NDArray[np.intp]


def _tokens(text: str) -> tuple[npt.NDArray[np.integer], npt.NDArray[np.bool_], _Ints, _Ints]:
    """(code points, word-character mask, token starts, token ends) of normalized text."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    if norm.isascii():
        cps: npt.NDArray[np.integer] = np.frombuffer(norm.encode("ascii"), dtype=np.uint8)
        isword = np.take(_ASCII_WORD, cps)
    else:
        cps = np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        cls = _classes(cps)
        isword = cls != 0
        solo = cls == 2
        if solo.any():
            prev_word = np.concatenate(([False], isword[:-1]))
            next_word = np.concatenate((isword[1:], [False]))
            prev_solo = np.concatenate(([False], solo[:-1]))
            next_solo = np.concatenate((solo[1:], [False]))
            starts = np.flatnonzero(isword & (~prev_word | solo | prev_solo))
            ends = np.flatnonzero(isword & (~next_word | solo | next_solo)) + 1
            return cps, isword, starts, ends
    edge = np.empty(len(cps) + 1, dtype=bool)
    np.not_equal(isword[1:], isword[:-1], out=edge[1:-1])
    edge[0] = edge[-1] = True
    bounds = np.flatnonzero(edge)
    # Bounds alternate between word and separator runs; keep the word runs.
    first = 0 if len(cps) and isword[0] else 1
    return cps, isword, bounds[first:-1:2], bounds[first + 1 :: 2]


def _word_hashes(
    cps: npt.NDArray[np.integer], starts: npt.NDArray[np.intp], ends: npt.NDArray[np.intp]
) -> npt.NDArray[np.uint64]:
    """One 64-bit polynomial hash per token, all read off one prefix sum."""
    if len(starts) == 0:
        return np.zeros(0, dtype=_U64)
    pw, inv = _POWERS.get(len(cps))
    with np.errstate(over="ignore"):
        prefix = np.zeros(len(cps) + 1, dtype=_U64)
        np.cumsum((cps.astype(_U64) + _U64(1)) * pw, out=prefix[1:])
        return (prefix[ends] - prefix[starts]) * inv[starts]


def _mix(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64 finalizer, in place: spreads every input bit over all output bits."""
    with np.errstate(over="ignore"):
        x ^= x >> _U64(30)
        x *= _U64(0xBF58476D1CE4E5B9)
        x ^= x >> _U64(27)
        x *= _U64(0x94D049BB133111EB)
        x ^= x >> _U64(31)
    return x


def shingle_hashes(text: str, shingle: int = SHINGLE) -> npt.NDArray[np.uint64]:
    """64-bit hashes of the ``shingle``-word windows of ``text``. A text shorter than a
    shingle is one shingle of all its words (near-duplicates of it are exact ones)."""
    cps, _, starts, ends = _tokens(text)
    return _shingles(_word_hashes(cps, starts, ends), shingle)


def _shingles(words: npt.NDArray[np.uint64], shingle: int) -> npt.NDArray[np.uint64]:
    n = len(words)
    if n == 0:
        return np.zeros(0, dtype=_U64)
    k = max(1, min(shingle, n, len(_WORD_MULT)))
    count = n - k + 1
    with np.errstate(over="ignore"):
        acc = words[:count] * _WORD_MULT[0]
        for j in range(1, k):
            acc += words[j : j + count] * _WORD_MULT[j]
        acc += _U64(k)
        return _mix(acc)


def minhash_shingles(hashes: npt.NDArray[np.integer]) -> Signature:
    """The MinHash signature of a set of shingle hashes (any unsigned integer type;
    repeats do not matter)."""
    flat = np.ascontiguousarray(hashes, dtype=_U64)
    digest = rensa.RMinHash.digest_matrix_from_flat_token_hashes(
        flat, [0, len(flat)], NUM_PERM, _RENSA_SEED
    )
    return np.array(digest.to_rows()[0], dtype=np.uint32)


def minhash(text: str) -> Signature:
    """The MinHash signature of ``text``: NUM_PERM uint32 values, stable across runs and
    machines. An empty text gives all EMPTY (it matches nothing)."""
    return minhash_shingles(shingle_hashes(text))


def text_fingerprint(text: str) -> str:
    """Exact-duplicate key: hex xxh3-128 of the token stream (NFKC, case-folded,
    punctuation and spacing collapsed to one separator). "" when the text has no word:
    such texts are not copies of one another."""
    cps, isword, starts, _ = _tokens(text)
    return _fingerprint(cps, isword, len(starts))


def _fingerprint(cps: npt.NDArray[np.integer], isword: npt.NDArray[np.bool_], words: int) -> str:
    if words == 0:
        return ""
    # Keep word characters and the first separator after each word, written as a space.
    keep = isword.copy()
    keep[1:] |= isword[:-1]
    stream = np.where(isword, cps, 32).astype(cps.dtype)[keep]
    if not isword[-1]:
        stream = stream[:-1]
    return xxhash.xxh3_128_hexdigest(stream.astype("<u4").tobytes())


def text_keys(text: str, shingle: int = SHINGLE) -> tuple[str, Signature]:
    """(text_fingerprint(text), minhash(text)), reading the text once."""
    cps, isword, starts, ends = _tokens(text)
    fingerprint = _fingerprint(cps, isword, len(starts))
    return fingerprint, minhash_shingles(_shingles(_word_hashes(cps, starts, ends), shingle))


class StaleSignature(ValueError):
    """A stored signature of another scheme: sign the text again to compare it."""


def signature_scheme(value: bytes | bytearray | memoryview) -> int | None:
    """The scheme of stored signature bytes (1 for untagged legacy ones), None if the
    bytes are no signature at all."""
    raw = bytes(value)
    if len(raw) == 4 * NUM_PERM:
        return 1
    if len(raw) == 4 + 4 * NUM_PERM and raw[:2] == _TAG[:2]:
        return raw[2]
    return None


def is_current(value: Signature | bytes | bytearray | memoryview) -> bool:
    """Whether ``value`` (an array, or stored bytes) can be compared with new signatures."""
    if isinstance(value, bytes | bytearray | memoryview):
        return signature_scheme(value) == SCHEME
    return True


def as_signature(value: Signature | bytes | bytearray | memoryview | Sequence[int]) -> Signature:
    """A signature from what a store hands back (``signature_bytes``), or from an array.
    Stored bytes of another scheme raise StaleSignature."""
    if isinstance(value, bytes | bytearray | memoryview):
        raw = bytes(value)
        scheme = signature_scheme(raw)
        if scheme is None:
            raise ValueError(f"not a stored signature ({len(raw)} bytes)")
        if scheme != SCHEME:
            raise StaleSignature(f"signature of scheme {scheme}, this is scheme {SCHEME}")
        sig = np.frombuffer(raw, dtype=SIGNATURE_DTYPE, offset=len(_TAG))
    else:
        sig = np.asarray(value, dtype=SIGNATURE_DTYPE)
    if sig.shape != (NUM_PERM,):
        raise ValueError(f"a signature has {NUM_PERM} values, got shape {sig.shape}")
    return sig.astype(np.uint32, copy=False)


def signature_bytes(sig: Signature) -> bytes:
    """The portable bytes of a signature for storage: the scheme tag, then the values
    (little-endian)."""
    return _TAG + np.asarray(sig, dtype=SIGNATURE_DTYPE).tobytes()


def similarity(sig_a: Signature | bytes, sig_b: Signature | bytes) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (0.0 .. 1.0); 0.0 when
    one is a stored signature of another scheme (its values mean nothing here)."""
    try:
        a, b = as_signature(sig_a), as_signature(sig_b)
    except StaleSignature:
        return 0.0
    same = a == b
    both_empty = same & (a == EMPTY)
    if both_empty.all():
        return 0.0
    return float(np.count_nonzero(same & ~both_empty)) / NUM_PERM


def lsh_bands(sig: Signature | bytes, bands: int = BANDS, rows: int = ROWS) -> list[bytes]:
    """Band keys of a signature: texts sharing one key are candidate copies. Keys carry
    the scheme and layout (scheme, rows, band index), so keys of different schemes or
    layouts never meet. An empty text has no band."""
    s = as_signature(sig)
    if bands * rows > NUM_PERM or bands < 1 or rows < 1 or bands > 255 or rows > 255:
        raise ValueError(f"{bands} bands x {rows} rows does not fit {NUM_PERM} values")
    if (s == EMPTY).all():
        return []
    raw = s.astype(SIGNATURE_DTYPE).tobytes()
    width = rows * SIGNATURE_DTYPE.itemsize
    return [
        bytes((SCHEME, rows, i)) + xxhash.xxh3_64_digest(raw[i * width : (i + 1) * width])
        for i in range(bands)
    ]


def lsh_probability(jaccard: float, bands: int = BANDS, rows: int = ROWS) -> float:
    """Probability that two texts of the given Jaccard similarity share a band."""
    return 1.0 - (1.0 - jaccard**rows) ** bands
