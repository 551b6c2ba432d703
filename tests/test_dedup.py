"""dedup's pure keys: URL normalization, exact fingerprint, MinHash, LSH bands."""

from __future__ import annotations

import random
import string
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from storytrace.dedup import (
    BANDS,
    NUM_PERM,
    ROWS,
    lsh_bands,
    lsh_probability,
    minhash,
    normalize_url,
    similarity,
    text_fingerprint,
    text_keys,
)
from storytrace.dedup.sketch import (
    EMPTY,
    SCHEME,
    StaleSignature,
    as_signature,
    is_current,
    minhash_shingles,
    shingle_hashes,
    signature_bytes,
    signature_scheme,
)

# --- normalize_url ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://WWW.Example.COM:80/News/Story/", "https://example.com/News/Story"),
        ("https://example.com:443/a?b=2&a=1#section-2", "https://example.com/a?a=1&b=2"),
        (
            "https://example.com/a?utm_source=x&utm_medium=y&id=7&fbclid=Z",
            "https://example.com/a?id=7",
        ),
        ("https://example.com/a?gclid=1&mc_cid=2&_ga=3", "https://example.com/a"),
        ("https://m.example.com/world/item-9", "https://example.com/world/item-9"),
        ("https://amp.example.com/world/item-9/amp/", "https://example.com/world/item-9"),
        ("https://example.com/world/item-9.amp.html", "https://example.com/world/item-9.html"),
        ("https://example.com/world/item-9?outputType=amp", "https://example.com/world/item-9"),
        ("https://example.com/world/?output=print", "https://example.com/world?output=print"),
        ("https://example.com/a/./b/../c//d", "https://example.com/a/c/d"),
        ("https://example.com/a/index.html", "https://example.com/a"),
        ("https://example.com/%7Euser/caf%C3%A9", "https://example.com/~user/caf%C3%A9"),
        ("https://example.com/a?q=one+two", "https://example.com/a?q=one%20two"),
        ("https://user:secret@example.com:8080/x", "https://example.com:8080/x"),
        ("https://xn--bcher-kva.example/x", "https://bücher.example/x"),
        ("example.org/path/", "https://example.org/path"),
        ("//cdn.example.org/x", "https://cdn.example.org/x"),
        ("https://example.com/app#!/item/4", "https://example.com/app#!/item/4"),
        ("  https://example.com/x \n", "https://example.com/x"),
        ("mailto:someone@example.com", "mailto:someone@example.com"),
        ("not a url", "not a url"),
        ("", ""),
    ],
)
def test_normalize_url_examples(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


def test_normalize_url_keeps_what_identifies_a_page() -> None:
    # Different articles must keep different keys.
    assert normalize_url("https://example.com/a?id=1") != normalize_url(
        "https://example.com/a?id=2"
    )
    assert normalize_url("https://example.com/A") != normalize_url("https://example.com/a")
    assert normalize_url("https://example.com/a") != normalize_url("https://example.org/a")
    assert normalize_url("https://example.com:8080/a") != normalize_url("https://example.com/a")


_URL_PARTS = st.sampled_from(
    ["http://", "https://", "HTTPS://", "//", "ftp://", "www.", "m.", "amp.", "example.com",
     "ExAmple.ORG", ":80", ":443", ":8080", ":", "@", "/", "//", "/../", "/./", "amp", ".amp",
     "index.html", "?", "&", "=", "#", "#!", "utm_source=x", "id=3", "a=1", "%20", "%2F", "%",
     "%zz", "+", " ", "\t", "é", "ü", "xn--", "xn--bcher-kva", "[", "]", "::1", ".", "..",
     "\x00", "\u2028", "日本"]
)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.text(), st.lists(_URL_PARTS, max_size=12).map("".join)))
@example("HTTP:// /")  # blank host
@example("HTTP://0::")  # trailing colons
@example("HTTP://XN--00B:0:")  # a punycode host that re-parses with a port
def test_normalize_url_is_idempotent_and_total(url: str) -> None:
    once = normalize_url(url)
    assert isinstance(once, str)
    assert normalize_url(once) == once


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(r"[a-z]{1,10}\.(com|org|net)", fullmatch=True),
    st.lists(st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True), max_size=4),
    st.dictionaries(
        st.from_regex(r"[a-z]{1,5}", fullmatch=True),
        st.from_regex(r"[a-z0-9]{0,5}", fullmatch=True),
        max_size=3,
    ),
)
def test_tracking_params_and_order_do_not_change_the_key(
    host: str, segments: list[str], params: dict[str, str]
) -> None:
    path = "/" + "/".join(segments)
    query = "&".join(f"{k}={v}" for k, v in params.items())
    base = normalize_url(f"https://{host}{path}?{query}")
    shuffled = "&".join(reversed([*query.split("&"), "utm_campaign=spring", "fbclid=abc"]))
    assert normalize_url(f"http://www.{host}{path}/?{shuffled}#top") == base


