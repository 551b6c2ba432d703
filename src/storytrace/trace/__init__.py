"""trace stage: who says what in an article, what kind of source they are, and which
outlet cites which.

Phase 1 works on one article at a time::

    from storytrace.trace import extract_attributions, trace_article
    atts = extract_attributions(text)                    # language detected
    result = trace_article(article)                      # attributions + citation edges

Per-story citation chains come in phase 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storytrace.trace.citations import citation_chain, citation_edges, cited_outlets
from storytrace.trace.model import (
    AttributionModel,
    extract_attributions,
    trace_text,
    use_model,
)
from storytrace.trace.outlets import by_domain, canonical, find_outlets
from storytrace.trace.records import ArticleTrace, Attribution, CitationEdge, SourceKind

if TYPE_CHECKING:
    from storytrace.records import Article

__all__ = [
    "ArticleTrace",
    "Attribution",
    "AttributionModel",
    "CitationEdge",
    "SourceKind",
    "by_domain",
    "canonical",
    "citation_chain",
    "citation_edges",
    "cited_outlets",
    "extract_attributions",
    "find_outlets",
    "trace_article",
    "trace_text",
    "use_model",
]


def trace_article(
    article: Article | str,
    *,
    language: str | None = None,
    outlet: str | None = None,
    html: str | None = None,
    model: AttributionModel | None = None,
    url: str | None = None,
) -> ArticleTrace:
    """Attributions and citation edges of an :class:`~storytrace.records.Article` (or a text).

    The article's own outlet, address and language are used unless given; ``html`` (the
    raw page) adds edges from outbound links.
    """
    if isinstance(article, str):
        text = article
    else:
        text = article.text
        language = language or article.language
        outlet = outlet or article.outlet
        url = url or article.canonical_url or article.url
    result = trace_text(text, language=language, model=model)
    result.edges = citation_edges(text, result.attributions, outlet=outlet, html=html, url=url)
    return result
