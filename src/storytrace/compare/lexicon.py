"""Hedge, negation, event and nationality cues for comparing claims (en/fr/de/es/ru/pt).

Hedges here are hedges on the *proposition* (modal verbs, "reportedly", the French
conditional of "pouvoir/avoir/être"), not the attribution cue: "X said Y may happen" and
"Y may happen" carry the same hedge. Words that only look modal are left out where they
mostly are not ("would" is future-in-the-past in reported speech; German "soll" is a
schedule unless a perfect infinitive follows, see :func:`hedges_in`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from storytrace.trace.lexicon import HEDGE_WORDS as _TRACE_HEDGES

_EN_HEDGES = (_TRACE_HEDGES - {"would", "likely", "probably"}) | {
    "likely",
    "unlikely",
    "probably",
    "rumored",
    "rumoured",
    "alleged",
    "purported",
    "unconfirmed",
    # "it remains uncertain if Ukraine will accept": the proposition is left open
    "uncertain",
    "unclear",
}
HEDGES: dict[str, frozenset[str]] = {
    "en": frozenset(_EN_HEDGES),
    "fr": frozenset(
        """
        pourrait pourraient aurait auraient serait seraient devrait devraient
        prétendument apparemment probablement vraisemblablement peut-être présumé présumée
        présumés supposé supposée
        """.split()
    ),
    "de": frozenset(
        """
        angeblich offenbar offenbarer möglicherweise vermutlich wahrscheinlich könnte könnten
        dürfte dürften mutmaßlich eventuell vielleicht
        """.split()
    ),
    "es": frozenset(
        """
        supuestamente presuntamente aparentemente posiblemente probablemente podría podrían
        habría habrían quizás quizá
        """.split()
    ),
    "pt": frozenset(
        """
        supostamente alegadamente aparentemente possivelmente provavelmente poderia poderiam
        teria teriam talvez
        """.split()
    ),
    "ru": frozenset("якобы предположительно возможно вероятно может могут мог могли могла".split()),
}
#: German reportative "soll(en)": a hedge only with a perfect infinitive ("soll ... gewusst
#: haben"); "soll 72 Stunden dauern" is a schedule.
_DE_SOLL = re.compile(r"\b(soll|sollen)\b(?P<rest>[^.;:]*?)\b(\w+(?:t|en))\s+(haben|sein)\b", re.I)

NEGATIONS: dict[str, frozenset[str]] = {
    "en": frozenset("not n't no never none nobody nothing neither nor cannot without".split()),
    "fr": frozenset("ne n' pas jamais aucun aucune rien personne nullement sans".split()),
    "de": frozenset(
        "nicht kein keine keinen keinem keiner keines nie niemals nichts niemand ohne".split()
    ),
    "es": frozenset("no nunca ningún ninguna ninguno nada nadie jamás sin".split()),
    "pt": frozenset("não nunca nenhum nenhuma nada ninguém jamais sem".split()),
    "ru": frozenset("не нет никогда ни ничего никто без".split()),
}
#: Negations that are part of a fixed phrase and do not negate the claim.
NEGATION_PHRASES = (
    "not to be named",
    "not be named",
    "not want to be named",
    "not wish to be named",
    "not authorized",
    "not authorised",
    "nicht namentlich",
    "no doubt",
    "not only",
    "nothing but",
    "nothing else but",
    "rien que",
    "nichts als",
    "nada más que",
    "nicht nur",
    "non seulement",
    "no solo",
    "não só",
    "sans doute",
    "ne ... que",
)

#: Event classes whose participants are winner (agent) and loser (patient).
#: Verbs: subject wins. Loss verbs/nouns: subject or "of X" loses.
WIN_VERBS = frozenset(
    "win beat defeat rout overcome overpower crush vanquish outplay "
    "gagner battre vaincre remporter l'emporter écraser "
    "gewinnen besiegen schlagen siegen "
    "ganar vencer derrotar".split()
)
LOSS_VERBS = frozenset(
    "lose suffer face sustain incur perdre subir verlieren erleiden perder sufrir".split()
)
LOSS_NOUNS = frozenset(
    "loss losses defeat setback rout retreat collapse "
    "perte pertes défaite revers déroute recul "
    "verlust verluste niederlage rückschlag "
    "pérdida pérdidas derrota revés".split()
)
WIN_NOUNS = frozenset("victory win triumph victoire sieg erfolg victoria".split())
#: Every event word maps to one class so that "X won against Y" and "Y's defeat" compare.
DEFEAT_EVENT = "defeat"

#: Nationality adjectives and country names -> one key per country (en/fr/de/es/pt/ru
#: stems). Counted as entities so that "the Russian army" and "Russia's forces" match.
_COUNTRIES = {
    "russia": "russia russian russians russie russe russes russland russisch russischen "
    "russische russischer rusia ruso rusa rusos rusas rússia russo russa россия российский "
    "российские русские",
    "ukraine": "ukraine ukrainian ukrainians ukrainien ukrainienne ukrainiens ukrainiennes "
    "ukrainisch ukrainischen ukrainische ukrainischer ucrania ucraniano ucraniana "
    "ucranianos ucrânia украина украинский украинские",
    "united states": "u.s. usa america american americans américain américaine "
    "américains états-unis usa amerikanisch amerikanischen amerikanische "
    "estados unidos estadounidense norteamericano",
    "united kingdom": "uk u.k. britain british royaume-uni britannique großbritannien "
    "britisch britischen reino unido británico",
    "germany": "germany german germans allemagne allemand allemande allemands deutschland "
    "deutsch deutschen deutsche deutscher alemania alemán alemana alemanha",
    "france": "france french français française frankreich französisch französischen "
    "französische francia francés francesa frança",
    "china": "china chinese chine chinois chinoise chinesisch chinesischen chino china",
    "israel": "israel israeli israelis israélien israélienne israelisch israelí",
    "iran": "iran iranian iranien iranienne iranisch iraní",
    "poland": "poland polish pologne polonais polen polnisch polonia polaco",
    "norway": "norway norwegian norwegians norvège norvégien norvégienne norwegen norwegisch "
    "norwegischen noruega noruego",
    "sweden": "sweden swedish swede swedes suède suédois suédoise schweden schwedisch "
    "schwedischen suecia sueco",
    "finland": "finland finnish finlande finlandais finnland finnisch finlandia",
    "denmark": "denmark danish danemark danois dänemark dänisch dinamarca",
    "netherlands": "netherlands dutch pays-bas néerlandais niederlande niederländisch",
    "belgium": "belgium belgian belgique belge belgien belgisch bélgica",
    "spain": "spain spanish espagne espagnol espagnole spanien spanisch españa español",
    "italy": "italy italian italie italien italienne italien italienisch italia italiano",
    "portugal": "portugal portuguese portugais portugiesisch portugués português",
    "greece": "greece greek grèce grec grecque griechenland griechisch grecia griego",
    "turkey": "turkey turkish turquie turc turque türkei türkisch turquía turco",
    "syria": "syria syrian syrie syrien syrienne syrien syrisch siria sirio",
    "iraq": "iraq iraqi irak irakien irakisch iraquí",
    "lebanon": "lebanon lebanese liban libanais libanon libanesisch líbano",
    "egypt": "egypt egyptian égypte égyptien ägypten ägyptisch egipto egipcio",
    "india": "india indian inde indien indienne indien indisch indio",
    "pakistan": "pakistan pakistani pakistanais pakistanisch paquistaní",
    "japan": "japan japanese japon japonais japanisch japón japonés",
    "korea": "korea korean corée coréen koreanisch coreano",
    "taiwan": "taiwan taiwanese taïwan taïwanais taiwanisch taiwanés",
    "canada": "canada canadian canadien canadienne kanada kanadisch canadiense",
    "mexico": "mexico mexican mexique mexicain mexiko mexikanisch méxico mexicano",
    "brazil": "brazil brazilian brésil brésilien brasilien brasilianisch brasil brasileño",
    "argentina": "argentina argentine argentinian argentin argentinien argentinisch argentino",
    "belarus": "belarus belarusian biélorussie biélorusse weißrussland belarussisch",
    "georgia": "georgian géorgie géorgien georgien georgisch",
    "armenia": "armenia armenian arménie arménien armenien armenisch",
    "azerbaijan": "azerbaijan azerbaijani azerbaïdjan azerbaïdjanais aserbaidschan",
    "hungary": "hungary hungarian hongrie hongrois ungarn ungarisch hungría",
    "romania": "romania romanian roumanie roumain rumänien rumänisch rumanía",
    "serbia": "serbia serbian serbie serbe serbien serbisch",
    "palestine": "palestine palestinian palestinien palestinienne palästina palästinensisch",
    "saudi arabia": "saudi saoudien saoudienne saudisch saudí",
    "nigeria": "nigeria nigerian nigérian nigerianisch",
    "south africa": "south-african sud-africain südafrikanisch sudafricano",
    "australia": "australia australian australie australien australienne australisch",
    "nato": "nato otan",
    "european union": "eu e.u. ue",
}
#: One word -> country key (multi-word names such as "états-unis" are hyphenated words).
COUNTRY_OF: dict[str, str] = {w: k for k, ws in _COUNTRIES.items() for w in ws.split()}
for _w in ("estados", "unidos", "reino", "unido"):
    COUNTRY_OF.pop(_w, None)

_WORD = re.compile(r"[\w'’-]+", re.UNICODE)


@lru_cache(maxsize=200_000)
def fold(s: str) -> str:
    """Lower-case, accents stripped, apostrophes unified: the key for cross-text matching."""
    s = unicodedata.normalize("NFKD", s.replace("’", "'"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


#: Texts whose pieces are cached: a story's claims and clauses come back in every one of
#: its version pairs (190 for 20 versions), so each is cut and scanned once.
TEXT_CACHE = 16384


@lru_cache(maxsize=TEXT_CACHE)
def words(text: str) -> tuple[tuple[str, int, int], ...]:
    """(word, start, end) of every word of ``text`` (shared, so a tuple)."""
    return tuple((m.group(0), m.start(), m.end()) for m in _WORD.finditer(text))


def hedges_in(text: str, language: str) -> list[tuple[str, int, int]]:
    """Hedge cues of ``text`` as (word, start, end), lower-cased."""
    lex = HEDGES.get(language, HEDGES["en"])
    toks = words(text)
    out = [
        (w.lower(), s, e)
        for k, (w, s, e) in enumerate(toks)
        if w.lower() in lex
        # "could not be closed", "could no longer walk" is inability, not a hedge
        and not (
            language == "en"
            and w.lower() == "could"
            and k + 1 < len(toks)
            and toks[k + 1][0].lower() in ("not", "never", "no", "barely", "hardly", "scarcely")
        )
        and not (language == "en" and w == "May" and _month_may(toks, k))
    ]
    if language == "de":
        for m in _DE_SOLL.finditer(text):
            out.append((m.group(1).lower(), m.start(1), m.end(1)))
    if language == "en":
        for m in _EN_REPORTATIVE.finditer(text):
            out.append((m.group(0).lower(), m.start(), m.end()))
    return sorted(out, key=lambda h: h[1])


#: Impersonal reporting, which hedges like "reportedly": "it is (also) reported that ...",
#: "X is said / believed / thought to ...".
_EN_REPORTATIVE = re.compile(
    r"\bit\s+(?:is|was)\s+(?:also\s+|widely\s+)?(?:reported|believed|rumou?red|thought|alleged)"
    r"\s+that\b|\b(?:is|are|was|were)\s+(?:said|believed|thought|reported|rumou?red)\s+to\b",
    re.IGNORECASE,
)


def _month_may(toks: tuple[tuple[str, int, int], ...], k: int) -> bool:
    """Whether "May" at token ``k`` is the month: capitalised inside a sentence ("in
    May"), or before a day or year ("May 5", "May 2024")."""
    return k > 0 or (k + 1 < len(toks) and toks[k + 1][0].isdigit())


def negations_in(text: str, language: str) -> list[tuple[str, int, int]]:
    """Negation cues of ``text`` that negate something (fixed phrases left out)."""
    return list(_negations_in(text, language))


@lru_cache(maxsize=TEXT_CACHE)
def _negations_in(text: str, language: str) -> tuple[tuple[str, int, int], ...]:
    lex = NEGATIONS.get(language, NEGATIONS["en"])
    low = text.lower()
    masked: list[tuple[int, int]] = []
    for phrase in NEGATION_PHRASES:
        start = 0
        while (i := low.find(phrase, start)) >= 0:
            masked.append((i, i + len(phrase)))
            start = i + 1
    out = []
    for w, s, e in words(text):
        lw = w.lower().replace("’", "'")
        hit = lw in lex or (lw.endswith("n't") and "n't" in lex)
        if language == "fr" and lw.startswith("n'"):
            hit = True
        if hit and not any(ms <= s < me for ms, me in masked):
            out.append((lw, s, e))
    if language == "fr":
        # "ne ... pas" counts once: keep the second part when both are there
        seconds = [n for n in out if n[0] not in ("ne", "n'") and not n[0].startswith("n'")]
        if seconds:
            out = seconds
    return tuple(out)


_IRREGULAR_SPEECH = frozenset("said told wrote spoke says tells writes saying telling".split())


def speech_forms(language: str) -> frozenset[str]:
    """Inflected reporting verbs of ``language`` (lower-case), from the trace lexicons."""
    return _speech_forms(language)


def speech_word_starts(text: str, language: str, extra: frozenset[str] = frozenset()) -> list[int]:
    """Offsets of the words of ``text`` that are reporting verb forms (or in ``extra``);
    some are nouns too ("call", "post"), which a caller with a parse can rule out."""
    forms = speech_forms(language) | extra
    return [s for w, s, _ in words(text) if w.lower() in forms]


def _speech_forms_impl(language: str) -> frozenset[str]:
    if language == "en":
        from storytrace.trace.lexicon import SPEECH

        out = set(_IRREGULAR_SPEECH)
        for lemma in SPEECH:
            base = lemma[:-1] if lemma.endswith("e") else lemma
            out |= {lemma, lemma + "s", base + "ed", base + "ing", lemma + "d"}
            if lemma.endswith("y"):
                out |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
        return frozenset(out)
    from storytrace.trace.rules_lexicon import LEXICONS

    lex = LEXICONS.get(language)
    if lex is None:
        return frozenset()
    return frozenset(w.lower() for w in lex.speech)


_speech_forms = lru_cache(maxsize=16)(_speech_forms_impl)


def _spacy_stop_words(language: str) -> frozenset[str]:
    """spaCy's stop-word list for ``language``, read from its ``stop_words.py`` alone.

    Importing ``spacy.lang.<language>.stop_words`` runs the language package first, and
    French builds its tokenizer exceptions there: about 6 s at every start of a process
    that compares stories, for a list of words."""
    import importlib.util

    if not language.isalpha():
        return frozenset()
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    for root in spec.submodule_search_locations:
        path = Path(root) / "lang" / language / "stop_words.py"
        if not path.is_file():
            continue
        file_spec = importlib.util.spec_from_file_location(f"_spacy_stop_words_{language}", path)
        if file_spec is None or file_spec.loader is None:
            continue
        module = importlib.util.module_from_spec(file_spec)
        file_spec.loader.exec_module(module)
        return frozenset(getattr(module, "STOP_WORDS", ()))
    return frozenset()


@lru_cache(maxsize=16)
def stop_words(language: str) -> frozenset[str]:
    """Function words of ``language`` (spaCy's lists, which need no model), folded."""
    words_ = set(_spacy_stop_words(language))
    words_ |= {"said", "says", "say", "told", "added", "reported", "according"}
    return frozenset(fold(w) for w in words_)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A crude cross-form key: folded, elided article cut ("l'opposition"), one suffix
    off, at most 7 letters ("injuries" = "injury", "days" = "day")."""
    w = fold(word).strip("'")
    if "'" in w[:3]:
        w = w.split("'", 1)[1]
    for suffix in ("ies", "es", "s", "ed", "ing", "ly", "en", "e"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    return w[:7]


#: Time-of-day and calendar words: dates, compared as dates, not as content.
TIME_WORDS = frozenset(
    """
    morning afternoon evening night tonight today yesterday tomorrow week weekend month year
    matin soir soiree nuit aujourd'hui hier demain semaine mois annee
    morgen morgens abend abends nacht heute gestern woche monat jahr
    manana tarde noche hoy ayer semana mes ano
    """.split()
)


def content_words(text: str, language: str) -> list[tuple[str, int, int]]:
    """(stem, start, end) of the words that carry content: no function words, digits,
    elided articles, weekday/month or time-of-day words."""
    return list(_content_words(text, language))


@lru_cache(maxsize=65536)
def _content_words(text: str, language: str) -> tuple[tuple[str, int, int], ...]:
    # cached: every claim is compared with many others in a story
    from storytrace.compare.numbers import is_date_word

    stops = stop_words(language)
    out = []
    for w, s, e in words(text):
        f = fold(w).strip("'")
        if "'" in f[:3]:
            f = f.split("'", 1)[1]
        if len(f) < 2 or f in stops or f.isdigit() or f in TIME_WORDS or is_date_word(f):
            continue
        out.append((stem(f), s, e))
    return tuple(out)


def vocabulary(text: str, language: str) -> set[str]:
    return set(_vocabulary(text, language))


@lru_cache(maxsize=16384)
def _vocabulary(text: str, language: str) -> frozenset[str]:
    return frozenset(w for w, _, _ in content_words(text, language))


def clear_caches() -> None:
    """Forget cached words and stems (for honest timings, or to free memory)."""
    for f in (_content_words, _vocabulary, fold, stem):
        f.cache_clear()


def is_question(text: str) -> bool:
    """Whether a sentence asks: one question mark, at its end (text dumps that lost their
    encoding write "?" for quotation marks and apostrophes: "it was an ?earthquake?",
    "Obama?s")."""
    text = text.rstrip(" \"'”’»)")
    return text.endswith(("?", "？")) and text.count("?") + text.count("？") == 1
