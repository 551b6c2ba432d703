"""Claims of one version: its sentences, with who says them, hedges, negation, entities,
numbers, dates and roles.

A claim is a sentence of the clean text (a dateline before the first sentence is page
furniture, not part of it). Its source is the speaker of a trace-stage attribution whose
cue lies in the sentence; with none, the outlet asserts it. Entities, places and roles
come from spaCy where a pipeline is installed (en, fr; one parse per article), from
capitalised words elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any, Final

from storytrace.compare.lexicon import (
    COUNTRY_OF,
    LOSS_NOUNS,
    LOSS_VERBS,
    WIN_NOUNS,
    WIN_VERBS,
    fold,
    hedges_in,
    negations_in,
    speech_forms,
    speech_word_starts,
    words,
)
from storytrace.compare.numbers import find_dates, find_quantities, is_date_word
from storytrace.compare.records import Claim, Version
from storytrace.trace.records import Attribution

#: A wire dateline opening the text: "KESSLING, June 4 (MPA) – " or "Kessling (MPA) – ".
DATELINE = re.compile(
    r"^(?:[A-ZÀ-Þ][A-ZÀ-Þ .'-]{2,40}(?:,[^–—\n]{0,30})?(?:\s*\([A-Za-z]{2,8}\))?"
    r"|[A-ZÀ-Þ][\w .'-]{1,40}(?:,[^–—\n]{0,30})?\s*\([A-Za-z]{2,8}\))\s*[–—-]+\s+"
)
_ABBREV = frozenset(
    "mr mrs ms dr prof st gen col lt sgt capt gov sen rep jr sr inc ltd co corp no vs etc "
    "a.m p.m u.s u.k e.g i.e mme mlle m dr bzw z.b ca nr sra sr dra jan feb mar apr jun jul "
    "aug sep sept oct nov dec".split()
)
_SENT_END = re.compile(
    # after a closing quotation mark, a lower-case word goes on with the sentence (the
    # “Meth. We’re on it.” campaign)
    r"[.!?…]+[\"'”»“)]*(?=\s+[\"'“«„(]?\s?[A-ZÀ-ÞА-Я0-9])"
    r"|[.!?…]\s?[\"'”»“]+(?=\s+(?![a-zß-ÿа-я]))"
    # Chinese and Japanese full stops end a sentence whatever follows (no space, no case)
    r"|[。！？]+[」』”’）)]*"
)
#: A run of initials ("k.j" of "K.J. Choi"): part of a name, like "u.s" no sentence end.
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_ARTICLES = frozenset(
    "the a an le la les l' un une des der die das den dem des ein eine einer el los las "
    "o os as lo".split()
)
_ENT_LABELS = frozenset(
    "PERSON PER ORG GPE LOC NORP FAC EVENT PRODUCT LAW WORK_OF_ART MISC".split()
)
_PLACE_LABELS = frozenset("GPE LOC FAC".split())
_NAME_LABELS = frozenset("PERSON PER GPE LOC FAC".split())
#: French, Spanish and Portuguese capitalise the domain of a ministry or portfolio ("la
#: ministre des Transports", "ministro de Hacienda"): a common noun that translation
#: renders in other words, so it is no proper name (a tagger often takes it for a place).
_PORTFOLIO_BEFORE = re.compile(
    r"\b(?:minist\w*|secr[ée]tari\w*|secretar\w*|conselh\w*|consejer\w*|portefeuille)"
    r"(?:\s+\w+)?\s+(?:des|du|de\s+la|de\s+l'|de|del|de\s+los|da|do|dos|das)\s*$",
    re.I,
)


#: "as X reported" credits the trace stage's rule sets may not take: used only when no
#: attribution covers the sentence.
_CREDITS: dict[str, tuple[re.Pattern[str], ...]] = {
    "en": (re.compile(r"\bas (?P<s>(?:the )?[A-Z][\w'’ .-]{1,60}?) (?:reported|said|wrote)\b"),),
    "de": (
        re.compile(
            r"\bwie (?P<s>(?:der|die|das) [^,.;]{2,60}?) "
            r"(?:berichtete|berichtet|meldete|meldet|mitteilte|schrieb)\b"
        ),
        re.compile(
            r"\b[Nn]ach (?:Informationen|Angaben) (?P<s>(?:der|des|von) [^,;.]{2,80}?)"
            r"(?=\s+(?:soll|sollen|hat|habe|haben|hätte|hätten|ist|sind|war|wurde|wurden|"
            r"könnte|wird)\b|,)"
        ),
    ),
    "fr": (
        re.compile(
            r"\bcomme l[’'](?:a|ont) (?:rapporté|indiqué|écrit|annoncé) (?P<s>[^,.;]{2,60})"
        ),
    ),
    "es": (re.compile(r"\bcomo (?:informó|dijo|publicó) (?P<s>[^,.;]{2,60})"),),
    "pt": (re.compile(r"\bcomo (?:informou|disse|publicou) (?P<s>[^,.;]{2,60})"),),
}
_MEDIA_WORDS = frozenset(
    "zeitung nachrichtenagentur agentur agency agence journal newspaper paper quotidien "
    "periódico diario jornal sender broadcaster".split()
)


def credited_source(sentence: str, language: str) -> tuple[str, str] | None:
    """(source, kind) of an "as X reported" credit in ``sentence``, if any."""
    from storytrace.trace.outlets import OUTLET_HEADS

    for pat in _CREDITS.get(language, ()):
        m = pat.search(sentence)
        if m:
            src = m.group("s").strip(" „“\"'«»")
            low = {fold(w) for w, _, _ in words(src)}
            kind = "media outlet" if low & (_MEDIA_WORDS | OUTLET_HEADS) else "unknown"
            # the name, without its article and generic noun ("die Nachrichtenagentur MPA"
            # -> "MPA"), as other stages look sources up by name
            toks = src.split()
            while len(toks) > 1 and (
                fold(toks[0]) in _ARTICLES or fold(toks[0].strip('„“"«»')) in _MEDIA_WORDS
            ):
                toks = toks[1:]
            return " ".join(toks).strip(" „“\"'«»"), kind
    return None


#: A quotation opened near the end of a piece and not closed in it: the words after the mark.
_OPEN_QUOTE = re.compile(r"(?:^|[\s(])[\"'“‘«„]([^\"“”‘’«»„]*)$")


def _short_open_quote(piece: str) -> bool:
    """Whether ``piece`` ends inside a quotation it opened one or two words before ("South
    Dakota says, 'Meth."): a slogan or title with a full stop inside ("'Meth. We're on
    it.'"), not the end of a sentence."""
    m = _OPEN_QUOTE.search(piece.rstrip())
    return m is not None and 0 < len(m.group(1).split()) <= 2


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``: paragraphs first, then ends of sentences that are not
    abbreviations ("Mr.", "a.m.", initials)."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        body = para.group(0)
        cut = 0
        for m in _SENT_END.finditer(body):
            end = m.end()
            before = body[cut : m.start() + 1]
            tail = re.search(r"([\w.]+)\.$", before)
            if tail and body[m.start()] == ".":
                word = tail.group(1).lower().rstrip(".")
                if word in _ABBREV or len(word) == 1 or _INITIALS.fullmatch(word):
                    # "a.m." ends a sentence only when a capitalised word that is not a
                    # weekday or name follows; keep it joined (the safer error)
                    continue
            piece = body[cut:end]
            if _short_open_quote(piece):
                continue
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                spans.append((start + cut + lead, start + end))
            cut = end
        rest = body[cut:]
        if rest.strip():
            lead = len(rest) - len(rest.lstrip())
            spans.append((start + cut + lead, start + len(body.rstrip())))
    return spans


_CLAUSE_CUT = re.compile(
    r"\s*(?:(?<!\d),|,(?!\d)|[;:()\u2013\u2014«»“”„\"，；：（）「」『』])\s*"
    r"|\s+(?=(?:and|but|while|when|et|mais|alors que|lorsque|"
    r"und|aber|während|y|pero|mientras|e|mas)\s)",
    re.I,
)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=16384)  # a story's claims come back in each of its version pairs
def word_count(text: str) -> int:
    """Words of ``text``; a run of Chinese or Japanese characters (written without spaces)
    counts as one word per two characters."""
    n = 0
    for w, _, _ in words(text):
        cjk = len(_CJK.findall(w))
        n += (cjk + 1) // 2 + (1 if len(w) > cjk else 0) if cjk else 1
    return n


