"""The store's copy-detection side, on SQLite and PostgreSQL: URL and fingerprint
lookups, signatures and LSH bands, copy groups, site profiles."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from storytrace.clean.site import SiteProfile
from storytrace.records import Article, CopyMember, Dated, Page
from storytrace.store import Store, StoreError


def add_article(
    store: Store,
    name: str,
    *,
    url: str | None = None,
    canonical: str | None = None,
    published: Dated | None = None,
    fetched_at: datetime | None = None,
    fingerprint: str | None = None,
) -> int:
    page = Page(raw=name.encode(), source=name, origin="file", url=url, fetched_at=fetched_at)
    ref = store.add_page(page)
    article = Article(
        page_hash=page.content_hash,
        title=name,
        paragraphs=[f"text of {name}"],
        url=url,
        canonical_url=canonical,
        published=published,
    )
    return store.save_article(ref.id, article, fingerprint=fingerprint)


def on(day: int) -> Dated:
    return Dated(datetime(2024, 1, day, 12, 0, tzinfo=UTC), "meta")


# --- URL and exact-text keys -----------------------------------------------------------


def test_articles_by_normalized_url(store: Store) -> None:
    a = add_article(store, "a", url="http://www.news.example/story?utm_source=feed")
    b = add_article(store, "b", url="https://news.example/story")
    c = add_article(store, "c", url="https://news.example/other")
    # the canonical URL is the article's identity when it gives one
    d = add_article(
        store, "d", url="https://mirror.example/x", canonical="https://news.example/story"
    )
    assert store.articles_by_normalized_url("https://news.example/story") == [a, b, d]
    assert store.articles_by_url("news.example/other?utm_medium=x") == [c]
    assert store.articles_by_normalized_url("https://none.example/") == []
    assert store.articles_by_normalized_url("") == []


def test_articles_by_fingerprint_and_setter(store: Store) -> None:
    a = add_article(store, "a", fingerprint="fp-x")
    b = add_article(store, "b")
    assert store.articles_by_fingerprint("fp-x") == [a]
    store.set_fingerprint(b, "fp-x")
    assert store.articles_by_fingerprint("fp-x") == [a, b]
    stored = store.article(b)
    assert stored is not None and stored.fingerprint == "fp-x"
    assert store.articles_by_fingerprint("fp-none") == []
    with pytest.raises(StoreError, match="article 999"):
        store.set_fingerprint(999, "fp")


# --- signatures and bands --------------------------------------------------------------


def test_signature_round_trip_bytes_and_numpy(store: Store) -> None:
    a = add_article(store, "a")
    b = add_article(store, "b")
    sig = np.arange(128, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    store.add_signature(a, sig, [b"\x00band0", b"\x01band1"])
    raw = store.signature(a)
    assert raw is not None
    assert np.array_equal(np.frombuffer(raw, dtype=np.uint64), sig)
    store.add_signature(b, b"\xff" * 16, [])
    assert store.signature(b) == b"\xff" * 16
    store.add_signature(b, b"\x01" * 16)  # replaces
    assert store.signature(b) == b"\x01" * 16
    assert store.signature(a + b + 10) is None
    with pytest.raises(StoreError, match="is not stored"):
        store.add_signature(a + b + 10, b"x", [b"k"])


def test_band_candidates(store: Store) -> None:
    a = add_article(store, "a")
    b = add_article(store, "b")
    c = add_article(store, "c")
    store.add_signature(a, b"sa", [b"k1", b"k2", b"k2"])
    store.add_signature(b, b"sb", [b"k2", b"k3"])
    store.add_signature(c, b"sc", [b"k9"])
    assert store.band_candidates([b"k1"]) == {a}
    assert store.band_candidates([b"k2"]) == {a, b}
    assert store.band_candidates([b"k3", b"k9", b"zz"]) == {b, c}
    assert store.band_candidates([]) == set()
    assert store.band_candidates([b"nothing"]) == set()
    store.add_bands(a, [b"k9"])  # replaces a's bands
    assert store.band_candidates([b"k1", b"k2"]) == {b}
    assert store.band_candidates([b"k9"]) == {a, c}


def test_band_candidates_with_many_keys(store: Store) -> None:
    """More keys than one IN list holds still finds every match."""
    ids = [add_article(store, f"n{i}") for i in range(3)]
    for i, article_id in enumerate(ids):
        store.add_bands(article_id, [f"{i}-{j}".encode() for j in range(700)])
    keys = [f"{i}-{j}".encode() for i in range(3) for j in range(0, 700, 350)]
    assert store.band_candidates(keys) == set(ids)


# --- copy groups ------------------------------------------------------------------------


def test_own_group_and_idempotence(store: Store) -> None:
    a = add_article(store, "a")
    group = store.join_copy_group(a, None, "new", 1.0)
    assert store.join_copy_group(a, None, "new", 1.0) == group
    found = store.copy_group_of(a)
    assert found is not None
    assert found.id == group and found.earliest_article_id == a
    assert found.members == (CopyMember(a, "new", 1.0),)
    assert store.copy_groups() == []  # singletons are not copies
    assert [g.id for g in store.copy_groups(min_size=1)] == [group]
    stored = store.article(a)
    assert stored is not None and stored.copy_group_id == group


def test_earliest_member_by_published_date(store: Store) -> None:
    late = add_article(store, "late", published=on(20))
    early = add_article(store, "early", published=on(5))
    mid = add_article(store, "mid", published=Dated(date(2024, 1, 10), "url"))
    group = store.join_copy_group(late, None, "new", 1.0)
    assert store.join_copy_group(mid, late, "near", 0.91) == group
    assert store.copy_group_of(late).earliest_article_id == mid  # type: ignore[union-attr]
    assert store.join_copy_group(early, mid, "exact", 1.0) == group
    found = store.copy_group_of(mid)
    assert found is not None and found.earliest_article_id == early
    assert found.members == (
        CopyMember(late, "new", 1.0),
        CopyMember(early, "exact", 1.0),
        CopyMember(mid, "near", 0.91),
    )
    assert store.copy_groups() == [found]


def test_earliest_without_dates_uses_fetch_then_stored_time(store: Store) -> None:
    first_stored = add_article(store, "first-stored")
    fetched_long_ago = add_article(
        store, "fetched", fetched_at=datetime.now(UTC) - timedelta(days=30)
    )
    store.join_copy_group(first_stored, None, "new", 1.0)
    store.join_copy_group(fetched_long_ago, first_stored, "near", 0.8)
    group = store.copy_group_of(first_stored)
    assert group is not None and group.earliest_article_id == fetched_long_ago

    undated_a = add_article(store, "undated-a")
    undated_b = add_article(store, "undated-b")
    store.join_copy_group(undated_b, undated_a, "exact", 1.0)
    group = store.copy_group_of(undated_b)
    assert group is not None and group.earliest_article_id == undated_a  # stored first
    dated = add_article(store, "dated", published=on(1))
    store.join_copy_group(dated, undated_a, "near", 0.85)
    group = store.copy_group_of(undated_a)
    assert group is not None and group.earliest_article_id == dated


def test_join_other_without_group_creates_it(store: Store) -> None:
    a = add_article(store, "a", published=on(3))
    b = add_article(store, "b", published=on(2))
    group = store.join_copy_group(b, a, "url", 1.0)
    found = store.copy_group_of(a)
    assert found is not None and found.id == group
    assert found.members == (CopyMember(a, "self", 1.0), CopyMember(b, "url", 1.0))
    assert found.earliest_article_id == b
    # the reverse case: the article has a group, the other has none
    c = add_article(store, "c", published=on(1))
    assert store.join_copy_group(b, c, "near", 0.9) == group
    found = store.copy_group_of(c)
    assert found is not None and found.earliest_article_id == c and len(found.members) == 3


def test_groups_merge(store: Store) -> None:
    a, b, c, d = (add_article(store, n, published=on(i + 1)) for i, n in enumerate("abcd"))
    g1 = store.join_copy_group(b, a, "exact", 1.0)
    g2 = store.join_copy_group(d, c, "exact", 1.0)
    assert g1 != g2
    merged = store.join_copy_group(c, a, "near", 0.88)
    assert merged == g1
    group = store.copy_group_of(d)
    assert group is not None and group.id == g1
    assert [m.article_id for m in group.members] == [a, b, c, d]
    assert group.earliest_article_id == a
    assert {m.article_id: m.relation for m in group.members}[c] == "near"
    assert [g.id for g in store.copy_groups()] == [g1]


def test_clear_copy_groups_keeps_signatures(store: Store) -> None:
    a = add_article(store, "a", fingerprint="fp")
    b = add_article(store, "b")
    store.add_signature(a, b"sig", [b"band"])
    store.join_copy_group(b, a, "near", 0.9)
    store.clear_copy_groups()
    assert store.copy_groups(min_size=1) == []
    assert store.copy_group_of(a) is None and store.copy_group_of(b) is None
    assert store.signature(a) == b"sig" and store.band_candidates([b"band"]) == {a}
    assert store.articles_by_fingerprint("fp") == [a]
    assert store.join_copy_group(b, a, "near", 0.9) > 0  # groups can be rebuilt


def test_copy_group_errors_and_absence(store: Store) -> None:
    a = add_article(store, "a")
    assert store.copy_group_of(a) is None
    with pytest.raises(StoreError, match="article 777 is not stored"):
        store.join_copy_group(a, 777, "near", 0.9)
    assert store.copy_group_of(a) is None


def test_recleaned_text_drops_derived_copy_state(store: Store) -> None:
    page = Page(raw=b"<p>x</p>", source="x.html", origin="file")
    ref = store.add_page(page)
    first = Article(page_hash=page.content_hash, title="t", paragraphs=["one text"])
    a = store.save_article(ref.id, first, fingerprint="fp-1")
    b = add_article(store, "b")
    store.add_signature(a, b"sig", [b"band"])
    store.join_copy_group(a, b, "exact", 1.0)
    # same text again: nothing derived is lost
    assert store.save_article(ref.id, first) == a
    assert store.signature(a) == b"sig" and store.copy_group_of(a) is not None
    assert store.articles_by_fingerprint("fp-1") == [a]
    # new text: signature, bands, fingerprint and membership go
    changed = Article(page_hash=page.content_hash, title="t", paragraphs=["other text"])
    assert store.save_article(ref.id, changed, fingerprint="fp-2") == a
    assert store.signature(a) is None and store.band_candidates([b"band"]) == set()
    assert store.articles_by_fingerprint("fp-2") == [a]
    assert store.copy_group_of(a) is None
    remaining = store.copy_group_of(b)
    assert remaining is not None and remaining.earliest_article_id == b


# --- site profiles ----------------------------------------------------------------------


def test_site_profile_round_trip(store: Store) -> None:
    empty = store.site_profile("news.example")
    assert empty.site == "news.example" and empty.pages == 0
    profile = SiteProfile("news.example")
    profile.observe(["Home | World | Sports", "Subscribe now", "An article line"])
    profile.observe(["Home | World | Sports", "Another article line"])
    store.save_site_profile(profile)
    back = store.site_profile("news.example")
    assert back.pages == 2
    assert back.page_frequency("Home | World | Sports") == 1.0
    assert back.page_frequency("Subscribe now") == 0.5
    back.observe(["Subscribe now"])
    store.save_site_profile(back)  # overwrites
    again = store.site_profile("news.example")
    assert again.pages == 3 and again.count("Subscribe now") == 2
    assert store.site_profile("other.example").pages == 0


def test_random_joins_match_a_reference_model(store: Store) -> None:
    """Random joins and merges, checked after every step: the groups are the connected
    components of the joins, and each group's earliest member is the true earliest."""
    import random

    rng = random.Random(2024)
    ids = [
        add_article(store, f"r{i}", published=on(rng.randint(1, 28)) if i % 4 else None)
        for i in range(24)
    ]
    stored = {a.id: a for a in store.articles()}

    def when(article_id: int) -> tuple[datetime, int]:
        art = stored[article_id]
        moment = art.published.value if art.published else art.stored_at
        assert isinstance(moment, datetime)
        return moment, article_id

    parent = {i: i for i in ids}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    grouped: set[int] = set()
    for _ in range(30):
        a = rng.choice(ids)
        other = None if rng.random() < 0.2 else rng.choice(ids)
        store.join_copy_group(a, other, "near", 0.9)
        grouped.add(a)
        if other is not None:
            grouped.add(other)
            parent[find(a)] = find(other)
        expected: dict[int, set[int]] = {}
        for i in grouped:
            expected.setdefault(find(i), set()).add(i)
        groups = store.copy_groups(min_size=1)
        assert sorted(sorted(m.article_id for m in g.members) for g in groups) == sorted(
            sorted(members) for members in expected.values()
        )
        for group in groups:
            members = [m.article_id for m in group.members]
            assert group.earliest_article_id == min(members, key=when)