# --- text_fingerprint --------------------------------------------------------------------


def test_fingerprint_ignores_case_punctuation_spacing_and_width() -> None:
    a = text_fingerprint("The council voted 7-2 on Tuesday.\n\nIt was close!")
    assert a == text_fingerprint("the COUNCIL voted 7 2 on tuesday   it was close")
    assert a == text_fingerprint("“The council” voted 7–2 on Tuesday… It was close?")
    assert a == text_fingerprint("ＴＨＥ council voted 7-2 on Tuesday. It was close.")  # NFKC
    assert a != text_fingerprint("The council voted 7-3 on Tuesday. It was close.")
    assert len(a) == 32


def test_fingerprint_of_textless_input_is_empty() -> None:
    assert text_fingerprint("") == ""
    assert text_fingerprint(" ... — !!\n\n") == ""


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fingerprint_never_raises_and_is_stable(text: str) -> None:
    fp = text_fingerprint(text)
    assert fp == text_fingerprint(f"  {text}  !")
    assert fp == "" or len(fp) == 32


# --- MinHash ----------------------------------------------------------------------------

_RNG = random.Random(20240611)
_VOCAB = [
    "".join(_RNG.choice(string.ascii_lowercase) for _ in range(_RNG.randint(3, 9)))
    for _ in range(3000)
]


def synthetic_article(seed: int, words: int = 600) -> str:
    """Paragraphs of pseudo-words: realistic length and vocabulary spread, no real text."""
    rng = random.Random(seed)
    paragraphs, left = [], words
    while left > 0:
        n = min(left, rng.randint(30, 70))
        paragraphs.append(" ".join(rng.choice(_VOCAB) for _ in range(n)).capitalize() + ".")
        left -= n
    return "\n\n".join(paragraphs)


def true_jaccard(a: str, b: str) -> float:
    sa, sb = set(shingle_hashes(a).tolist()), set(shingle_hashes(b).tolist())
    return len(sa & sb) / len(sa | sb)


def test_signature_shape_type_and_stability() -> None:
    text = synthetic_article(1)
    sig = minhash(text)
    assert sig.dtype == np.uint32 and sig.shape == (NUM_PERM,)
    assert np.array_equal(sig, minhash(text))
    # Fixed seeds: the same value in every process and on every machine.
    assert int(minhash("the quick brown fox jumps over the lazy dog")[0]) == int(
        minhash("The QUICK brown fox, jumps over the lazy dog!")[0]
    )
    assert as_signature(signature_bytes(sig)).tolist() == sig.tolist()
    assert len(signature_bytes(sig)) == 4 + 4 * NUM_PERM  # scheme tag, then the values
    assert signature_scheme(signature_bytes(sig)) == SCHEME and is_current(signature_bytes(sig))


def test_signature_values_are_pinned() -> None:
    """Signatures are stored: a change of hashing would silently split old copies."""
    sig = minhash("one two three four five six seven eight nine ten")
    assert sig[:4].tolist() == [3233537476, 642368431, 3242575101, 2699809166]
    assert SCHEME == 2  # a new value above goes with a new scheme


def test_signatures_of_another_scheme_are_never_similar() -> None:
    sig = minhash(synthetic_article(8))
    legacy = sig.astype("<u4").tobytes()  # scheme 1 stored the bare values
    assert signature_scheme(legacy) == 1 and not is_current(legacy)
    assert signature_scheme(b"xyz") is None
    with pytest.raises(StaleSignature):
        as_signature(legacy)
    with pytest.raises(ValueError, match="not a stored signature"):
        as_signature(b"\x00" * 12)
    # Same values, other scheme: their meaning differs, so they must not match.
    assert similarity(sig, legacy) == 0.0 == similarity(legacy, signature_bytes(sig))
    assert similarity(signature_bytes(sig), sig) == 1.0


def test_similarity_tracks_true_jaccard() -> None:
    base = synthetic_article(2)
    words = base.split()
    errors = []
    for keep in (0.5, 0.7, 0.85, 0.95):
        rng = random.Random(int(keep * 100))
        edited = [w if rng.random() < keep else rng.choice(_VOCAB) for w in words]
        other = " ".join(edited)
        errors.append(abs(similarity(minhash(base), minhash(other)) - true_jaccard(base, other)))
    # 128 permutations: standard error <= 0.045; 4 draws all within 3 sigma.
    assert max(errors) < 0.14
    assert similarity(minhash(base), minhash(base)) == 1.0
    assert similarity(minhash(base), minhash(synthetic_article(3))) < 0.05


