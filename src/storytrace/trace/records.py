"""Records of the trace stage: who said what, and which outlet cites which.

Spans are ``(start, end)`` character offsets into the article's clean text (Python ``str``
indices, end exclusive). A role may be discontinuous, so each role is a tuple of spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

#: Where a speaker's phrase goes on to describe them (", who ...", ", which ...").
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|whom|whose|which)\b")

Span = tuple[int, int]

#: What kind of source an attribution names (see :mod:`storytrace.trace.sources`).
SourceKind = Literal[
    "named person",
    "role",
    "anonymous",
    "anonymous group",
    "organisation",
    "media outlet",
    "document",
    "pronoun",
    "unknown",
]
#: direct: the content is a quotation; indirect: reported speech; mixed: both.
QuoteType = Literal["direct", "indirect", "mixed"]
#: How a citation edge was found.
EdgeVia = Literal["attribution", "wire", "dateline", "link"]


@dataclass(slots=True)
class Attribution:
    """One attribution: a source, a cue and a content (who says/thinks what)."""

    source: tuple[Span, ...]
    cue: tuple[Span, ...]
    content: tuple[Span, ...]
    source_kind: SourceKind = "unknown"
    #: The source's role or title when given ("political scientist", "a spokesman").
    role: str | None = None
    #: Hedging words on the cue or in its clause ("may", "reportedly", "signalled").
    hedges: tuple[str, ...] = ()
    quote_type: QuoteType = "indirect"
    #: Index (in the same list) of the attribution whose content holds this one.
    parent: int | None = None
    confidence: float = 0.5
    language: str = "en"
    #: "spacy-en", "spacy-fr" or "rules-<lang>"; a plugged-in model names itself.
    method: str = "spacy-en"
    #: Where a pronoun or relative source points (the speaker it stands for), if found.
    resolved: tuple[Span, ...] = ()
    #: Canonical outlet name when the source is (or belongs to) a media outlet.
    outlet: str | None = None
    #: The cue's head word, lemmatised ("say", "according to", ":").
    cue_lemma: str | None = None

    def text_of(self, text: str, role: Literal["source", "cue", "content", "resolved"]) -> str:
        """The role's text, discontinuous pieces joined by one space."""
        spans: tuple[Span, ...] = getattr(self, role)
        return " ".join(text[s:e] for s, e in spans)

    def speaker(self, text: str) -> str:
        """The source as a reader names it: the resolved antecedent when there is one,
        without a relative clause that tells more about it ("Choi, who has won $17
        million," is Choi); the spans keep the whole phrase."""
        shown = self.text_of(text, "resolved") if self.resolved else self.text_of(text, "source")
        cut = _RELATIVE_CLAUSE.search(shown)
        return shown[: cut.start()] if cut and cut.start() > 0 else shown

    def as_dict(self, text: str | None = None) -> dict[str, object]:
        """A JSON-ready dict; with ``text``, each role's string is included too."""
        out: dict[str, object] = {
            "source": [list(s) for s in self.source],
            "cue": [list(s) for s in self.cue],
            "content": [list(s) for s in self.content],
            "source_kind": self.source_kind,
            "role": self.role,
            "hedges": list(self.hedges),
            "quote_type": self.quote_type,
            "parent": self.parent,
            "confidence": round(self.confidence, 3),
            "language": self.language,
            "method": self.method,
            "resolved": [list(s) for s in self.resolved],
            "outlet": self.outlet,
            "cue_lemma": self.cue_lemma,
        }
        if text is not None:
            for role in ("source", "cue", "content", "resolved"):
                out[f"{role}_text"] = self.text_of(text, role)
        return out


@dataclass(frozen=True, slots=True)
class CitationEdge:
    """``citing`` reports what ``cited`` published (outlet to outlet, within one article)."""

    #: Label of the citing node: the article's own outlet, or an outlet a parent
    #: attribution names; None when the article's outlet is unknown.
    citing: str | None
    cited: str
    #: Canonical outlet names (from the gazetteer) of both ends, when known.
    citing_outlet: str | None
    cited_outlet: str
    via: EdgeVia
    #: Evidence in the clean text (empty for a link found only in the HTML).
    span: Span | None = None
    #: The attribution this edge comes from (index into the article's attributions).
    attribution: int | None = None
    url: str | None = None


@dataclass(slots=True)
class ArticleTrace:
    """Everything the trace stage finds in one article."""

    attributions: list[Attribution]
    edges: list[CitationEdge] = field(default_factory=list)
    language: str | None = None
    #: Set when the language has no parser here and only cue-lexicon rules ran.
    fallback_note: str | None = None
