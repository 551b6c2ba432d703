"""Attributions without a parser: cue lexicons and surface patterns.

Used for languages that have no dependency parser here (German, Spanish, Russian,
Portuguese; French when its spaCy model is missing). Patterns, per sentence:

* quotation, cue, source  -- «...», sagte der Minister.
* source, cue, quotation  -- Der Minister sagte: «...»
* source, cue, complementizer clause -- El ministro dijo que ...
* source, cue, comma clause -- Der Minister sagte, die Lage sei ernst.
* clause, cue, source     -- Die Lage sei ernst, sagte der Minister.
* "according to" phrases  -- Según el ministro, ... / Laut Polizei ... / ... zufolge
* a source after "so"     -- Die Lage sei ernst, so der Minister.
* "as" X said, clause      -- Como dijo el ministro, ... / Как сказал министр, ...

A German separable verb is one cue of two pieces, its particle closing the verb's clause
("teilte am Montag mit, dass ...", "..., fügte der Sprecher hinzu"); a particle or an
auxiliary is never a cue alone. In German, a phrase after the cue that starts with an
object's article ("fordert einen Ausschuss") is no inverted speaker. "Wie" before a source
("Wie der Minister sagte, ...") and the empty "es" of "hieß es aus dem Rathaus" are no
part of the source.

Each attribution gets ``method="rules-<lang>"`` and a confidence below the parsed ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from storytrace.trace.quotes import QuoteIndex
from storytrace.trace.records import Attribution, QuoteType, Span
from storytrace.trace.rules_lexicon import LEXICONS, RuleLexicon

RULE_LANGUAGES = frozenset(LEXICONS)
_SENT_END = re.compile(r"(?<=[.!?…])[\"»”“']?\s+(?=[\"«„“'(\[A-ZÀ-ÖØ-ÞА-ЯЁ0-9])|\n+")
_WORD = re.compile(r"[\w'’\-]+")
#: Most words a source may have (beyond that the pattern is probably wrong).
MAX_SOURCE_WORDS = 12


@lru_cache(maxsize=8)
def _patterns(
    lang: str,
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str] | None]:
    lex = LEXICONS[lang]
    cues = sorted(
        set(lex.speech) | set(lex.cognition) | {v for v, _ in lex.separable}, key=len, reverse=True
    )
    cue_re = re.compile(r"(?<!\w)(" + "|".join(re.escape(c) for c in cues) + r")(?!\w)", re.I)
    comp_re = re.compile(
        r"\s*,?\s*(" + "|".join(re.escape(c) for c in lex.complementizers) + r")(?!\w)", re.I
    )
    acc_re = re.compile(
        r"(?<!\w)("
        + "|".join(re.escape(a) for a in sorted(lex.according, key=len, reverse=True))
        + r")(?!\w)",
        re.I,
    )
    after_re = (
        re.compile(
            r"(?<!\w)(" + "|".join(re.escape(a) for a in lex.according_after) + r")(?!\w)", re.I
        )
        if lex.according_after
        else None
    )
    return cue_re, comp_re, acc_re, after_re


def _sentences(text: str) -> list[Span]:
    out = []
    start = 0
    for m in _SENT_END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _trim(text: str, s: int, e: int, *, punct: str = " \t\n,;:.—–-") -> Span | None:
    while s < e and text[s] in punct:
        s += 1
    while e > s and text[e - 1] in punct:
        e -= 1
    return (s, e) if e > s else None


def _source_before(text: str, sent_start: int, cue_start: int) -> Span | None:
    """The subject before a cue: back to the sentence start or the last clause comma."""
    seg_start = sent_start
    for m in re.finditer(r"[,;:—–]\s", text[sent_start:cue_start]):
        seg_start = sent_start + m.end()
    span = _trim(text, seg_start, cue_start)
    if span is None or len(_WORD.findall(text[span[0] : span[1]])) > MAX_SOURCE_WORDS:
        return None
    return span


def _source_after(text: str, cue_end: int, sent_end: int) -> Span | None:
    """The subject after a cue ("..., sagte der Minister am Montag.")."""
    m = re.search(r"[,.;:!?]|\s[—–]\s", text[cue_end:sent_end])
    end = cue_end + m.start() if m else sent_end
    span = _trim(text, cue_end, end)
    if span is None:
        return None
    words = list(_WORD.finditer(text[span[0] : span[1]]))
    if not words:
        return None
    if len(words) > MAX_SOURCE_WORDS:
        span = (span[0], span[0] + words[MAX_SOURCE_WORDS - 1].end())
    return span


#: When a statement was made, written around its speaker ("sagte am Dienstag der
#: Minister", "dijo este lunes el ministro"): weekday and day-part words with the
#: prepositions and articles that introduce them.
_TIME_WORDS = {
    "de": (
        r"(?:am|an|bereits|schon|noch|in|der|im|vom|von|bis|zum|heute|gestern)",
        r"(?:(?:mon|diens|donners|frei|sams|sonn)tag|mittwoch|sonnabend)(?:abend|morgen|"
        r"nachmittag|vormittag|nacht)?s?|wochenende|abend|morgen|nachmittag|vormittag|nacht|"
        r"heute|gestern|vorgestern|morgens|abends|mittag",
    ),
    "es": (
        r"(?:el|este|esta|la|pasado|por|en|de|ayer|hoy)",
        r"lunes|martes|miércoles|jueves|viernes|sábado|domingo|mañana|tarde|noche|ayer|hoy|"
        r"anoche|madrugada",
    ),
    "pt": (
        r"(?:na|nesta|neste|no|nessa|nesse|à|de|da|do|ontem|hoje|passada|passado)",
        r"(?:segunda|terça|quarta|quinta|sexta)(?:-feira)?|sábado|domingo|manhã|tarde|noite|"
        r"ontem|hoje|madrugada",
    ),
    "ru": (
        r"(?:в|во|на|вечером|утром|днём|днем|ночью|вчера|сегодня)",
        r"понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье|вечером|утром|днём|"
        r"днем|ночью|вчера|сегодня|выходных",
    ),
}


@lru_cache(maxsize=8)
def _time_edges(language: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    words = _TIME_WORDS.get(language)
    if words is None:
        return None
    lead, word = words
    phrase = rf"(?:{lead}\s+)*(?:{word})(?:\s+(?:{lead}\s+)*(?:{word}))*"
    return (
        re.compile(rf"^(?:{phrase})(?:[\s,]+|$)", re.IGNORECASE),
        re.compile(rf"(?:^|[\s,]+)(?:{phrase})$", re.IGNORECASE),
    )


def _untimed(text: str, span: Span, language: str) -> Span:
    """``span`` (a source) without the time phrase at its start or end; unchanged when
    nothing else would be left."""
    edges = _time_edges(language)
    if edges is None:
        return span
    s, e = span
    piece = text[s:e]
    m = edges[0].match(piece)
    cut_s = m.end() if m else 0
    m = edges[1].search(piece, cut_s)
    cut_e = m.start() if m else len(piece)
    if cut_e - cut_s < 2:
        return span
    return (s + cut_s, s + cut_e)


#: "As" opening a source before its cue ("Wie der Minister sagte, ...", "Como dijo el
#: ministro, ..."): it introduces the source, it is no part of it.
#: Likewise the empty "es" of "hieß es aus dem Rathaus" ("it was said from city hall").
_AS = re.compile(
    r"^(?:wie|como|comme|как|es(?=\s+(?:aus|von|vom|im|in|bei|seitens)\s))\s+", re.IGNORECASE
)


#: "As" then the cue at the very start of a sentence: the speaker follows the cue.
_AS_LEAD = re.compile(r"^\s*(?:como|comme|как)\s*$", re.IGNORECASE)


def _without_as(text: str, span: Span) -> Span:
    m = _AS.match(text[span[0] : span[1]])
    return (span[0] + m.end(), span[1]) if m and span[0] + m.end() < span[1] else span


def _quote_type(quotes: QuoteIndex, content: tuple[Span, ...]) -> QuoteType:
    shares = [quotes.quoted_share(s, e) for s, e in content]
    if shares and min(shares) > 0.9:
        return "direct"
    return "mixed" if any(x > 0 for x in shares) else "indirect"


def extract_rules(text: str, language: str) -> list[Attribution]:
    """Attributions found by the rules of ``language`` (empty when it has no lexicon)."""
    lex = LEXICONS.get(language)
    if lex is None:
        return []
    cue_re, comp_re, acc_re, after_re = _patterns(language)
    quotes = QuoteIndex(text)
    method = f"rules-{language}"
    out: list[Attribution] = []

    separable: dict[str, list[str]] = {}
    for verb, word in lex.separable:
        separable.setdefault(verb.lower(), []).append(word)
    alone = {c.lower() for c in (*lex.speech, *lex.cognition)}
    particle_of: dict[Span, Span] = {}  # a cue's verb -> its particle, where it has one

    def add(source: Span | None, cue: Span, content: list[Span], conf: float, lemma: str) -> None:
        pieces = tuple(sorted(c for c in content if c[1] > c[0]))
        if not pieces:
            return
        if source is not None:
            source = _without_as(text, _untimed(text, source, language))
        out.append(
            Attribution(
                source=(source,) if source else (),
                cue=(cue, particle_of[cue]) if cue in particle_of else (cue,),
                content=pieces,
                quote_type=_quote_type(quotes, pieces),
                confidence=conf,
                language=language,
                method=method,
                cue_lemma=lemma,
                hedges=_hedges(text, cue, pieces, lex),
            )
        )

    for ss, se in _sentences(text):
        body_end = se
        while body_end > ss and text[body_end - 1] in " .!?\n":
            body_end -= 1
        for m in cue_re.finditer(text, ss, se):
            cs, ce = m.start(), m.end()
            if quotes.containing(cs):
                continue
            lemma = m.group(1).lower()
            particle = _particle(text, ce, se, separable.get(lemma, ()))
            if particle is None and lemma not in alone:
                continue  # "geht" is a cue only with "davon aus"
            cs = _with_auxiliaries(text, ss, cs, lex)
            cue = (cs, ce)
            # a speaker after the verb stands before its particle ("teilte das Amt mit")
            verb_end, speaker_end = ce, particle[0] if particle is not None else se
            if particle is not None:
                # "teilte am Montag mit, dass ...": the clause goes on after the particle
                particle_of[cue] = particle
                lemma = f"{lemma} {text[particle[0] : particle[1]].lower()}"
                ce = particle[1]
            conf_base = 0.55 if lemma in {c.lower() for c in lex.cognition} else 0.65
            before = [
                r
                for r in quotes.overlapping(max(ss, cs - 6), cs)
                if r[1] <= cs and not text[r[1] : cs].strip(" ,—–-\u00a0")
            ]
            after = [
                r
                for r in quotes.overlapping(ce, ce + 6)
                if r[0] >= ce and not text[ce : r[0]].strip(" ,:—–-\u00a0")
            ]
            if before:
                src = _source_after(text, verb_end, speaker_end)
                add(src, cue, [before[-1]], conf_base + 0.1, lemma)
                continue
            if after:
                add(_source_before(text, ss, cs), cue, [after[0]], conf_base + 0.1, lemma)
                continue
            lead = _AS_LEAD.match(text[ss:cs])
            if lead and "," in text[ce:body_end]:
                # "Como dijo el ministro, la situación es grave.": the speaker follows the
                # cue up to the comma, the statement follows the comma
                comma = text.index(",", ce)
                src = _trim(text, ce, comma)
                content = _trim(text, comma + 1, body_end)
                words_in = len(_WORD.findall(text[ce:comma]))
                if src and content and 0 < words_in <= MAX_SOURCE_WORDS:
                    add(src, cue, [content], conf_base, lemma)
                    continue
            comp = comp_re.match(text, ce)
            if comp:
                content = _trim(text, comp.start(1), body_end)
                if content:
                    add(_source_before(text, ss, cs), cue, [content], conf_base, lemma)
                continue
            if text[ce : ce + 2] == ", " and ce < body_end - 10:
                # "Der Minister sagte, die Lage sei ernst."
                content = _trim(text, ce + 2, body_end)
                src = _source_before(text, ss, cs)
                if content and src:
                    add(src, cue, [content], conf_base - 0.1, lemma)
                continue
            head = text[ss:cs].rstrip()
            if head.endswith(",") and cs - ss > 10:
                # "Die Lage ist ernst, sagte der Minister."
                content = _trim(text, ss, len(head) + ss - 1)
                src = _source_after(text, verb_end, speaker_end)
                if content and src and not _object_after_cue(text, src, language):
                    add(src, cue, [content], conf_base - 0.05, lemma)
        for m in acc_re.finditer(text, ss, se):
            if quotes.containing(m.start()):
                continue
            src = _source_after(text, m.end(), se)
            if src is not None and language == "de" and "," not in text[m.end() : src[1] + 1]:
                # "Laut Polizei wurden ...": German nouns are capitalised, the verb is not.
                src = _capitalised_run(text, m.end(), se)
            if src is None:
                continue
            cue = (m.start(), m.end())
            if text[ss : m.start()].strip(" ,"):
                content = _trim(text, ss, m.start())
            else:
                content = _trim(text, src[1], body_end)
            if content:
                add(src, cue, [content], 0.6, m.group(1).lower())
        for word in lex.source_after_comma:
            # "Die Lage sei ernst, so der Minister." -- the source is a short noun phrase
            # (an article or a name first) that ends the sentence or its clause
            pat = re.compile(rf",\s+({re.escape(word)})\s+(?=[A-ZÄÖÜ]|(?:der|die|das|ein|eine)\b)")
            for m in pat.finditer(text, ss, se):
                if quotes.containing(m.start(1)):
                    continue
                src = _source_after(text, m.end(1), se)
                content = _trim(text, ss, m.start())
                if src is None or content is None or len(_WORD.findall(text[src[0] : src[1]])) > 8:
                    continue
                add(src, (m.start(1), m.end(1)), [content], 0.6, word.lower())
        if after_re is not None:
            for m in after_re.finditer(text, ss, se):
                # "Dem Bericht zufolge ..." / "..., Polizeiangaben zufolge."
                src = _source_before(text, ss, m.start())
                if src is None:
                    continue
                rest = _trim(text, m.end(), body_end)
                content = rest if rest else _trim(text, ss, src[0])
                if content:
                    add(src, (m.start(), m.end()), [content], 0.55, m.group(1).lower())
    out.sort(key=lambda a: a.cue[0][0])
    return _without_nested_cues(out)


def _without_nested_cues(found: list[Attribution]) -> list[Attribution]:
    """Drop an attribution repeated with a cue inside another's: "Как сообщил" is matched
    as a whole phrase and its verb "сообщил" as a cue of its own, with one speaker and
    one statement; the reader should see one attribution, with the longer cue."""
    kept: list[Attribution] = []
    for a in found:
        (cs, ce) = a.cue[0]
        inner = any(
            b is not a
            and b.source == a.source
            and b.content == a.content
            and b.cue[0][0] <= cs
            and ce <= b.cue[0][1]
            and b.cue[0] != a.cue[0]
            for b in found
        )
        if not inner:
            kept.append(a)
    return kept


#: Articles that only begin an object: after a cue they cannot begin its speaker, who is
#: the subject ("..., sagte der Minister"). German marks the case on the article.
_OBJECT_ARTICLES = {"de": frozenset({"einen", "den"})}


def _object_after_cue(text: str, src: Span, language: str) -> bool:
    """The phrase after a cue is the cue verb's object ("Die Partei, das Mouvement des
    Rives, fordert einen Ausschuss"): the comma before the cue closed an apposition of the
    subject, not a reported clause, so there is no inverted attribution."""
    first = _WORD.match(text, src[0])
    return first is not None and first.group(0).lower() in _OBJECT_ARTICLES.get(language, ())


def _particle(text: str, verb_end: int, sent_end: int, particles: Sequence[str]) -> Span | None:
    """The separable particle that closes the verb's clause ("teilte am Montag mit, dass"):
    one of ``particles``, the last words before the next comma, colon or the sentence end,
    at most eight words after the verb."""
    m = re.search(r"[,:;.!?]|\s[—–]\s", text[verb_end:sent_end])
    stop = verb_end + m.start() if m else sent_end
    clause = text[verb_end:stop].rstrip()
    if len(_WORD.findall(clause)) > 8:
        return None
    for particle in particles:
        found = re.search(r"(?<!\w)" + re.escape(particle) + r"$", clause, re.IGNORECASE)
        if found:
            return (verb_end + found.start(), verb_end + found.end())
    return None


def _capitalised_run(text: str, start: int, end: int) -> Span | None:
    """Articles and capitalised words right after ``start`` (a German noun phrase)."""
    pos = start
    last = None
    quoted = False  # inside a quoted name ("der Zeitung „L'Écho de Sarrelune“")
    for m in re.finditer(r"\s*([„“\"«»‚]?)([\w'’\-]+)([“”\"«»‘]?)", text[start:end]):
        if start + m.start() != pos:
            break  # the words must follow each other
        opens, word, closes = m.groups()
        quoted = quoted or bool(opens)
        if (
            quoted
            or word[:1].isupper()
            or word.lower() in ("der", "die", "das", "des", "dem", "den", "von")
        ):
            pos = start + m.end()
            if word[:1].isupper() or quoted:
                last = pos
            if closes:
                quoted = False
            continue
        break
    if last is None:
        return None
    return _trim(text, start, last)


def _with_auxiliaries(text: str, sent_start: int, cue_start: int, lex: RuleLexicon) -> int:
    """Move a cue's start back over auxiliaries and negation right before it."""
    aux = {a.lower() for a in lex.auxiliaries}
    pos = cue_start
    while True:
        m = re.search(r"([\w'’]+)\s+$", text[sent_start:pos])
        if not m or m.group(1).lower() not in aux:
            return pos
        pos = sent_start + m.start(1)


def _hedges(text: str, cue: Span, content: tuple[Span, ...], lex: RuleLexicon) -> tuple[str, ...]:
    words = {w.lower() for w in lex.hedges}
    found = [w.lower() for w in _WORD.findall(text[cue[0] : cue[1]]) if w.lower() in words]
    if content:
        s, e = content[0]
        found += [w.lower() for w in _WORD.findall(text[s : min(e, s + 200)]) if w.lower() in words]
    return tuple(dict.fromkeys(found))