def test_estimator_is_unbiased_on_random_sets() -> None:
    rs = np.random.default_rng(7)
    diffs = []
    for _ in range(200):
        pool = np.unique(rs.integers(0, 2**32, 1600, dtype=np.uint64)).astype(np.uint32)[:1000]
        a, b = pool[:600], pool[200:800]  # 400 shared, 800 in all: J = 0.5
        diffs.append(similarity(minhash_shingles(a), minhash_shingles(b)) - 0.5)
    assert abs(float(np.mean(diffs))) < 0.01
    assert 0.03 < float(np.std(diffs)) < 0.06  # binomial: sqrt(.5*.5/128) = 0.044


def test_short_and_empty_texts() -> None:
    empty = minhash("")
    assert (empty == EMPTY).all()
    assert similarity(empty, empty) == 0.0  # empty texts are not copies of each other
    assert lsh_bands(empty) == []
    short = minhash("Breaking news")
    assert similarity(short, minhash("breaking NEWS!")) == 1.0
    assert similarity(short, minhash("Breaking story")) < 0.1
    assert len(lsh_bands(short)) == BANDS


def test_long_text() -> None:
    text = " ".join(synthetic_article(s) for s in range(20))  # 12,000 words
    sig = minhash(text)
    direct = minhash_shingles(shingle_hashes(text))
    assert np.array_equal(sig, direct)
    assert similarity(sig, minhash(text + " tail words here")) > 0.95


def test_non_latin_scripts() -> None:
    greek = "Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία της χώρας σήμερα το πρωί"
    assert similarity(minhash(greek), minhash(greek.upper())) == 1.0
    cjk = "东京奥运会今天开幕，来自世界各地的运动员齐聚一堂，共同庆祝体育盛会的到来。"
    assert len(shingle_hashes(cjk)) > 20  # one token per character
    assert similarity(minhash(cjk), minhash(cjk.replace("今天", "昨天"))) > 0.6


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_keys_never_raise(text: str) -> None:
    fp, sig = text_keys(text)
    assert fp == text_fingerprint(text)
    assert np.array_equal(sig, minhash(text))
    assert 0.0 <= similarity(sig, minhash(text + " x")) <= 1.0


# --- LSH bands --------------------------------------------------------------------------


def test_bands_layout_and_s_curve() -> None:
    sig = minhash(synthetic_article(4))
    bands = lsh_bands(sig)
    assert len(bands) == BANDS == len(set(bands))
    assert all(len(b) == 11 and b[:2] == bytes((SCHEME, ROWS)) for b in bands)
    assert len(lsh_bands(sig, bands=16, rows=8)) == 16
    assert set(lsh_bands(sig, bands=16, rows=8)).isdisjoint(bands)
    with pytest.raises(ValueError):
        lsh_bands(sig, bands=64, rows=4)
    # The documented S-curve: copies (J >= 0.8) nearly always meet, strangers almost never.
    assert lsh_probability(0.8) > 0.9999
    assert lsh_probability(0.05) < 0.001


def test_copies_share_a_band_and_strangers_do_not() -> None:
    base = synthetic_article(5)
    copy = "DATELINE (Agency) - " + base + "\n\nReported by someone; edited by someone else."
    assert set(lsh_bands(minhash(base))) & set(lsh_bands(minhash(copy)))
    strangers = [set(lsh_bands(minhash(synthetic_article(100 + i)))) for i in range(30)]
    mine = set(lsh_bands(minhash(base)))
    assert all(not (mine & other) for other in strangers)


# --- a scheme change on a real store ------------------------------------------------------


def test_regroup_signs_again_what_an_older_scheme_stored(tmp_path: Path) -> None:
    from storytrace.dedup import assign, regroup
    from storytrace.records import Article, Page
    from storytrace.store import Store

    text = synthetic_article(9)
    store = Store.open(tmp_path / "scheme.db")
    try:
        ids = []
        for name, body in (("old", text), ("new", "DATELINE (Agency) - " + text)):
            page = Page(raw=body.encode(), source=name, origin="file")
            ref = store.add_page(page)
            ids.append(store.save_article(ref.id, Article(page.content_hash, name, [body])))
        old, new = ids
        # What scheme 1 stored: bare values, band keys without a scheme byte.
        legacy = minhash(text)
        store.add_signature(old, legacy.astype("<u4").tobytes(), [b"\x04\x00" + b"k" * 8])
        decision = assign(store, new, url=None, text="DATELINE (Agency) - " + text)
        assert decision.relation == "new"  # never compared across schemes
        report = regroup(store)
        assert report.signed == 1 and report.relations["near"] == 1
        stored = store.signature(old)
        assert stored is not None and is_current(stored)
        group = store.copy_group_of(new)
        assert group is not None and {m.article_id for m in group.members} == {old, new}
    finally:
        store.close()
