"""Per-article trace results cached in the store (migration 0003 creates the table).

Tracing a story re-reads every article's attributions and citation edges; parsing them
again costs most of the time (see ``bench/bench_trace_story.py``). A result is kept per
article and *extractor*: the extractor key names the installed model, or hashes the code
of the built-in extractors and the parser versions, so a change of either makes old
results unused rather than wrong. The article's text hash is kept too: a re-cleaned
article (same id, new text) is traced again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from storytrace.store.models import UTCDateTime, metadata
from storytrace.trace.records import ArticleTrace, Attribution, CitationEdge

if TYPE_CHECKING:
    from storytrace.store import Store

article_traces = sa.Table(
    "article_traces",
    metadata,
    sa.Column(
        "article_id",
        sa.Integer,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("extractor", sa.String(200), primary_key=True),
    #: SHA-1 of the text that was traced.
    sa.Column("text_hash", sa.String(40), nullable=False),
    sa.Column("result", sa.JSON, nullable=False),
    sa.Column("traced_at", UTCDateTime(), nullable=False),
)

#: Modules of the story level: they read traces, they do not make them.
_NOT_EXTRACTOR = frozenset({"chains.py", "reuse.py", "story.py", "independence.py", "tables.py"})


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


@lru_cache(maxsize=1)
def _builtin_key() -> str:
    from importlib import metadata as md

    from storytrace.trace.model import SPACY_MODELS

    h = hashlib.sha1()
    here = Path(__file__).parent
    for path in sorted(here.rglob("*")):
        if path.is_file() and path.name not in _NOT_EXTRACTOR and "__pycache__" not in path.parts:
            h.update(path.relative_to(here).as_posix().encode())
            size = path.stat().st_size
            # a large trained model file: its size and time stand for its bytes
            h.update(
                path.read_bytes()
                if size < 4 << 20
                else f"{size}:{path.stat().st_mtime_ns}".encode()
            )
    for package in sorted(SPACY_MODELS.values()):
        try:
            h.update(f"{package}=={md.version(package)}".encode())
        except md.PackageNotFoundError:
            h.update(f"{package} missing".encode())
    return f"builtin:{h.hexdigest()[:16]}"


def extractor_key() -> str:
    """Names what produces traces now: the installed model, else the built-in code."""
    from storytrace.trace import model

    installed = getattr(model, "_model", None)
    if installed is not None:
        return f"model:{getattr(installed, 'name', type(installed).__name__)}"[:200]
    return _builtin_key()


def trace_to_json(result: ArticleTrace) -> dict[str, Any]:
    return {
        "attributions": [a.as_dict() for a in result.attributions],
        "edges": [
            {
                "citing": e.citing,
                "cited": e.cited,
                "citing_outlet": e.citing_outlet,
                "cited_outlet": e.cited_outlet,
                "via": e.via,
                "span": list(e.span) if e.span else None,
                "attribution": e.attribution,
                "url": e.url,
            }
            for e in result.edges
        ],
        "language": result.language,
        "fallback_note": result.fallback_note,
    }


def _spans(value: Any) -> tuple[tuple[int, int], ...]:
    return tuple((int(s), int(e)) for s, e in value or ())


def trace_from_json(data: Mapping[str, Any]) -> ArticleTrace:
    atts = [
        Attribution(
            source=_spans(a["source"]),
            cue=_spans(a["cue"]),
            content=_spans(a["content"]),
            source_kind=a["source_kind"],
            role=a["role"],
            hedges=tuple(a["hedges"]),
            quote_type=a["quote_type"],
            parent=a["parent"],
            confidence=float(a["confidence"]),
            language=a["language"],
            method=a["method"],
            resolved=_spans(a["resolved"]),
            outlet=a["outlet"],
            cue_lemma=a["cue_lemma"],
        )
        for a in data["attributions"]
    ]
    edges = [
        CitationEdge(
            e["citing"],
            e["cited"],
            e["citing_outlet"],
            e["cited_outlet"],
            e["via"],
            (int(e["span"][0]), int(e["span"][1])) if e["span"] else None,
            e["attribution"],
            e["url"],
        )
        for e in data["edges"]
    ]
    return ArticleTrace(atts, edges, data.get("language"), data.get("fallback_note"))


def load_traces(
    store: Store, texts: Mapping[int, str], extractor: str | None = None
) -> dict[int, ArticleTrace]:
    """Cached traces of these articles (id -> text) whose text is unchanged."""
    key = extractor or extractor_key()
    ids = list(texts)
    found: dict[int, ArticleTrace] = {}
    with store.engine.connect() as conn:
        for start in range(0, len(ids), 500):
            rows = conn.execute(
                sa.select(
                    article_traces.c.article_id, article_traces.c.text_hash, article_traces.c.result
                ).where(
                    article_traces.c.extractor == key,
                    article_traces.c.article_id.in_(ids[start : start + 500]),
                )
            )
            for aid, digest, result in rows:
                if digest == text_hash(texts[aid]):
                    found[int(aid)] = trace_from_json(result)
    return found


def save_traces(
    store: Store,
    results: Mapping[int, tuple[str, ArticleTrace]],
    extractor: str | None = None,
) -> None:
    """Keep (text, trace) per article id, replacing what this extractor kept before."""
    from storytrace.records import utcnow

    if not results:
        return
    key = extractor or extractor_key()
    ids: Sequence[int] = list(results)
    now = utcnow()
    with store.transaction() as conn:
        conn.execute(
            sa.delete(article_traces).where(
                article_traces.c.extractor == key, article_traces.c.article_id.in_(ids)
            )
        )
        conn.execute(
            sa.insert(article_traces),
            [
                {
                    "article_id": aid,
                    "extractor": key,
                    "text_hash": text_hash(text),
                    "result": trace_to_json(result),
                    "traced_at": now,
                }
                for aid, (text, result) in results.items()
            ],
        )