def split_clauses(text: str, *, min_words: int = 3) -> list[tuple[int, int]]:
    """Clause-like pieces of a sentence (cut at punctuation and coordinating words), each
    at least ``min_words`` words long; shorter pieces are dropped."""
    return list(_split_clauses(text, min_words))


@lru_cache(maxsize=16384)
def _split_clauses(text: str, min_words: int) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    start = 0
    for m in [*_CLAUSE_CUT.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[start:end]
        if word_count(piece) >= min_words:
            lead = len(piece) - len(piece.lstrip())
            out.append((start + lead, start + len(piece.rstrip(" .!?。！？"))))
        if m:
            start = m.end()
    return tuple(out)


def entity_key(name: str) -> str:
    """A normalised entity name: folded, articles and possessives dropped, a nationality
    or country word mapped to its country ("the Russian army" -> "russia")."""
    toks = [fold(w) for w, _, _ in words(name)]
    toks = [t[:-2] if t.endswith("'s") else t.rstrip("'") for t in toks]
    for t in toks:
        if t in COUNTRY_OF:
            return COUNTRY_OF[t]
    while toks and (toks[0] in _ARTICLES or toks[0].startswith(("l'", "d'"))):
        if toks[0].startswith(("l'", "d'")) and len(toks[0]) > 2:
            toks[0] = toks[0][2:]
            break
        toks = toks[1:]
    return " ".join(t for t in toks if t)


#: Short words of a name that do not tell two people apart ("de Gaulle", "Mr Lind").
_NAME_PARTICLES = frozenset("mr ms dr st jr sr of de la le du da di el".split())


def _name_words(key: str) -> set[str]:
    """The words of an entity key that identify it: initials and particles aside, but
    two-letter given names kept ("Al Lind" and "Richard Lind" are two people)."""
    return {
        w
        for w in key.split()
        if len(w) > 2 or (len(w) == 2 and w.isalpha() and w not in _NAME_PARTICLES)
    }


def same_entity(a: str, b: str) -> bool:
    """Whether two entity keys name the same thing (one contains the other's words)."""
    if a == b:
        return True
    wa = _name_words(a)
    wb = _name_words(b)
    if not wa or not wb:
        return False
    small, big = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return small <= big


#: Cues whose content is what someone wants or does, not what they hold true: a claim
#: they carry is the outlet's own account of the wish ("X hoped to sign Y by Christmas")
#: or of the act ("X thanked the workers", "X welcomed the ruling": its content is whom or
#: what, no statement), or of a memory it presupposes true ("X said, recalling Y's run
#: in the final": the run is the outlet's account too), so a version that says the same
#: without them drops no attribution. (Trace still records them, as attribution corpora
#: annotate them.)
NOT_ASSERTING = frozenset(
    "hope want wish plan intend seek aim try urge ask demand press push lobby propose vow pledge"
    " promise"
    " threaten thank praise congratulate welcome applaud hail recall remember".split()
)


@lru_cache(maxsize=1)
def _reporting_lemmas() -> frozenset[str]:
    from storytrace.trace import lexicon as tl

    return (
        tl.SPEECH
        | tl.COGNITION
        | tl.EVIDENCE
        | tl.CUE_NOUNS
        | frozenset(tl.PREP_ONLY)
        | NOT_ASSERTING
        | {"according to", ":"}
    )


_QUOTE_MARKS = re.compile(r"[\"“”«»„]")


def _reports(att: Attribution, sentence: str, language: str) -> bool:
    """Whether an attribution says whose words or view the sentence gives. The learned
    English tagger also marks cues of no saying or thinking ("The office tracks all
    accidents in which ...", "the party enjoys a majority"): such a cue counts only where
    the sentence quotes someone or has a reporting verb too."""
    if language != "en" or not att.cue_lemma or att.cue_lemma in _reporting_lemmas():
        return True
    if att.quote_type != "indirect" or _QUOTE_MARKS.search(sentence):
        return True
    return bool(speech_word_starts(sentence, language))


#: An apposition between a speaker and the cue ("Mara Velt, 55, a harbour pilot, said").
_APPOSITION = re.compile(r",[^,]*,")


def _speaks_first(text: str, a: Attribution) -> bool:
    """Whether ``a``'s cue follows its source closely ("X told reporters that ...", "X,
    a spokesman, said", "X on Monday told"), not at the end of a clause of its own ("X
    could face ten years in prison after pleading guilty to ..."): at most eight words
    between them, appositions aside. A cue before its source ("said X") speaks first."""
    if not a.source or not a.cue:
        return True
    gap = text[a.source[0][1] : a.cue[0][0]]
    return len(_APPOSITION.sub(" ", gap).split()) <= 8


def _attribution_for(
    atts: Sequence[Attribution], start: int, end: int, text: str
) -> Attribution | None:
    """The attribution that carries the sentence: its cue in the sentence and its content
    covering a good part of it ("X said ...", "According to X, ..."), outermost first; a
    cue inside a side clause ("when judges rejected ...") does not attribute the claim."""
    best: Attribution | None = None
    best_cover = 0.0
    length = max(1, end - start)
    for a in atts:
        anchor = a.cue or a.source
        if not anchor or not (start <= anchor[0][0] < end):
            continue
        inside = sum(max(0, min(e, end) - max(s, start)) for s, e in a.content)
        # an extractor that marks no content ("X reported.") attributes the sentence
        cover = inside / length if a.content else 0.5
        # the source opening the sentence ("X told reporters that ...") attributes it
        # even when the reported part is short
        opens = bool(a.source) and a.source[0][0] - start <= 0.15 * length
        # a cue ending the speaker's own clause reports a part of the sentence only
        reports = _speaks_first(text, a) and (cover >= 0.35 or (opens and cover >= 0.1))
        # a quotation carries the sentence it opens or fills, or whose speaker opens it;
        # not one quoted in a side clause ("arrested for a call in which he said he'd
        # put a 'bullet ...'")
        quoted = a.quote_type != "indirect" and (
            cover >= 0.35 or opens or (bool(a.content) and a.content[0][0] - start <= 0.15 * length)
        )
        if quoted or reports:
            key = cover + (0.5 if a.parent is None else 0.0)
            if best is None or key > best_cover:
                best, best_cover = a, key
    return best if best is not None else _content_of(atts, start, end)


#: Share of a sentence with no cue of its own that an attribution's content must hold for
#: the sentence to be that speaker's words.
CONTENT_HOLDS = 0.8


def _content_of(atts: Sequence[Attribution], start: int, end: int) -> Attribution | None:
    """The attribution whose content holds a sentence that has no cue of its own: the
    first sentences of a quotation ("“A. B,” she said." gives "A." no cue) and quotations
    carried on after their speaker's paragraph are still the speaker's words, not the
    outlet's. The outermost of several wins, as above."""
    best: Attribution | None = None
    best_key = 0.0
    length = max(1, end - start)
    for a in atts:
        inside = sum(max(0, min(e, end) - max(s, start)) for s, e in a.content)
        if inside / length < CONTENT_HOLDS:
            continue
        key = inside / length + (0.5 if a.parent is None else 0.0)
        if key > best_key:
            best, best_key = a, key
    return best


def _capitalised_entities(sentence: str) -> list[tuple[str, int, int]]:
    """Runs of capitalised words that are not sentence-initial (rules languages)."""
    out: list[tuple[str, int, int]] = []
    toks = words(sentence)
    i = 0
    while i < len(toks):
        w, s, e = toks[i]
        if w[:1].isupper() and (i > 0 or (i + 1 < len(toks) and toks[i + 1][0][:1].isupper())):
            j = i
            while j + 1 < len(toks) and (
                toks[j + 1][0][:1].isupper()
                or (
                    toks[j + 1][0] in ("de", "des", "du", "von")
                    and j + 2 < len(toks)
                    and toks[j + 2][0][:1].isupper()
                )
            ):
                j += 1
            out.append((sentence[s : toks[j][2]], s, toks[j][2]))
            i = j + 1
        else:
            if fold(w) in COUNTRY_OF:
                out.append((w, s, e))
            i += 1
    return out


#: Titles written before a name: a run that is only a title and a name keeps the name.
_TITLES = frozenset("mr mrs ms dr sir president minister senator governor coach".split())


def _fallback_names(sentence: str) -> list[str]:
    """Names of a sentence in which the tagger found none: runs of two or more capitalised
    words ("Tomas Brek ended with 26 points"), the small English model misses many
    names at a sentence start or in sports copy. A weekday, a month or a country ends a
    run ("On Sunday Mr Lind", "Belgian Jonas Korr"); a leading title is dropped but
    marks a person ("Mr Lind")."""
    out: list[str] = []
    for run, _, _ in _capitalised_entities(sentence):
        segment: list[str] = []
        for t in [fold(w) for w, _, _ in words(run)] + [""]:
            if t and not is_date_word(t) and _possessor(t) not in COUNTRY_OF:
                segment.append(t)
                continue
            titled = bool(segment) and segment[0] in _TITLES
            while segment and segment[0] in _TITLES:
                segment = segment[1:]
            key = entity_key(" ".join(segment)) if len(segment) >= 2 or titled else ""
            if key and key not in COUNTRY_OF.values():
                out.append(key)
            segment = []
    return out


def _possessor(folded: str) -> str:
    """A folded word without its possessive ending ("france's" -> "france")."""
    return folded[:-2] if folded.endswith("'s") else folded


_TITLE_WORD = re.compile(r"[^\W\d_]{4,}")


def _heading(text: str, s: int, e: int) -> bool:
    """A subheading on a line of its own ("SCORES QUARANTINED", "What Happens Next"):
    a few words, no closing punctuation, no figure, in capitals or title case. It names
    a section; it states nothing to compare."""
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    piece = text[s:e].strip()
    if (
        piece != line
        or not piece
        or piece[-1] in ".!?:;\"'”’»)…"
        or piece[0] in "-–—•*·"  # an item of a list ("- SpaceX, Hawthorne, California")
        or any(c.isdigit() for c in piece)
    ):
        return False
    if word_count(piece) > 8:
        return False
    long_words = _TITLE_WORD.findall(piece)
    return bool(long_words) and all(w[:1].isupper() for w in long_words)


#: A photo's credit closing a sentence: "(AP Photo/Mara Velt)", "(Reuters/...)", "(Photo: ...)".
_PHOTO_CREDIT: Final = re.compile(
    r"\((?:(?:AP|AFP|Reuters|Getty Images|EPA)?\s*Photos?\b|(?:AP|AFP|Reuters|EPA)/)[^)]*\)\s*$"
)
#: A caption's closing date: a comma, the weekday and the date with its year
#: ("..., Friday, Jan. 11, 2008."). Agency captions date the picture in full; the
#: report's own sentences give the weekday alone ("on Friday") or the date after "on".
_CAPTION_DATE: Final = re.compile(
    r",\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\.?\s*$"
)


def _caption(sentence: str) -> bool:
    """A photo's caption glued into the text (text dumps keep them: "Accident investigators
    look through the wreckage ..., Friday Jan. 18, 2008."): it describes a picture, not a
    point of the report, and would lead a summary."""
    return bool(_PHOTO_CREDIT.search(sentence) or _CAPTION_DATE.search(sentence.strip()))


def extract_claims(
    version: Version,
    attributions: Sequence[Attribution],
    *,
    doc: Any = None,
) -> list[Claim]:
    """The claims of ``version`` (``doc``: its spaCy parse, when one ran)."""
    text = version.text
    lang = version.language
    spans = split_sentences(text)
    if spans:
        m = DATELINE.match(text[spans[0][0] : spans[0][1]])
        if m:
            spans[0] = (spans[0][0] + m.end(), spans[0][1])
    # a lone word states nothing: "Continued...", "Advertisement", a teaser cut to "The..."
    # a sentence followed by a photo credit alone is that photo's caption
    credited = {
        i - 1 for i, (s, e) in enumerate(spans) if i and _PHOTO_CREDIT.fullmatch(text[s:e].strip())
    }
    spans = [
        (s, e)
        for i, (s, e) in enumerate(spans)
        if word_count(text[s:e]) >= 2
        and not _heading(text, s, e)
        and not _caption(text[s:e])
        and i not in credited
    ]
    para_of = _paragraph_index(text)
    claims: list[Claim] = []
    for n, (s, e) in enumerate(spans):
        sentence = text[s:e]
        att = _attribution_for(attributions, s, e, text)
        if att is not None and att.cue_lemma in NOT_ASSERTING:
            att = None  # "The Bulls had hoped to ...": the outlet says what they hoped
        if att is not None and not _reports(att, sentence, lang):
            att = None
        source = source_kind = source_outlet = None
        if att is not None:
            source = att.speaker(text).strip() or None
            source_kind = att.source_kind
            if source_kind == "media outlet":
                source_outlet = att.outlet
        credit = None if att is not None else credited_source(sentence, lang)
        ents: list[str] = []
        names: list[str] = []
        places: list[str] = []
        frames: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
        predicates: list[str] = []
        verbs: tuple[tuple[int, bool], ...] = ()
        if doc is not None:
            sent = doc.char_span(s, e, alignment_mode="expand")
            if sent is not None:
                for ent in sent.ents:
                    if ent.label_ in _ENT_LABELS:
                        key = entity_key(ent.text)
                        if key:
                            ents.append(key)
                            if ent.label_ in _PLACE_LABELS:
                                places.append(key)
                            if (
                                ent.label_ in _NAME_LABELS
                                and key not in COUNTRY_OF.values()
                                and not _PORTFOLIO_BEFORE.search(
                                    text[max(0, ent.start_char - 40) : ent.start_char]
                                )
                            ):
                                names.append(key)
                for tok in sent:
                    k = COUNTRY_OF.get(fold(tok.text))
                    if k:
                        ents.append(k)
                frames = role_frames(sent)
                predicates = [t.lemma_.lower() for t in sent if t.dep_ == "ROOT"]
                verbs = clause_verbs(sent, s, lang)
            if not names:
                names = _fallback_names(sentence)
        else:
            for name, _, _ in _capitalised_entities(sentence):
                key = entity_key(name)
                if key:
                    ents.append(key)
                    if lang != "de" and key not in COUNTRY_OF.values():
                        names.append(key)  # German capitalises every noun
        roles: dict[str, tuple[str, ...]] = {}
        agents = tuple(dict.fromkeys(x for f in frames for x in f[1]))
        patients = tuple(dict.fromkeys(x for f in frames for x in f[2]))
        if agents:
            roles["agent"] = agents
        if patients:
            roles["patient"] = patients
        quantities = tuple(
            replace(q, span=(q.span[0] + s, q.span[1] + s)) for q in find_quantities(sentence, lang)
        )
        claims.append(
            Claim(
                id=f"{version.id}#{n}",
                version=version.id,
                span=(s, e),
                text=sentence,
                source=source,
                source_kind=source_kind,
                source_outlet=source_outlet,
                hedges=tuple(h for h, _, _ in hedges_in(sentence, lang)),
                negated=bool(negations_in(sentence, lang)),
                entities=tuple(dict.fromkeys(ents)),
                numbers=quantities,
                places=tuple(dict.fromkeys(places)),
                dates=tuple(dict.fromkeys(d for d, _, _ in find_dates(sentence))),
                roles=roles,
                predicates=tuple(predicates),
                paragraph=para_of(s),
                frames=tuple(frames),
                names=tuple(dict.fromkeys(names)),
                credit=credit[0] if credit else None,
                credit_kind=credit[1] if credit else None,
                verbs=verbs,
            )
        )
    return claims


#: Dependencies by which a verb heads a clause of its own (Universal Dependencies and the
#: English scheme; "acl:relcl" and the like are cut at the colon).
_CLAUSE_DEPS = frozenset("ROOT root ccomp conj advcl relcl acl parataxis csubj".split())


def clause_verbs(sent: Any, offset: int, language: str) -> tuple[tuple[int, bool], ...]:
    """The verbs of the parsed sentence ``sent`` that head a clause: (character offset
    from ``offset``, coordinated with an earlier verb). A verb completing another ("could
    be suspended", "pourrait être suspendu") belongs to that verb's predicate and is not
    counted, unless the parser hung a reported statement that way on its speech verb
    ("a assuré que l'entreprise avait « respecté ... »") or on a quotation mark."""
    speech = speech_forms(language)
    out: list[tuple[int, bool]] = []
    for t in sent:
        if t.pos_ != "VERB" or not t.text[:1].isalpha():
            continue
        dep = t.dep_.split(":")[0]
        if dep == "xcomp":
            if t.head.text[:1].isalpha() and t.head.text.lower() not in speech:
                continue
        elif dep not in _CLAUSE_DEPS:
            continue
        coordinated = dep == "conj" and t.head.pos_ in ("VERB", "AUX") and t.head.i < t.i
        out.append((t.idx - offset, coordinated))
    return tuple(out)


def _paragraph_index(text: str) -> Any:
    starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]

    def index(pos: int) -> int:
        n = 0
        for i, st in enumerate(starts):
            if st <= pos:
                n = i
        return n

    return index


# ------------------------------------------------------------------ roles (spaCy)

_SUBJ = frozenset(("nsubj",))
_SUBJ_PASS = frozenset(("nsubjpass", "nsubj:pass"))
_OBJ = frozenset(("dobj", "obj"))
_AGENT_PREPS = frozenset("by from to par de von durch por".split())
_AGAINST = frozenset("against over contre sur gegen contra".split())
_OF = frozenset("of de des du".split())


def _np_entities(tok: Any) -> tuple[str, ...]:
    """Entity keys of the noun phrase headed by ``tok`` (named entities, nationality
    adjectives, proper nouns), or its head lemma for a plain noun."""
    sub = list(tok.subtree)
    # stop at a relative clause or a preposition phrase: "X, which runs Y" names X only
    keep = [
        t
        for t in sub
        if t.i == tok.i
        or not any(
            a.dep_ in ("relcl", "acl", "prep", "appos", "acl:relcl", "nmod") and a.i != tok.i
            for a in [t, *t.ancestors]
            if a.i != tok.i and tok in a.ancestors
        )
    ]
    out: list[str] = []
    for t in keep:
        k = COUNTRY_OF.get(fold(t.text))
        if k:
            out.append(k)
    ents = [
        e
        for e in tok.doc.ents
        if e.start <= tok.i < e.end or (keep and e.start >= keep[0].i and e.end <= keep[-1].i + 1)
    ]
    for e in ents:
        key = entity_key(e.text)
        if key:
            out.append(key)
    if not out:
        propn = [t for t in keep if t.pos_ == "PROPN"]
        if propn:
            key = entity_key(" ".join(t.text for t in propn))
            if key:
                out.append(key)
    if not out and tok.pos_ == "PROPN":
        out.append(entity_key(tok.text))
    return tuple(dict.fromkeys(x for x in out if x))


def _prep_objects(tok: Any, preps: frozenset[str]) -> list[Any]:
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "case") and c.lower_ in preps:
            out += [g for g in c.children if g.dep_ in ("pobj", "obj")]
        elif c.dep_ in ("obl", "nmod", "obl:agent", "obl:arg") and any(
            g.dep_ == "case" and g.lower_ in preps for g in c.children
        ):
            out.append(c)
    return out


def role_frames(sent: Any) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(event, agents, patients) of a parsed sentence: who won/lost (one "defeat" class for
    win/beat/lose/suffer losses/defeat of X), and who did what to whom for other verbs with
    a named subject and object."""
    frames: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX"):
            subj = [c for c in tok.children if c.dep_ in _SUBJ]
            subjpass = [c for c in tok.children if c.dep_ in _SUBJ_PASS]
            objs = [c for c in tok.children if c.dep_ in _OBJ]
            by = [
                g
                for c in tok.children
                if c.dep_ in ("agent", "obl:agent")
                for g in ([*c.children] if c.dep_ == "agent" else [c])
                if g.dep_ in ("pobj", "obl:agent", "obj") or c.dep_ == "obl:agent"
            ]
            agents: list[str] = []
            patients: list[str] = []
            if lemma in WIN_VERBS:
                for t in subj + by:
                    agents += _np_entities(t)
                for t in subjpass + _prep_objects(tok, _AGAINST):
                    patients += _np_entities(t)
                for o in objs:
                    if o.ent_type_ or o.pos_ == "PROPN":
                        patients += _np_entities(o)
                    for t in _prep_objects(o, _AGAINST):
                        patients += _np_entities(t)
                event = "defeat"
            elif lemma in LOSS_VERBS and (
                lemma in ("lose", "perdre", "verlieren", "perder")
                or any(o.lemma_.lower() in LOSS_NOUNS for o in objs)
            ):
                for t in subj:
                    patients += _np_entities(t)
                for t in _prep_objects(tok, frozenset("to against à gegen contra".split())):
                    agents += _np_entities(t)
                event = "defeat"
            else:
                for t in subj + by:
                    agents += _np_entities(t)
                for t in objs + subjpass:
                    patients += _np_entities(t)
                if not (agents and patients):
                    continue
                event = lemma
            if agents or patients:
                frames.append((event, tuple(dict.fromkeys(agents)), tuple(dict.fromkeys(patients))))
        elif tok.pos_ in ("NOUN", "PROPN") and lemma in (LOSS_NOUNS | WIN_NOUNS):
            owners = [c for c in tok.children if c.dep_ in ("poss", "nmod:poss")]
            owners += [c for c in tok.children if c.dep_ == "amod" and fold(c.text) in COUNTRY_OF]
            owners += _prep_objects(tok, _OF)
            others = _prep_objects(tok, _AGENT_PREPS - _OF) + _prep_objects(tok, _AGAINST)
            # "the defeat of X by Y": the parser often hangs "by Y" on X
            for t in _prep_objects(tok, _OF):
                others += _prep_objects(t, _AGENT_PREPS - _OF)
            own = [x for t in owners for x in _np_entities(t)]
            oth = [x for t in others for x in _np_entities(t)]
            if tok.dep_ in _OBJ and tok.head.lemma_.lower() in LOSS_VERBS:
                continue  # "X suffered losses": the verb's frame has it
            if lemma in LOSS_NOUNS:
                frames.append(("defeat", tuple(dict.fromkeys(oth)), tuple(dict.fromkeys(own))))
            else:
                frames.append(("defeat", tuple(dict.fromkeys(own)), tuple(dict.fromkeys(oth))))
    return [f for f in frames if f[1] or f[2]]
